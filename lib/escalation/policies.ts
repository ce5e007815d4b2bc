// Escalation policies: create, list, read, change, delete (refused while a service uses one), and
// a service's policy. The API routes and `ops policies` / `ops services update` call these.
import type { Db } from '@/lib/db/client'
import { AppError, invalidField, notFound } from '@/lib/errors'
import { MAX_ID_LENGTH, newId } from '@/lib/ids'
import { type CreatePolicyInput, type EscalationPolicy, type Step, type UpdatePolicyInput } from '@/lib/schemas/escalation'
import { stepsOf } from './steps'
import * as store from './store/policies'
import { existingScheduleIds } from './targets'

function toPolicy(row: store.PolicyRow, serviceIds: string[]): EscalationPolicy {
  return {
    id: row.id,
    name: row.name,
    steps: stepsOf(row),
    repeat: row.repeat,
    serviceIds,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

async function servicesByPolicy(db: Db): Promise<Map<string, string[]>> {
  const byPolicy = new Map<string, string[]>()
  for (const s of await store.servicePolicies(db)) {
    const list = byPolicy.get(s.escalationPolicyId!) ?? []
    list.push(s.id)
    byPolicy.set(s.escalationPolicyId!, list)
  }
  return byPolicy
}

/** Every target names an existing user or schedule; otherwise a 422 on `steps` saying which target (1-based). */
async function checkTargets(db: Db, steps: Step[]): Promise<void> {
  const ids = (type: 'user' | 'schedule') => [...new Set(steps.flatMap((s) => s.targets.filter((t) => t.type === type).map((t) => t.id)))]
  const users = new Set((await store.usersByIds(db.read, ids('user'))).map((u) => u.id))
  const schedules = new Set(await existingScheduleIds(db, ids('schedule')))
  steps.forEach((step, i) =>
    step.targets.forEach((t, j) => {
      const known = t.type === 'user' ? users.has(t.id) : schedules.has(t.id)
      if (!known) throw invalidField('steps', `step ${i + 1}, target ${j + 1}: no ${t.type} with id ${t.id}`)
    }),
  )
}

async function load(db: Db, id: string): Promise<store.PolicyRow> {
  const row = id && id.length <= MAX_ID_LENGTH ? await store.findPolicyRow(db.read, id) : null
  if (!row) throw notFound('escalation policy')
  return row
}

export async function listPolicies(db: Db): Promise<EscalationPolicy[]> {
  const [rows, byPolicy] = await Promise.all([store.listPolicyRows(db), servicesByPolicy(db)])
  return rows.map((r) => toPolicy(r, byPolicy.get(r.id) ?? []))
}

export async function getPolicy(db: Db, id: string): Promise<EscalationPolicy> {
  const row = await load(db, id)
  return toPolicy(row, (await servicesByPolicy(db)).get(row.id) ?? [])
}

export async function createPolicy(db: Db, input: CreatePolicyInput, now = new Date()): Promise<EscalationPolicy> {
  await checkTargets(db, input.steps)
  const row = await store.insertPolicy(db, {
    id: newId('esc'),
    name: input.name,
    steps: JSON.stringify(input.steps),
    repeat: input.repeat,
    createdAt: now,
    updatedAt: now,
  })
  return toPolicy(row, [])
}

export async function updatePolicy(db: Db, id: string, input: UpdatePolicyInput, now = new Date()): Promise<EscalationPolicy> {
  await load(db, id)
  if (input.steps) await checkTargets(db, input.steps)
  const saved = await store.savePolicy(db, id, {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.steps !== undefined && { steps: JSON.stringify(input.steps) }),
    ...(input.repeat !== undefined && { repeat: input.repeat }),
    updatedAt: now,
  })
  if (!saved) throw notFound('escalation policy')
  return getPolicy(db, id)
}

/** A policy a service uses is not deleted (409): detach it from the service first. */
export async function deletePolicy(db: Db, id: string): Promise<void> {
  if (!id || id.length > MAX_ID_LENGTH) throw notFound('escalation policy')
  const outcome = await store.deletePolicyUnused(db, id)
  if (outcome === 'missing') throw notFound('escalation policy')
  if (outcome === 'in-use') throw new AppError('CONFLICT', 'a service uses this escalation policy: choose another policy (or none) for it first')
}

/** 422 unless `policyId` (when not null) names a policy. */
export async function checkPolicyId(db: Db, policyId: string | null): Promise<void> {
  if (policyId !== null && !(policyId.length <= MAX_ID_LENGTH && (await store.findPolicyRow(db.read, policyId)))) {
    throw invalidField('escalationPolicyId', 'no escalation policy with this id')
  }
}

/** Sets (or, with null, clears) a service's policy: 404 for the service, 422 for an unknown policy. */
export async function setServicePolicy(db: Db, serviceId: string, policyId: string | null): Promise<void> {
  await checkPolicyId(db, policyId)
  if (!(await store.setServicePolicy(db, serviceId, policyId))) throw notFound('service')
}

// Services: what incidents belong to. Created and renamed by admins (dashboard or CLI).
import { serviceNameSchema, type UpdateServiceInput } from '@/lib/schemas/admin'
import { checkPolicyId, setServicePolicy } from '@/lib/escalation/policies'
import type { Db } from '@/lib/db/client'
import { AppError, invalidField, notFound } from '@/lib/errors'
import { newId } from '@/lib/ids'
import { initCounts } from '@/lib/incidents/store'


export interface ServiceRef {
  id: string
  name: string
}

function parseName(name: unknown): string {
  const r = serviceNameSchema.safeParse(name)
  if (!r.success) throw invalidField('name', r.error.issues[0].message)
  return r.data
}

async function assertNameFree(db: Db, name: string, exceptId?: string) {
  const clash = await db.read.service.findUnique({ where: { name }, select: { id: true } })
  if (clash && clash.id !== exceptId) throw new AppError('CONFLICT', `a service named "${name}" already exists`)
}

export async function createService(db: Db, input: { name: unknown }): Promise<ServiceRef> {
  const name = parseName(input.name)
  await assertNameFree(db, name)
  const id = newId('svc')
  await db.transaction(async (tx) => {
    await tx.service.create({ data: { id, name } })
    await initCounts(tx, id)
  })
  return { id, name }
}

export async function renameService(db: Db, id: string, input: { name: unknown }): Promise<ServiceRef> {
  const name = parseName(input.name)
  await assertNameFree(db, name, id)
  return db.transaction(async (tx) => {
    const found = await tx.service.findUnique({ where: { id }, select: { id: true } })
    if (!found) throw notFound('service')
    return tx.service.update({ where: { id }, data: { name }, select: { id: true, name: true } })
  })
}

/** PATCH /api/services/:id: a new name, a new escalation policy, or both (404 first, then 422, then 409). */
export async function updateService(db: Db, id: string, input: UpdateServiceInput): Promise<ServiceRef & { escalationPolicyId: string | null }> {
  const found = id.length <= 64 ? await db.read.service.findUnique({ where: { id }, select: { id: true } }) : null
  if (!found) throw notFound('service')
  if (input.escalationPolicyId !== undefined) await checkPolicyId(db, input.escalationPolicyId)
  if (input.name !== undefined) await renameService(db, id, { name: input.name })
  if (input.escalationPolicyId !== undefined) await setServicePolicy(db, id, input.escalationPolicyId)
  const service = await db.read.service.findUnique({ where: { id }, select: { id: true, name: true, escalationPolicyId: true } })
  if (!service) throw notFound('service')
  return service
}

export async function listServices(db: Db): Promise<ServiceRef[]> {
  return db.read.service.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }], select: { id: true, name: true } })
}

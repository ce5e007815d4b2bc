// Escalation policies and the references they make, through Prisma's model calls (admin traffic
// and one read per fired step: not a hot path).
import type { Db, PrismaDb, Tx } from '@/lib/db/client'

export type PolicyRow = NonNullable<Awaited<ReturnType<Db['read']['escalationPolicy']['findUnique']>>>
type Reader = PrismaDb | Tx

export const listPolicyRows = (db: Db) => db.read.escalationPolicy.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] })
export const findPolicyRow = (reader: Reader, id: string) => reader.escalationPolicy.findUnique({ where: { id } })
export const insertPolicy = (db: Db, data: PolicyRow) => db.transaction((tx) => tx.escalationPolicy.create({ data }))
export const savePolicy = (db: Db, id: string, data: Partial<PolicyRow>) =>
  db.transaction(async (tx) => (await tx.escalationPolicy.updateMany({ where: { id }, data })).count > 0)

/** Deletes a policy unless a service uses it (checked in the same transaction): 'deleted', 'missing' or 'in-use'. */
export const deletePolicyUnused = (db: Db, id: string) =>
  db.transaction(async (tx): Promise<'deleted' | 'missing' | 'in-use'> => {
    if (await tx.service.findFirst({ where: { escalationPolicyId: id }, select: { id: true } })) return 'in-use'
    return (await tx.escalationPolicy.deleteMany({ where: { id } })).count ? 'deleted' : 'missing'
  })

/** Which services use which policy. */
export const servicePolicies = (db: Db) =>
  db.read.service.findMany({ where: { escalationPolicyId: { not: null } }, select: { id: true, escalationPolicyId: true }, orderBy: { name: 'asc' } })

export const usersByIds = (reader: Reader, ids: string[]) =>
  reader.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true, disabledAt: true } })

/** Sets a service's policy; false when there is no such service. */
export const setServicePolicy = (db: Db, serviceId: string, policyId: string | null) =>
  db.transaction(async (tx) => (await tx.service.updateMany({ where: { id: serviceId }, data: { escalationPolicyId: policyId } })).count > 0)

export const scheduleIds = async (reader: Reader, ids: string[]) =>
  (await reader.schedule.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((s) => s.id)

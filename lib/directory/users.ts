// Dashboard users: created by admins (or `ops users create` for the first one).
import { z } from 'zod'
import type { Db } from '@/lib/db/client'
import { AppError, invalidField, notFound } from '@/lib/errors'
import { newId } from '@/lib/ids'
import { PASSWORD_MIN, hashPassword } from '@/lib/auth/passwords'
import { deleteUserSessions } from '@/lib/auth/sessions'
import type { UserSummary } from '@/lib/schemas/admin'
import { roleSchema, type Role } from '@/lib/schemas/enums'

export type { UserSummary }

export const createUserSchema = z.strictObject({
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  name: z.string().trim().min(1, 'must not be empty').max(100),
  role: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), roleSchema),
  password: z.string().min(PASSWORD_MIN).max(1000),
})
export type CreateUserInput = z.input<typeof createUserSchema>

export const updateUserSchema = z
  .strictObject({
    role: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), roleSchema).optional(),
    name: z.string().trim().min(1).max(100).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'must change at least one field' })
export type UpdateUserInput = z.input<typeof updateUserSchema>


const summarySelect = { id: true, email: true, name: true, role: true, disabledAt: true, createdAt: true } as const
const toSummary = (u: { id: string; email: string; name: string; role: string; disabledAt: Date | null; createdAt: Date }): UserSummary => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role as Role,
  disabled: u.disabledAt !== null,
  createdAt: u.createdAt.toISOString(),
})

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input)
  if (!r.success) {
    const issue = r.error.issues[0]
    throw invalidField(String(issue.path[0] ?? 'body'), issue.message)
  }
  return r.data
}

export async function createUser(db: Db, input: CreateUserInput): Promise<UserSummary> {
  const data = parse(createUserSchema, input)
  const taken = await db.read.user.findUnique({ where: { email: data.email }, select: { id: true } })
  if (taken) throw new AppError('CONFLICT', `a user with email ${data.email} already exists`)
  const passwordHash = await hashPassword(data.password)
  const row = await db.transaction((tx) =>
    tx.user.create({ data: { id: newId('usr'), email: data.email, name: data.name, role: data.role, passwordHash }, select: summarySelect }),
  )
  return toSummary(row)
}

export async function updateUser(db: Db, id: string, input: UpdateUserInput): Promise<UserSummary> {
  const data = parse(updateUserSchema, input)
  const row = await db.transaction(async (tx) => {
    const found = await tx.user.findUnique({ where: { id }, select: { disabledAt: true } })
    if (!found) throw notFound('user')
    return tx.user.update({
      where: { id },
      data: {
        role: data.role,
        name: data.name,
        disabledAt: data.disabled === undefined ? undefined : data.disabled ? (found.disabledAt ?? new Date()) : null,
      },
      select: summarySelect,
    })
  })
  // Disabling ends every session at once (resolveSession also refuses disabled users).
  if (data.disabled) await deleteUserSessions(db, id)
  return toSummary(row)
}

export async function listUsers(db: Db, opts: { includeDisabled?: boolean } = {}): Promise<UserSummary[]> {
  const rows = await db.read.user.findMany({
    where: opts.includeDisabled ? {} : { disabledAt: null },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    select: summarySelect,
  })
  return rows.map(toSummary)
}

// Dashboard users: created by admins (or `ops users create` for the first one).
import { z } from 'zod'
import type { Db } from '@/lib/db/client'
import { AppError, invalidField, notFound } from '@/lib/errors'
import { newId } from '@/lib/ids'
import { hashPassword } from '@/lib/auth/passwords'
import { deleteUserSessions } from '@/lib/auth/sessions'
import { createUserSchema, updateUserSchema, type CreateUserInput, type UpdateUserInput, type UserSummary } from '@/lib/schemas/admin'
import type { Role } from '@/lib/schemas/enums'
import { hasScope, type Scope } from '@/lib/schemas/scopes'

export type { UserSummary }


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

/** Changes a user; `by` is the admin asking, who may not lock themselves out. */
export async function updateUser(db: Db, id: string, input: UpdateUserInput, by?: string): Promise<UserSummary> {
  const data = parse(updateUserSchema, input)
  // An admin cannot lock themselves out (and with them, possibly, the last admin).
  if (id === by && (data.disabled || (data.role && data.role !== 'admin'))) {
    throw new AppError('CONFLICT', 'you cannot disable yourself or remove your own admin role')
  }
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

/**
 * The users `scopes` may see: everyone who can read incidents sees who they can assign (id, name,
 * email); admins also see roles and, asked for, disabled accounts (the admin page).
 */
export async function usersVisibleTo(
  db: Db,
  scopes: Scope[],
  opts: { includeDisabled?: boolean } = {},
): Promise<UserSummary[] | { id: string; name: string; email: string }[]> {
  const admin = hasScope(scopes, 'admin')
  const users = await listUsers(db, { includeDisabled: admin && opts.includeDisabled })
  return admin ? users : users.map(({ id, name, email }) => ({ id, name, email }))
}

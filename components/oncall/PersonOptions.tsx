'use client'
import { useUsers } from '@/lib/client/directory'

/** The options of a "who" select: a prompt, then every user by name. */
export function PersonOptions() {
  const users = useUsers()
  return (
    <>
      <option value="">Choose a person…</option>
      {users.data?.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </>
  )
}

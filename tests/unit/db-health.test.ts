import { describe, expect, it, vi } from 'vitest'
import type { Db } from '@/lib/db/client'
import { requireDatabaseAnswers } from '@/lib/db/health'

/** A database whose pings are answered (or refused) when the test says so. */
function fakeDb() {
  const pending: { answer: () => void; refuse: () => void }[] = []
  const $queryRaw = vi.fn(
    () =>
      new Promise((resolve, reject) => {
        pending.push({ answer: () => resolve([{ one: 1 }]), refuse: () => reject(new Error('connection refused')) })
      }),
  )
  return { db: { read: { $queryRaw } } as unknown as Db, $queryRaw, pending }
}

describe('the health check’s database ping', () => {
  it('is shared by the checks that arrive while it is on its way, and sent afresh after', async () => {
    const { db, $queryRaw, pending } = fakeDb()
    const checks = [requireDatabaseAnswers(db), requireDatabaseAnswers(db), requireDatabaseAnswers(db)]
    expect($queryRaw).toHaveBeenCalledTimes(1)
    pending[0]!.answer()
    await expect(Promise.all(checks)).resolves.toBeDefined()

    const later = requireDatabaseAnswers(db)
    expect($queryRaw).toHaveBeenCalledTimes(2)
    pending[1]!.answer()
    await later
  })

  it('fails every check that shared a refused ping with 503, and the next check asks again', async () => {
    const { db, $queryRaw, pending } = fakeDb()
    const checks = [requireDatabaseAnswers(db), requireDatabaseAnswers(db)]
    pending[0]!.refuse()
    for (const c of checks) await expect(c).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' })

    const again = requireDatabaseAnswers(db)
    expect($queryRaw).toHaveBeenCalledTimes(2)
    pending[1]!.answer()
    await again
  })
})

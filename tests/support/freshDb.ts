// A fresh, migrated database of one provider for a system test, closed and removed after the file.
import { createDb, type Db } from '@/lib/db/client'
import { resolveDatabaseUrl, type Provider } from '@/lib/db/config'
import { migrate } from '@/lib/db/migrate'
import { tempDatabaseUrl } from './app'

export async function freshDb(provider: Provider, cleanup: (fn: () => unknown) => void): Promise<Db> {
  const fresh = await tempDatabaseUrl(provider)
  cleanup(fresh.cleanup)
  const target = resolveDatabaseUrl(fresh.url)
  await migrate(target)
  const db = await createDb(target)
  cleanup(() => db.close())
  return db
}

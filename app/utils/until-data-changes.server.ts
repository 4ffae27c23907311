import { getDb, preparedPerConnection, type DB } from '~/db.server'

const versionQuery = preparedPerConnection((db) =>
  db.$client.prepare('SELECT version FROM data_version WHERE id = 1').pluck(),
)

/** The database's data version: it goes up with every write to a table a page can show (ADR 018). */
export function dataVersion(db: DB = getDb()): number {
  return versionQuery(db).get() as number
}

type Entry<V> = { version: number; value: V }

/**
 * A cache of values computed from the database, each kept until the data changes (ADR 018): a
 * value is served again only while the data version is the one read before computing it, and
 * while `stillValid` (for what depends on the clock, such as today's date) says so. The version
 * is read first, so a value is never older than the version it is kept under (a write during
 * the computation only makes the next read recompute). Per connection (a test may open another
 * database in the same process) and per process; at most `size` keys, least recently used out.
 */
export function cacheUntilDataChanges<V>({ size }: { size: number }) {
  const perConnection = new WeakMap<DB, Map<string, Entry<V>>>()
  return function cached(key: string, compute: () => V, stillValid: (value: V) => boolean = () => true): V {
    const db = getDb()
    let entries = perConnection.get(db)
    if (!entries) perConnection.set(db, (entries = new Map()))
    const version = dataVersion(db)
    const hit = entries.get(key)
    entries.delete(key)
    if (hit && hit.version === version && stillValid(hit.value)) {
      entries.set(key, hit)
      return hit.value
    }
    const value = compute()
    entries.set(key, { version, value })
    if (entries.size > size) entries.delete(entries.keys().next().value!)
    return value
  }
}

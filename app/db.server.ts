import { sql } from 'drizzle-orm'
import { closeDatabase, openDatabase, type DB } from '#db/client'
import { env } from './env.server'

declare global {
  var __mroccDb: DB | undefined
}

/** One connection per process (kept across dev reloads), migrated on open (ADR 002). */
export function getDb(): DB {
  globalThis.__mroccDb ??= openDatabase(env().DATABASE_PATH)
  return globalThis.__mroccDb
}

export type { DB }

/** On shutdown: checkpoint and close, so no stale -wal is left beside the file. */
export function closeDb() {
  if (globalThis.__mroccDb) closeDatabase(globalThis.__mroccDb)
  globalThis.__mroccDb = undefined
}

/**
 * Queries built with drizzle and prepared once per connection, then reused on every request
 * (drizzle's query builder costs more than SQLite's answer on hot paths). `prepare` runs the
 * first time a connection asks.
 */
export function preparedPerConnection<T>(prepare: (db: DB) => T): (db?: DB) => T {
  const cache = new WeakMap<DB, T>()
  return (db = getDb()) => {
    let prepared = cache.get(db)
    if (prepared === undefined) {
      prepared = prepare(db)
      cache.set(db, prepared)
    }
    return prepared
  }
}

/**
 * A list of ids as one placeholder of a prepared query (`inArray(column, idList('ids'))`), so a
 * query over any number of ids is prepared once: pass the ids as `JSON.stringify(ids)`.
 */
export function idList(name: string) {
  return sql`(select value from json_each(${sql.placeholder(name)}))`
}

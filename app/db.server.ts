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

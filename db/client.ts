import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { ensureDataVersionTriggers } from './data-version'
import { assertMigrationOrder, MigrationOrderError } from './migration-order'
import * as schema from './schema'

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

export const MIGRATIONS_DIR = path.resolve(process.env.MIGRATIONS_DIR ?? 'db/migrations')

/** A database that cannot be served, with a message for the operator (no stack trace needed). */
export class DatabaseOpenError extends Error {}

/**
 * Opens (creating if needed) the database with the settings of ADR 002, checks it, and migrates it.
 * Refuses, with a message that names the file and what to do, a path that cannot be opened, a
 * damaged file, and migrations that arrived out of order.
 */
const isDamage = (error: unknown) =>
  ['SQLITE_CORRUPT', 'SQLITE_NOTADB'].includes(String((error as { code?: unknown }).code))

function damaged(shown: string, error: unknown) {
  return new DatabaseOpenError(
    `The database at ${shown} is damaged (${(error as Error).message}). Nothing was served. ` +
      'Restore the latest backup with `npm run db:restore -- <backup-file>` (see README, Backup and restore).',
  )
}

export function openDatabase(file: string, { runMigrations = true }: { runMigrations?: boolean } = {}): DB {
  const shown = file === ':memory:' ? file : path.resolve(file)
  let sqlite: Database.Database
  try {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(shown), { recursive: true })
    sqlite = new Database(file)
    // The busy timeout first: a second process may hold the lock while WAL mode is being set.
    sqlite.pragma('busy_timeout = 5000')
    sqlite.pragma('journal_mode = WAL')
  } catch (error) {
    // a damaged schema page can already fail here, before the full check below
    if (isDamage(error)) throw damaged(shown, error)
    throw new DatabaseOpenError(
      `Cannot open the database at ${shown}: ${(error as Error).message}. ` +
        'Check DATABASE_PATH and that the folder exists and is writable by this user.',
    )
  }
  try {
    const check = sqlite.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new Error(String(check))
  } catch (error) {
    sqlite.close()
    throw damaged(shown, error)
  }
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('synchronous = NORMAL')
  const db = drizzle(sqlite, { schema }) as DB
  // Every write transaction takes the write lock when it begins (BEGIN IMMEDIATE), so a second
  // process waits for the busy timeout instead of failing half-way with "database is locked".
  const begin = db.transaction.bind(db)
  db.transaction = ((fn, config) => begin(fn, { behavior: 'immediate', ...config })) as typeof db.transaction
  if (runMigrations) {
    try {
      assertMigrationOrder(sqlite, MIGRATIONS_DIR)
    } catch (error) {
      sqlite.close()
      if (error instanceof MigrationOrderError) throw new DatabaseOpenError(`${shown}: ${error.message}`)
      throw error
    }
    migrate(db, { migrationsFolder: MIGRATIONS_DIR })
    ensureDataVersionTriggers(sqlite)
  }
  return db
}

/** Checkpoints the WAL into the database file and closes: a copied file is then complete. */
export function closeDatabase(db: DB) {
  if (!db.$client.open) return
  db.$client.pragma('wal_checkpoint(TRUNCATE)')
  db.$client.close()
}

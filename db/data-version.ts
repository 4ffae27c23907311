import type Database from 'better-sqlite3'

/**
 * Tables whose writes do not change anything a cached figure shows (ADR 018): written by reading
 * pages or by the app's machinery. Every other table, including any added later, gets the
 * triggers below when the database is opened, so a new table cannot be forgotten.
 */
export const UNVERSIONED_TABLES: Readonly<Record<string, string>> = {
  __drizzle_migrations: 'the migrator’s own record',
  data_version: 'the counter itself',
  audit_log: 'written by every staff view of participant data',
  audit_participant_entries: 'the audit log filed by participant, in batches',
  audit_log_indexed: 'how far the audit log is filed',
  auth_sessions: 'sign-in, sign-out and the activity touch',
  login_attempts: 'sign-in throttling',
  pending_submissions: 'input kept across a lapsed session',
  outbox: 'reminder deliveries',
}

const OPERATIONS = ['insert', 'update', 'delete'] as const

/** The name of the trigger that bumps the data version on `operation` in `table`. */
export const dataVersionTrigger = (table: string, operation: (typeof OPERATIONS)[number]) =>
  `data_version_${operation}_${table}`

/**
 * Makes the insert, update and delete triggers that bump `data_version` for every table not in
 * UNVERSIONED_TABLES that lacks them (in one transaction; nothing is written when none is missing).
 * Run after migrating: a migration that rebuilds a table drops its triggers, and this makes them again.
 */
export function ensureDataVersionTriggers(sqlite: Database.Database) {
  const tables = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'")
    .pluck()
    .all() as string[]
  const made = new Set(sqlite.prepare("select name from sqlite_master where type = 'trigger'").pluck().all())
  const missing = tables
    .filter((table) => !(table in UNVERSIONED_TABLES))
    .flatMap((table) => OPERATIONS.map((operation) => ({ table, operation })))
    .filter(({ table, operation }) => !made.has(dataVersionTrigger(table, operation)))
  // Only reads when every trigger is there: a worker starting while another process holds a long
  // write (the reminder scheduler's run) must not wait for the write lock.
  if (missing.length === 0) return
  sqlite.transaction(() => {
    for (const { table, operation } of missing)
      sqlite.exec(
        `CREATE TRIGGER IF NOT EXISTS "${dataVersionTrigger(table, operation)}" AFTER ${operation.toUpperCase()} ON "${table}" ` +
          'BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END',
      )
  })()
}

import fs from 'node:fs'
import path from 'node:path'
import type Database from 'better-sqlite3'
import { readMigrationFiles } from 'drizzle-orm/migrator'

/**
 * drizzle's migrator applies only migrations newer than the newest one already applied, so a
 * migration that arrives out of order (an older timestamp merged after a newer one ran) would be
 * skipped silently. This finds such migrations so start-up can refuse with a message instead.
 */
export type PendingMigration = { tag: string; when: number; hash: string }

export function outOfOrderMigrations(
  files: readonly PendingMigration[],
  applied: readonly { hash: string; createdAt: number }[],
): PendingMigration[] {
  if (applied.length === 0) return []
  const done = new Set(applied.map((a) => a.hash))
  const newest = Math.max(...applied.map((a) => a.createdAt))
  return files.filter((f) => !done.has(f.hash) && f.when <= newest)
}

export class MigrationOrderError extends Error {}

/** Throws MigrationOrderError naming the skipped migrations; a new (empty) database passes. */
export function assertMigrationOrder(sqlite: Database.Database, migrationsFolder: string) {
  const table = sqlite
    .prepare("select count(*) as n from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .get() as { n: number }
  if (table.n === 0) return
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: { when: number; tag: string }[]
  }
  const tagOf = new Map(journal.entries.map((e) => [e.when, e.tag]))
  const files = readMigrationFiles({ migrationsFolder }).map((m) => ({
    tag: tagOf.get(m.folderMillis) ?? String(m.folderMillis),
    when: m.folderMillis,
    hash: m.hash,
  }))
  const applied = (
    sqlite.prepare('select hash, created_at as createdAt from __drizzle_migrations').all() as {
      hash: string
      createdAt: number | string
    }[]
  ).map((a) => ({ hash: a.hash, createdAt: Number(a.createdAt) }))
  const skipped = outOfOrderMigrations(files, applied)
  if (skipped.length) {
    throw new MigrationOrderError(
      `Migrations out of order: ${skipped.map((s) => s.tag).join(', ')} ${skipped.length === 1 ? 'is' : 'are'} older than ` +
        'the newest migration this database already has, so they would be skipped. Regenerate them with a newer ' +
        'timestamp (npm run db:generate) or apply them by hand, then start again.',
    )
  }
}

import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

/**
 * Backup, verification and restore of the SQLite file (README "Backup and restore").
 * Used by `npm run db:backup` and `npm run db:restore`; nothing here imports the app.
 */

export type Verdict = { ok: true } | { ok: false; reason: string }

/** A file is a usable copy of this app's database: SQLite, intact, with our migrations table. */
export function verifyDatabaseFile(file: string): Verdict {
  if (!fs.existsSync(file)) return { ok: false, reason: `${file} does not exist` }
  let db: Database.Database | undefined
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
    const integrity = db.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') return { ok: false, reason: `integrity check failed: ${String(integrity)}` }
    const migrations = db
      .prepare("select count(*) as n from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
      .get() as { n: number }
    if (migrations.n !== 1) return { ok: false, reason: 'it is not a database of this app (no migrations table)' }
    return { ok: true }
  } catch (error) {
    return { ok: false, reason: `it cannot be read as SQLite (${(error as Error).message})` }
  } finally {
    db?.close()
  }
}

/**
 * Whether another connection (a running server, a script) has the database open. Taking SQLite's
 * exclusive lock fails at once while anyone else holds the file.
 */
export function isInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false
  const db = new Database(file, { fileMustExist: true })
  try {
    db.pragma('busy_timeout = 0')
    db.pragma('locking_mode = EXCLUSIVE')
    db.exec('BEGIN EXCLUSIVE; COMMIT')
    return false
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true
    throw error
  } finally {
    db.close()
  }
}

/** better-sqlite3's largest step: every page that is left */
const ALL_PAGES = 0x7fffffff

/** Consistent online copy through SQLite's backup API (safe while the app serves; WAL included). */
export async function backupDatabase(live: string, out: string, onProgress?: (percent: number) => void) {
  if (fs.existsSync(out)) throw new Error(`${out} already exists; choose a new file name.`)
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true })
  const db = new Database(live, { readonly: true, fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    // Steps of 200 pages, so a long copy shows progress. A write by the server makes SQLite start
    // the copy over from the first page, so under steady writes a stepped copy could restart for
    // ever: after a restart the rest is copied in one step (one consistent read, however busy).
    let remaining = Infinity
    await db.backup(out, {
      progress({ totalPages, remainingPages }) {
        onProgress?.(totalPages ? Math.round(((totalPages - remainingPages) / totalPages) * 100) : 100)
        // a step of 200 pages that left as many or more to copy: the copy started over
        const restarted = remainingPages >= remaining
        remaining = remainingPages
        return restarted ? ALL_PAGES : 200
      },
    })
  } finally {
    db.close()
  }
  const verdict = verifyDatabaseFile(out)
  if (!verdict.ok) throw new Error(`the backup is not usable: ${verdict.reason}`)
}

export class RestoreRefused extends Error {}

/**
 * Replaces the live database with a verified backup. Refuses while the live file is in use.
 * The old database and its -wal/-shm are moved aside together (never deleted), so a stale WAL can
 * never be replayed onto the restored copy. Returns where the old files went.
 */
export function restoreDatabase(backup: string, live: string, now = new Date()): { movedAsideTo: string | null } {
  const verdict = verifyDatabaseFile(backup)
  if (!verdict.ok) throw new RestoreRefused(`Not restoring ${backup}: ${verdict.reason}.`)
  if (path.resolve(backup) === path.resolve(live)) throw new RestoreRefused('The backup is the live database itself.')
  if (isInUse(live)) {
    throw new RestoreRefused(`${live} is in use (is the server running?). Stop the server, then restore again.`)
  }
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  const aside = `${live}.before-restore-${stamp}`
  let movedAsideTo: string | null = null
  if (fs.existsSync(live)) {
    fs.renameSync(live, aside)
    movedAsideTo = aside
  }
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(live + suffix)) fs.renameSync(live + suffix, aside + suffix)
  }
  fs.mkdirSync(path.dirname(path.resolve(live)), { recursive: true })
  fs.copyFileSync(backup, live)
  const restored = verifyDatabaseFile(live)
  if (!restored.ok) throw new Error(`the restored database failed its check: ${restored.reason}`)
  return { movedAsideTo }
}

/**
 * The folders of stored files beside the database (uploaded recordings: their rows are in the
 * database, their bytes are not). `RECORDINGS_DIR` moves the guide recordings' folder.
 */
export function storedFileDirs(databasePath: string, env: Record<string, string | undefined> = process.env) {
  const beside = path.dirname(path.resolve(databasePath))
  return {
    recordings: path.resolve(env.RECORDINGS_DIR ?? path.join(beside, 'recordings')),
    'session-recordings': path.join(beside, 'session-recordings'),
  }
}

/**
 * Copies the files of `from` into `to` that `to` does not have yet (stored files have random
 * names and never change, so a name present is the same file). Returns how many were copied.
 */
export function copyNewFiles(from: string, to: string): number {
  if (!fs.existsSync(from)) return 0
  fs.mkdirSync(to, { recursive: true })
  let copied = 0
  for (const name of fs.readdirSync(from)) {
    const source = path.join(from, name)
    const target = path.join(to, name)
    if (!fs.statSync(source).isFile() || fs.existsSync(target)) continue
    fs.copyFileSync(source, target, fs.constants.COPYFILE_EXCL)
    copied++
  }
  return copied
}

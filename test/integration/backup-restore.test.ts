import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { backupDatabase, isInUse, restoreDatabase, RestoreRefused, verifyDatabaseFile } from '../../db/maintenance'

let dir: string
let live: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrocc-restore-'))
  live = path.join(dir, 'live.db')
  fs.copyFileSync(process.env.TEST_TEMPLATE_DB!, live)
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

function openLive() {
  const db = new Database(live)
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 5000')
  db.exec('create table if not exists load_marks (id integer primary key, note text not null)')
  return db
}

describe('backup and restore', () => {
  test('a backup taken under load holds every write acknowledged before it began, and restores intact', async () => {
    const db = openLive()
    const insert = db.prepare('insert into load_marks (note) values (?)')
    // big enough (about 1,000 pages) to be copied in several steps
    const padding = 'x'.repeat(3000)
    for (let i = 0; i < 1000; i++) insert.run(`before ${i} ${padding}`)
    const acknowledged = (db.prepare('select max(id) as id from load_marks').get() as { id: number }).id
    // the server keeps writing while the backup runs: after every step of the copy, a row small
    // enough to leave the file's size as it is (a restarted copy then shows no growth, only no
    // progress)
    let during = 0
    const backup = path.join(dir, 'backup.db')
    const shown: number[] = []
    await backupDatabase(live, backup, (percent) => {
      shown.push(percent)
      insert.run(`during ${during++}`)
    })
    // every write restarts SQLite's stepped copy; the backup still finishes, and soon: once a
    // step makes no progress, the rest is copied at once
    expect(shown[1]).toBeGreaterThan(0)
    expect(shown.length).toBeLessThan(5)
    expect(during).toBe(shown.length)
    db.close() // the server stops

    const { movedAsideTo } = restoreDatabase(backup, live)
    expect(movedAsideTo).toMatch(/before-restore-/)
    expect(verifyDatabaseFile(live)).toEqual({ ok: true })
    const restored = new Database(live, { readonly: true })
    const ids = new Set((restored.prepare('select id from load_marks').all() as { id: number }[]).map((r) => r.id))
    restored.close()
    for (let id = 1; id <= acknowledged; id++) expect(ids.has(id)).toBe(true)
  })

  test('refuses while the database is in use, and changes nothing', async () => {
    const server = openLive()
    server.prepare("insert into load_marks (note) values ('live')").run()
    const backup = path.join(dir, 'backup.db')
    await backupDatabase(live, backup)
    expect(isInUse(live)).toBe(true)
    expect(() => restoreDatabase(backup, live)).toThrow(RestoreRefused)
    expect(fs.readdirSync(dir).some((f) => f.includes('before-restore'))).toBe(false)
    server.close()
    expect(isInUse(live)).toBe(false)
  })

  test('a stale -wal left by a crashed server is moved aside, never replayed onto the restored copy', async () => {
    const backup = path.join(dir, 'backup.db')
    const first = openLive()
    first.prepare("insert into load_marks (note) values ('in backup')").run()
    first.close()
    await backupDatabase(live, backup)
    // a server that dies without closing: its last writes sit in the -wal
    const crashed = openLive()
    crashed.pragma('wal_autocheckpoint = 0')
    crashed.prepare("insert into load_marks (note) values ('after backup, in wal')").run()
    const wal = fs.readFileSync(`${live}-wal`)
    crashed.close()
    fs.writeFileSync(`${live}-wal`, wal) // as if never checkpointed
    const { movedAsideTo } = restoreDatabase(backup, live)
    // nothing is lost: the old database, moved aside, still holds the write that sat in its WAL
    const old = new Database(movedAsideTo!, { readonly: true })
    expect(old.prepare("select count(*) as n from load_marks where note like 'after backup%'").get()).toEqual({ n: 1 })
    old.close()
    const restored = new Database(live)
    const notes = (restored.prepare('select note from load_marks').all() as { note: string }[]).map((r) => r.note)
    expect(restored.pragma('integrity_check', { simple: true })).toBe('ok')
    restored.close()
    expect(notes).toEqual(['in backup'])
  })

  test('refuses a damaged or foreign backup with a clear reason', () => {
    const junk = path.join(dir, 'junk.db')
    fs.writeFileSync(junk, 'not a database at all'.repeat(100))
    expect(() => restoreDatabase(junk, live)).toThrow(/cannot be read as SQLite|integrity/)
    const foreign = path.join(dir, 'foreign.db')
    new Database(foreign).exec('create table x (a)')
    expect(() => restoreDatabase(foreign, live)).toThrow(/not a database of this app/)
    expect(fs.readdirSync(dir).some((f) => f.includes('before-restore'))).toBe(false)
  })
})

describe('the documented commands', () => {
  test('npm run db:backup and npm run db:restore round-trip a live database', async () => {
    const { execFileSync } = await import('node:child_process')
    const db = openLive()
    db.prepare("insert into load_marks (note) values ('kept by the commands')").run()
    const backup = path.join(dir, 'cli-backup.db')
    const { RECORDINGS_DIR: _elsewhere, ...inherited } = process.env
    const env = { ...inherited, DATABASE_PATH: live }
    // uploaded recordings live beside the database: the backup carries them too
    const recordings = path.join(path.dirname(live), 'recordings')
    fs.mkdirSync(recordings, { recursive: true })
    fs.writeFileSync(path.join(recordings, 'a1b2c3.mp3'), 'ID3 recorded guide')
    execFileSync('npx', ['tsx', 'scripts/backup.ts', backup], { env, stdio: 'pipe' })
    expect(fs.readFileSync(`${backup}.files/recordings/a1b2c3.mp3`, 'utf8')).toBe('ID3 recorded guide')
    fs.rmSync(recordings, { recursive: true })
    // refused while the "server" still has the file open
    expect(() => execFileSync('npx', ['tsx', 'scripts/restore.ts', backup], { env, stdio: 'pipe' })).toThrow()
    db.close()
    const out = execFileSync('npx', ['tsx', 'scripts/restore.ts', backup], { env, stdio: 'pipe' }).toString()
    expect(out).toMatch(/integrity ok/)
    const restored = new Database(live, { readonly: true })
    expect(restored.prepare("select count(*) as n from load_marks where note = 'kept by the commands'").get()).toEqual({
      n: 1,
    })
    restored.close()
    expect(fs.readFileSync(path.join(recordings, 'a1b2c3.mp3'), 'utf8')).toBe('ID3 recorded guide')
  }, 60_000)
})

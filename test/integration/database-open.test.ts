import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { closeDatabase, DatabaseOpenError, openDatabase } from '../../db/client'

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrocc-open-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('opening the database', () => {
  test('a damaged file is refused with a message naming it and what to do', () => {
    const file = path.join(dir, 'damaged.db')
    fs.copyFileSync(process.env.TEST_TEMPLATE_DB!, file)
    // overwrite pages in the middle of the file: the header stays valid, the b-trees do not
    const fd = fs.openSync(file, 'r+')
    const size = fs.fstatSync(fd).size
    fs.writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(size / 2 / 4096) * 4096)
    fs.closeSync(fd)
    let error: unknown
    try {
      openDatabase(file)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(DatabaseOpenError)
    expect((error as Error).message).toContain(file)
    expect((error as Error).message).toMatch(/db:restore/)
  })

  test('a file that is not a database is refused the same way', () => {
    const file = path.join(dir, 'notes.db')
    fs.writeFileSync(file, 'these are not the pages you are looking for '.repeat(200))
    expect(() => openDatabase(file)).toThrow(DatabaseOpenError)
  })

  test('a path that cannot be created gets a clear message, not a stack of SQLite internals', () => {
    const blocker = path.join(dir, 'a-file')
    fs.writeFileSync(blocker, 'x')
    expect(() => openDatabase(path.join(blocker, 'inside', 'mrocc.db'))).toThrow(
      /Cannot open the database at .*a-file\/inside\/mrocc\.db.*DATABASE_PATH/,
    )
  })

  test('closing checkpoints the WAL: the file alone then holds every write', () => {
    const file = path.join(dir, 'live.db')
    const db = openDatabase(file)
    db.$client.exec('create table marks (n integer)')
    for (let i = 0; i < 100; i++) db.$client.prepare('insert into marks values (?)').run(i)
    closeDatabase(db)
    expect(fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0).toBe(0)
    // copy the file alone (what a person restoring by hand would do): nothing is missing
    const copy = path.join(dir, 'copy.db')
    fs.copyFileSync(file, copy)
    const reopened = new Database(copy, { readonly: true })
    expect(reopened.prepare('select count(*) as n from marks').get()).toEqual({ n: 100 })
    reopened.close()
  })

  test('write transactions begin immediately: the lock is taken before any of the work runs', () => {
    const file = path.join(dir, 'locks.db')
    const a = openDatabase(file)
    const b = openDatabase(file)
    a.$client.exec('create table t (n integer)')
    a.$client.exec('BEGIN IMMEDIATE') // another process is writing
    b.$client.pragma('busy_timeout = 50')
    let ran = false
    expect(() =>
      b.transaction(() => {
        ran = true // a deferred transaction would get here, then fail half-way at its first write
      }),
    ).toThrow(/busy|locked/i)
    expect(ran).toBe(false)
    a.$client.exec('COMMIT')
    b.$client.pragma('busy_timeout = 5000')
    b.transaction((tx) => tx.run(sql`insert into t values (1)`))
    expect(a.$client.prepare('select count(*) as n from t').get()).toEqual({ n: 1 })
    closeDatabase(a)
    closeDatabase(b)
  })
})

describe('migrations that arrive out of order', () => {
  test('are refused at start-up with a message, not skipped silently', async () => {
    const { assertMigrationOrder, MigrationOrderError } = await import('../../db/migration-order')
    const file = path.join(dir, 'order.db')
    closeDatabase(openDatabase(file)) // fully migrated
    // A branch merged later brings a migration stamped before the newest one already applied.
    const folder = path.join(dir, 'migrations')
    fs.cpSync(path.resolve('db/migrations'), folder, { recursive: true })
    const journalPath = path.join(folder, 'meta/_journal.json')
    const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8'))
    const newest = Math.max(...journal.entries.map((e: { when: number }) => e.when))
    journal.entries.push({
      idx: journal.entries.length,
      version: '6',
      when: newest - 1000,
      tag: '0099_from_a_branch',
      breakpoints: true,
    })
    fs.writeFileSync(journalPath, JSON.stringify(journal))
    fs.writeFileSync(path.join(folder, '0099_from_a_branch.sql'), 'CREATE TABLE from_a_branch (id integer);')
    const sqlite = new Database(file)
    expect(() => assertMigrationOrder(sqlite, folder)).toThrow(MigrationOrderError)
    expect(() => assertMigrationOrder(sqlite, folder)).toThrow(/0099_from_a_branch/)
    sqlite.close()
    // the real folder is in order
    const ok = new Database(file)
    expect(() => assertMigrationOrder(ok, path.resolve('db/migrations'))).not.toThrow()
    ok.close()
  })
})

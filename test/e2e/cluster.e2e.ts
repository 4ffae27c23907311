import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The production server as a cluster (server.js, WEB_CONCURRENCY=2) on a fresh database: the
 * primary migrates and seeds once before forking, both workers serve, the reminder scheduler runs
 * in a process of its own (new connections never wait for it), a killed worker or scheduler is
 * replaced, and SIGTERM stops everything cleanly (exit 0, no -wal left beside the file).
 * Needs the built server (`npm run build`), like the rest of this suite.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const built = fs.existsSync(path.join(root, 'build/server/index.js'))
if (!built) console.warn('cluster.e2e.ts skipped: build/server/index.js is missing; run `npm run build` first.')

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const value = await check()
    if (value !== undefined) return value
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe.skipIf(!built)('cluster start-up and shutdown (WEB_CONCURRENCY=2)', () => {
  let dir: string
  let databasePath: string
  let base: string
  let server: ChildProcess
  let log = ''
  const readyLines = () => log.split('ready on').length - 1
  /** The scheduler processes started so far, in order. */
  const schedulerPids = () => [...log.matchAll(/mrocc-lms scheduler process (\d+)/g)].map((m) => Number(m[1]))

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrocc-cluster-'))
    databasePath = path.join(dir, 'cluster.db')
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    server = spawn(process.execPath, ['server.js'], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        APP_MODE: 'demo',
        WEB_CONCURRENCY: '2',
        SHOW_WORKER: '1',
        PORT: String(port),
        DATABASE_PATH: databasePath,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    server.stdout!.on('data', (d: Buffer) => (log += d.toString()))
    server.stderr!.on('data', (d: Buffer) => (log += d.toString()))
    await until('two workers ready', () => (readyLines() >= 2 ? true : server.exitCode !== null ? false : undefined))
    expect(server.exitCode, log).toBeNull()
    await until('the scheduler process', () => (schedulerPids().length ? true : undefined))
  })

  afterAll(() => {
    if (server?.exitCode === null) server.kill('SIGKILL')
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  /** The pid of the worker that answered, on a new connection each time (the primary hands out connections). */
  const workerOf = () =>
    new Promise<number>((resolve, reject) => {
      const req = http.get(`${base}/login`, { agent: false }, (res) => {
        res.resume()
        res.on('end', () => resolve(Number(res.headers['x-worker'])))
      })
      // A connection handed to a worker as it is killed is never answered.
      req.setTimeout(2_000, () => req.destroy(new Error('no answer')))
      req.on('error', reject)
    })

  it('migrates and seeds once, in the primary', () => {
    const journal = JSON.parse(fs.readFileSync(path.join(root, 'db/migrations/meta/_journal.json'), 'utf8')) as {
      entries: unknown[]
    }
    // Read-write on purpose: a read-only connection cannot remove the -wal it leaves behind.
    const db = new Database(databasePath)
    try {
      const rows = db.prepare('SELECT hash FROM __drizzle_migrations').all() as { hash: string }[]
      expect(rows).toHaveLength(journal.entries.length)
      expect(new Set(rows.map((r) => r.hash)).size).toBe(rows.length)
      const coordinators = db.prepare("SELECT count(*) AS n FROM users WHERE email = 'coordinator@demo.test'").get()
      expect(coordinators).toEqual({ n: 1 })
      expect(db.prepare('SELECT count(*) AS n FROM programme_settings').get()).toEqual({ n: 1 })
    } finally {
      db.close()
    }
    expect(log.split('Demo programme created').length - 1).toBe(1)
  })

  it('answers from both workers', async () => {
    const pids = new Set(await Promise.all(Array.from({ length: 40 }, () => workerOf())))
    expect(pids.has(0) || pids.has(NaN)).toBe(false)
    expect(pids.size).toBeGreaterThanOrEqual(2)
  })

  it('runs the reminder scheduler in a process of its own, which new connections never wait for', async () => {
    const [scheduler] = schedulerPids()
    const webWorkers = new Set(await Promise.all(Array.from({ length: 20 }, () => workerOf())))
    expect(scheduler).not.toBe(server.pid)
    expect(webWorkers.has(scheduler)).toBe(false)
    await until('the first scheduler run over', () => (log.includes('scheduler: first run over') ? true : undefined))
    // A scheduler run (all alerts derived again) blocks its process. Stopped outright, it must not
    // hold a single new connection: the primary only hands connections to the web workers.
    process.kill(scheduler, 'SIGSTOP')
    try {
      const answered = await Promise.all(Array.from({ length: 10 }, () => workerOf()))
      expect(answered.every((pid) => webWorkers.has(pid))).toBe(true)
    } finally {
      process.kill(scheduler, 'SIGCONT')
    }
  })

  it('replaces a scheduler process that dies', async () => {
    const [first] = schedulerPids()
    process.kill(first, 'SIGKILL')
    const next = await until('another scheduler process', () => schedulerPids().find((pid) => pid !== first))
    expect(() => process.kill(next, 0)).not.toThrow()
    expect(log).toContain(`worker ${first} exited (SIGKILL); starting another`)
  })

  it('replaces a worker that dies', async () => {
    const before = new Set(await Promise.all(Array.from({ length: 20 }, () => workerOf())))
    const [victim] = before
    process.kill(victim, 'SIGKILL')
    const replacement = await until('a new worker answering', async () => {
      const pids = await Promise.all(Array.from({ length: 8 }, () => workerOf().catch(() => victim)))
      return pids.find((p) => !before.has(p))
    })
    expect(replacement).not.toBe(victim)
    expect(log).toMatch(/exited \(SIGKILL\); starting another/)
    expect(readyLines()).toBe(3)
  })

  it('stops on SIGTERM with exit code 0 and no -wal beside the database', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)))
    server.kill('SIGTERM')
    expect(await exited, log).toBe(0)
    expect(fs.existsSync(`${databasePath}-wal`), log).toBe(false)
  })
})

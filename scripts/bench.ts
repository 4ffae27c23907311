/**
 * `npm run bench` (after `npm run build`): the budgets of docs/product.md, measured.
 * Seeds a throw-away database with 1,000 cohorts / 24,000 participants, starts the built
 * server on it, and drives lesson and dashboard pages with 32 concurrent connections on
 * loopback. Prints median and p99 per page and exits 1 when a budget is missed.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { openDatabase } from '../db/client'
import { hashPassword } from '../app/auth/password.server'
import { generateBlocks } from '../app/domain/randomization'
import { addDays } from '../app/domain/schedule'

const COHORTS = Number(process.env.BENCH_COHORTS ?? 1000)
const PER_COHORT = 24
const CONCURRENCY = 32
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000)
const PORT = 3900 + Math.floor(Math.random() * 90)
const PASSWORD = 'bench-password-2026'

async function seed(file: string) {
  const db = openDatabase(file)
  const sqlite = db.$client
  const hash = await hashPassword(PASSWORD)
  const today = new Date().toISOString().slice(0, 10)
  sqlite.transaction(() => {
    const user = sqlite.prepare('INSERT INTO users (role, email, name, password_hash) VALUES (?, ?, ?, ?)')
    user.run('coordinator', 'coordinator@bench.test', 'Bench Coordinator', hash)
    user.run('supervisor', 'supervisor@bench.test', 'Bench Supervisor', hash)
    for (let f = 1; f <= 200; f++) user.run('facilitator', `f${f}@bench.test`, `Facilitator ${f}`, hash)
    sqlite.prepare('INSERT INTO programme_settings (id) VALUES (1)').run()
    const cohort = sqlite.prepare(
      'INSERT INTO cohorts (name, start_date, weekday, start_time, time_zone, status) VALUES (?, ?, ?, ?, ?, ?)',
    )
    const group = sqlite.prepare('INSERT INTO groups (cohort_id, arm, name) VALUES (?, ?, ?)')
    const lead = sqlite.prepare('INSERT INTO group_facilitators (group_id, user_id) VALUES (?, ?)')
    const seq = sqlite.prepare(
      'INSERT INTO allocation_sequence (cohort_id, position, block, block_size, arm, used_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    const person = sqlite.prepare(
      "INSERT INTO participants (study_id, cohort_id, group_id, contact_email, gender, race_ethnicity, language, eligibility_confirmed, consented_at, status) VALUES (?, ?, ?, ?, 'Woman', 'Hispanic or Latino', 'Spanish', 1, ?, 'active')",
    )
    const meeting = sqlite.prepare(
      "INSERT INTO meetings (group_id, week, scheduled_at, status, checkin_minutes, group_minutes) VALUES (?, ?, ?, 'held', 30, 60)",
    )
    const att = sqlite.prepare('INSERT INTO attendance (meeting_id, participant_id, status) VALUES (?, ?, ?)')
    let pid = 0
    for (let c = 1; c <= COHORTS; c++) {
      const weeksAgo = c % 26
      const start = addDays(today, -7 * weeksAgo - 1)
      const cohortId = Number(
        cohort.run(
          `Cohort ${c}`,
          start,
          new Date(`${start}T12:00:00Z`).getUTCDay(),
          '18:00',
          'America/New_York',
          'active',
        ).lastInsertRowid,
      )
      const groupIds: Record<string, number> = {}
      for (const arm of ['mrocc', 'recovery_support']) {
        groupIds[arm] = Number(group.run(cohortId, arm, `${arm === 'mrocc' ? 'Oak' : 'Pine'} ${c}`).lastInsertRowid)
        lead.run(groupIds[arm], ((c * 2 + (arm === 'mrocc' ? 0 : 1)) % 200) + 3)
      }
      const allocations = generateBlocks(48)
      const members: Record<string, number[]> = { mrocc: [], recovery_support: [] }
      for (const a of allocations) {
        const used = a.position <= PER_COHORT
        seq.run(cohortId, a.position, a.block, a.blockSize, a.arm, used ? start : null)
        if (!used) continue
        pid++
        members[a.arm].push(
          Number(person.run(`B-${pid}`, cohortId, groupIds[a.arm], `b${pid}@bench.test`, start).lastInsertRowid),
        )
      }
      for (const arm of ['mrocc', 'recovery_support']) {
        for (let w = 1; w <= Math.min(24, weeksAgo); w++) {
          const m = Number(
            meeting.run(groupIds[arm], w, `${addDays(start, 7 * (w - 1))}T23:00:00.000Z`).lastInsertRowid,
          )
          for (const p of members[arm]) att.run(m, p, (p + w) % 5 === 0 ? 'absent' : 'present')
        }
      }
    }
  })()
  sqlite.close()
}

async function login(base: string, email: string) {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    body: new URLSearchParams({ email, password: PASSWORD }),
    redirect: 'manual',
  })
  const cookie = res.headers.get('set-cookie')?.split(';')[0]
  if (!cookie) throw new Error(`login failed for ${email}: ${res.status}`)
  return cookie
}

async function load(url: string, cookie: string, concurrency = CONCURRENCY, requests = REQUESTS) {
  const times: number[] = []
  const server: number[] = []
  let next = 0
  const worker = async () => {
    while (next < requests) {
      next++
      const t = performance.now()
      const res = await fetch(url, { headers: { cookie } })
      await res.arrayBuffer()
      if (res.status !== 200) throw new Error(`${url} → ${res.status}`)
      times.push(performance.now() - t)
      server.push(Number(/dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? NaN))
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  const pct = (xs: number[], q: number) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]
  return {
    median: pct(server, 0.5),
    p99: pct(server, 0.99),
    clientMedian: pct(times, 0.5),
    throughput: requests / (times.reduce((a, b) => a + b, 0) / concurrency / 1000),
  }
}

async function main() {
  if (!fs.existsSync('build/server/index.js')) throw new Error('Run `npm run build` first.')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrocc-bench-'))
  const file = path.join(dir, 'bench.db')
  let t = Date.now()
  await seed(file)
  console.log(`seeded ${COHORTS} cohorts / ${COHORTS * PER_COHORT} participants in ${Date.now() - t} ms`)

  t = Date.now()
  const server = spawn('node', ['server.js'], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(PORT), DATABASE_PATH: file, STAFF_IDLE_MINUTES: '600' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve, reject) => {
    server.stdout.on('data', (d: Buffer) => d.toString().includes('ready on') && resolve())
    server.on('exit', (code) => reject(new Error(`server exited ${code}`)))
  })
  const base = `http://localhost:${PORT}`
  const first = await fetch(`${base}/login`)
  console.log(`server start to first page: ${Date.now() - t} ms (status ${first.status})`)

  const coordinator = await login(base, 'coordinator@bench.test')
  const facilitator = await login(base, 'f3@bench.test')
  const pages = [
    { name: 'lesson (facilitator guide)', url: `${base}/curriculum/mrocc/10`, cookie: facilitator },
    { name: 'curriculum browser', url: `${base}/curriculum`, cookie: facilitator },
    { name: 'facilitator dashboard (/groups)', url: `${base}/groups`, cookie: facilitator },
    { name: 'cohort progress dashboard', url: `${base}/cohorts/500`, cookie: coordinator },
    { name: 'cohort list (1,000 cohorts)', url: `${base}/cohorts`, cookie: coordinator },
  ]
  let failed = false
  console.log(
    `\n${REQUESTS} requests per page, ${CONCURRENCY} concurrent connections. Server time = request to response headers (Server-Timing); client = loopback latency incl. queueing:`,
  )
  for (const p of pages) {
    await load(p.url, p.cookie) // warm-up
    const one = await load(p.url, p.cookie, 1, 300)
    const r = await load(p.url, p.cookie)
    const ok = r.median < 10 && r.p99 < 50
    failed ||= !ok
    console.log(
      `  ${ok ? 'ok  ' : 'OVER'} ${p.name.padEnd(34)} 32 conns: server median ${r.median.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ~${r.throughput.toFixed(0)} req/s · 1 conn: server median ${one.median.toFixed(1)} ms, p99 ${one.p99.toFixed(1)} ms`,
    )
  }

  const manifest = fs.readdirSync('build/client/assets').filter((f) => f.endsWith('.js'))
  const participantJs = manifest
    .filter((f) => !/^(curriculum|cohorts|groups|admin|participants|settings)/.test(f))
    .reduce((sum, f) => sum + gzipSync(fs.readFileSync(path.join('build/client/assets', f))).length, 0)
  console.log(
    `\nclient JavaScript excluding staff-only route chunks, gzipped: ${(participantJs / 1024).toFixed(1)} KB (budget 150 KB)`,
  )
  failed ||= participantJs > 150 * 1024

  server.kill()
  fs.rmSync(dir, { recursive: true, force: true })
  process.exit(failed ? 1 : 0)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})

/**
 * `npm run bench` (after `npm run build`): every page measured against the framework's floor
 * (ADR 007, issue 16). Builds the app once more with BENCH_ROUTES=1 into build-bench/ (two floor
 * routes: a trivial page, and one that only looks up the session), seeds a throw-away database
 * with 1,000 cohorts / 24,000 participants, starts that build (one worker per core unless
 * WEB_CONCURRENCY says otherwise) and drives each page with a browser's headers, interleaving
 * the pages in rounds because this machine is shared and noisy. Time is measured on the client,
 * to the last byte of the (compressed, not decoded) response.
 *
 * Goal per page: requests per second at 32 connections >= 50% of the floor's, and median time at
 * one connection <= 2x the floor's. Exits 1 when a page misses it or the participant JavaScript
 * budget (150 KB gzipped) is exceeded.
 */
import { execSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
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
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6)
/** Per page and round: requests at 32 connections, then at one connection. */
const BURST = Number(process.env.BENCH_BURST ?? 256)
const SINGLE = Number(process.env.BENCH_SINGLE ?? 40)
const PORT = 3900 + Math.floor(Math.random() * 90)
const PASSWORD = 'bench-password-2026'
const BUILD_DIR = 'build-bench'
/** Cohort c started c % 26 weeks ago: cohort 24 is in week 24. */
const WEEK24_COHORT = 24
const SHARE_GOAL = 0.5
const LATENCY_GOAL = 2

/** What a browser sends (Chrome, not a bot: the page streams as it would for a person). */
const BROWSER = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-encoding': 'gzip, deflate, br',
  'accept-language': 'en-US,en;q=0.9',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
}

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
    // A participant with a sign-in, in a cohort at week 24, for /me.
    const participantUser = user.run('participant', 'p@bench.test', 'Bench Participant', hash).lastInsertRowid
    sqlite
      .prepare('UPDATE participants SET user_id = ? WHERE study_id = ?')
      .run(participantUser, `B-${(WEEK24_COHORT - 1) * PER_COHORT + 1}`)
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

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY })

/** Bytes on the wire of one response (compressed as a browser would receive it). */
function wireSize(url: string, cookie: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: cookie ? { ...BROWSER, cookie } : BROWSER }, (res) => {
        let bytes = 0
        res.on('data', (d: Buffer) => (bytes += d.length))
        res.on('end', () => resolve(bytes))
      })
      .on('error', reject)
  })
}

/** One GET to the last byte; the body is not decoded (a browser's work, not the server's). */
function get(url: string, cookie: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now()
    const req = http.get(url, { agent, headers: cookie ? { ...BROWSER, cookie } : BROWSER }, (res) => {
      res.on('data', () => {})
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`${url} → ${res.statusCode}`))
        else resolve(performance.now() - t)
      })
      res.on('error', reject)
    })
    req.on('error', reject)
  })
}

type Page = { name: string; url: string; cookie?: string; floor?: boolean }
type Tally = { requests: number; ms: number; single: number[]; bytes?: number }

async function burst(p: Page, concurrency: number, requests: number) {
  const times: number[] = []
  let next = 0
  const started = performance.now()
  const worker = async () => {
    while (next < requests) {
      next++
      times.push(await get(p.url, p.cookie))
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return { ms: performance.now() - started, times }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function main() {
  for (const file of ['build/server/index.js', 'build/content/bundle.json'])
    if (!fs.existsSync(file)) throw new Error('Run `npm run build` first.')
  let t = Date.now()
  if (process.env.BENCH_SKIP_BUILD !== '1' || !fs.existsSync(`${BUILD_DIR}/server/index.js`)) {
    execSync('npx remix vite:build', { env: { ...process.env, BENCH_ROUTES: '1' }, stdio: 'ignore' })
    console.log(`bench build (with floor routes) in ${BUILD_DIR}/ in ${Date.now() - t} ms`)
  }
  // BENCH_DB=<file> keeps the seeded database between runs (seeded only when the file is missing).
  const dir = process.env.BENCH_DB ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'mrocc-bench-'))
  const file = process.env.BENCH_DB ? path.resolve(process.env.BENCH_DB) : path.join(dir!, 'bench.db')
  if (!fs.existsSync(file)) {
    t = Date.now()
    await seed(file)
    console.log(`seeded ${COHORTS} cohorts / ${COHORTS * PER_COHORT} participants in ${Date.now() - t} ms`)
  }

  t = Date.now()
  const workers = Number(process.env.WEB_CONCURRENCY || os.availableParallelism())
  const server = spawn('node', ['server.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(PORT),
      BUILD_DIR,
      WEB_CONCURRENCY: String(workers),
      DATABASE_PATH: file,
      STAFF_IDLE_MINUTES: '600',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  // Pages are measured on a settled server: every worker listening and the reminder scheduler's
  // first run over (on a fresh seed it raises some 165,000 alerts, a one-off catch-up that would
  // otherwise take a core and empty the figures' caches while the first pages are measured).
  const schedulerRuns = process.env.REMINDER_SCHEDULER !== 'off'
  let log = ''
  await new Promise<void>((resolve, reject) => {
    server.stdout.on('data', (d: Buffer) => {
      log += d.toString()
      const listening = log.split('ready on').length - 1 >= workers
      if (listening && (!schedulerRuns || log.includes('scheduler: first run over'))) resolve()
    })
    server.on('exit', (code) => reject(new Error(`server exited ${code}`)))
  })
  const firstRun = /scheduler: first run over in (\d+) ms/.exec(log)
  if (firstRun) console.log(`reminder scheduler's first run: ${firstRun[1]} ms`)
  const base = `http://127.0.0.1:${PORT}`
  const first = await fetch(`${base}/login`)
  console.log(`server start to first page: ${Date.now() - t} ms (status ${first.status}), ${workers} worker(s)`)

  const coordinator = await login(base, 'coordinator@bench.test')
  // f3 (user 5) leads the MROCC groups of cohorts 1, 101, …: group 201 is cohort 101's, in week 23.
  const facilitator = await login(base, 'f3@bench.test')
  const participant = await login(base, 'p@bench.test')
  const allPages: Page[] = [
    { name: 'trivial route (floor)', url: `${base}/__bench/floor`, floor: true },
    { name: 'session lookup only', url: `${base}/__bench/session`, cookie: facilitator },
    { name: 'lesson', url: `${base}/curriculum/mrocc/10`, cookie: facilitator },
    { name: '/curriculum', url: `${base}/curriculum`, cookie: facilitator },
    { name: '/groups', url: `${base}/groups`, cookie: facilitator },
    { name: 'cohort dashboard (week 24)', url: `${base}/cohorts/${WEEK24_COHORT}`, cookie: coordinator },
    { name: '/cohorts (1,000 cohorts)', url: `${base}/cohorts`, cookie: coordinator },
    { name: '/me', url: `${base}/me`, cookie: participant },
    { name: 'session screen', url: `${base}/groups/201/weeks/23`, cookie: facilitator },
  ]
  // BENCH_PAGES=<regex> measures only the pages whose name matches (and the floor), while iterating.
  const only = process.env.BENCH_PAGES ? new RegExp(process.env.BENCH_PAGES, 'i') : null
  const pages = allPages.filter((p) => p.floor || !only || only.test(p.name))
  const tally = new Map<Page, Tally>(pages.map((p) => [p, { requests: 0, ms: 0, single: [] }]))
  for (const p of pages) {
    await burst(p, CONCURRENCY, 64) // warm-up
    tally.get(p)!.bytes = await wireSize(p.url, p.cookie)
  }
  console.log(
    `\n${ROUNDS} rounds; each round runs every page (in a rotated order) for ${BURST} requests at ${CONCURRENCY} connections and ${SINGLE} at one connection.`,
  )
  for (let round = 0; round < ROUNDS; round++) {
    const order = pages.map((_, i) => pages[(i + round) % pages.length])
    for (const p of order) {
      const many = await burst(p, CONCURRENCY, BURST)
      const one = await burst(p, 1, SINGLE)
      const t = tally.get(p)!
      t.requests += BURST
      t.ms += many.ms
      t.single.push(...one.times)
    }
    process.stdout.write(`  round ${round + 1}/${ROUNDS} done\n`)
  }

  const floor = tally.get(pages[0])!
  const floorRps = (floor.requests / floor.ms) * 1000
  const floorMs = median(floor.single)
  let failed = false
  const rows = pages.map((p) => {
    const t = tally.get(p)!
    const rps = (t.requests / t.ms) * 1000
    const ms = median(t.single)
    const share = rps / floorRps
    const times = ms / floorMs
    const ok = p.floor || p.url.includes('/__bench/') || (share >= SHARE_GOAL && times <= LATENCY_GOAL)
    failed ||= !ok
    return { p, rps, ms, share, times, ok, kb: (t.bytes ?? 0) / 1024 }
  })
  console.log(
    `\n| page | req/s at 32 conns, share of floor | ms at 1 conn, × floor | response (br) |\n|---|---|---|---|`,
  )
  for (const r of rows)
    console.log(
      `| ${r.p.name} | ${(r.share * 100).toFixed(0)}% (${r.rps.toFixed(0)} req/s) | ${r.times.toFixed(2)} (${r.ms.toFixed(2)} ms) | ${r.kb.toFixed(1)} KB |${r.ok ? '' : ' **under goal**'}`,
    )

  // Participant JavaScript: what one participant page loads (the entry, the root and the route,
  // with the chunks each imports, from Remix's manifest), for the heaviest participant page.
  const manifestFile = fs.readdirSync('build/client/assets').find((f) => /^manifest-.*\.js$/.test(f))!
  type Module = { module: string; imports?: string[] }
  const remixManifest = JSON.parse(
    fs
      .readFileSync(path.join('build/client/assets', manifestFile), 'utf8')
      .replace(/^window\.__remixManifest=/, '')
      .replace(/;$/, ''),
  ) as { entry: Module; routes: Record<string, Module> }
  const gzipped = new Map<string, number>()
  const sizeOf = (asset: string) => {
    if (!gzipped.has(asset)) gzipped.set(asset, gzipSync(fs.readFileSync(path.join('build/client', asset))).length)
    return gzipped.get(asset)!
  }
  const chunksOf = (m: Module) => [m.module, ...(m.imports ?? [])]
  const participantRoutes = Object.keys(remixManifest.routes).filter((id) =>
    /^routes\/(me[._]|login$|invite\.|account)/.test(id),
  )
  const perPage = participantRoutes.map((id) => {
    const chunks = new Set([
      ...chunksOf(remixManifest.entry),
      ...chunksOf(remixManifest.routes.root),
      ...chunksOf(remixManifest.routes[id]),
    ])
    return { id, bytes: [...chunks].reduce((sum, c) => sum + sizeOf(c), 0) }
  })
  const heaviest = perPage.reduce((a, b) => (b.bytes > a.bytes ? b : a))
  const participantJs = heaviest.bytes
  console.log(
    `\nclient JavaScript of the heaviest participant page (${heaviest.id.replace('routes/', '')}: entry, root and route chunks), gzipped: ${(participantJs / 1024).toFixed(1)} KB (budget 150 KB)`,
  )
  failed ||= participantJs > 150 * 1024
  console.log(failed ? 'FAILED: a page is under the goal (or over the JS budget).' : 'Every page meets the goal.')

  agent.destroy()
  server.kill('SIGTERM')
  await new Promise((r) => server.once('exit', r))
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
  process.exit(failed ? 1 : 0)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})

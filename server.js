import cluster from 'node:cluster'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { createRequestHandler } from '@remix-run/express'
import compression from 'compression'
import express from 'express'
import helmet from 'helmet'
import { isStaffOnlyAsset, publicAssets } from './server/asset-gate.js'
import { coalesceWrites } from './server/coalesce-writes.js'
import { isCrossSiteWrite } from './server/csrf.js'

const production = process.env.NODE_ENV === 'production'
const port = Number(process.env.PORT ?? 3000)
// Listen on loopback unless told otherwise: HOST=0.0.0.0 listens on every interface.
const host = process.env.HOST || '127.0.0.1'

// Where the built app lives (the bench builds into its own directory: scripts/bench.ts).
const buildDir = path.resolve(process.env.BUILD_DIR || 'build')
// Worker processes in production: one per core unless told otherwise; 1 serves from this process.
const workerCount = production ? Number(process.env.WEB_CONCURRENCY || os.availableParallelism()) : 1
// Bench and tests only: name the worker that answered (X-Worker), to see requests spread.
const showWorker = process.env.SHOW_WORKER === '1'

if (workerCount > 1 && cluster.isPrimary) await runPrimary()
else if (process.env.MROCC_PROCESS === 'scheduler') await runSchedulerProcess()
else await runServer()

/**
 * The primary prepares the database once (open, check, migrate, demo seed: the top-level work of
 * the server build's entry), closes it, and only then forks the workers, which skip that work:
 * the web workers, and one process for the reminder scheduler. The primary hands every new
 * connection to a web worker, so it does no other work: a scheduler run (a second and a half of
 * deriving alerts at the bench's 24,000 participants, ten seconds for a first run) would hold
 * every new connection that long. A worker that dies is replaced after a short backoff;
 * SIGTERM/SIGINT stop every worker gracefully (each closes its database) and the primary exits 0
 * once they are all gone.
 */
async function runPrimary() {
  const build = await import(path.join(buildDir, 'server/index.js'))
  build.entry.module.closeDatabase?.()
  process.env.MROCC_DATABASE_PREPARED = '1'

  let stopping = false
  let shutdownCode = 0
  let backoff = 100
  const live = new Set()
  const fork = (role = {}) => {
    const worker = cluster.fork(role)
    live.add(worker)
    const born = Date.now()
    worker.on('exit', (code, signal) => {
      live.delete(worker)
      if (stopping) {
        // Exit 0 only when every worker stopped cleanly (closed its database and exited 0).
        if (code !== 0) {
          shutdownCode = 1
          console.error(`mrocc-lms worker ${worker.process.pid} stopped uncleanly (${signal ?? code})`)
        }
        if (live.size === 0) process.exit(shutdownCode)
        return
      }
      // A worker that lived a while was not crash-looping: start the next one at once.
      backoff = Date.now() - born > 10_000 ? 100 : Math.min(backoff * 2, 5_000)
      console.error(`mrocc-lms worker ${worker.process.pid} exited (${signal ?? code}); starting another`)
      setTimeout(() => stopping || fork(role), backoff)
    })
  }
  for (let i = 0; i < workerCount; i++) fork()
  // The reminder scheduler runs once, in a process of its own (all its state is in the database).
  if (process.env.REMINDER_SCHEDULER !== 'off') fork({ MROCC_PROCESS: 'scheduler' })

  for (const signal of ['SIGINT', 'SIGTERM'])
    process.on(signal, () => {
      if (stopping) return
      stopping = true
      if (live.size === 0) process.exit(0)
      for (const worker of live) worker.process.kill('SIGTERM')
      setTimeout(() => process.exit(1), 12_000).unref()
    })
}

/**
 * The cluster's scheduler process: no server, only the reminder scheduler (its runs, which
 * derive every alert from the records, then block no request). Stops on SIGTERM/SIGINT, or when
 * the primary is gone (Node's cluster code then exits the worker), closing its database on the
 * way out.
 */
async function runSchedulerProcess() {
  const { entry } = await import(path.join(buildDir, 'server/index.js'))
  // The scheduler's timer does not hold a process open (a web process must be free to exit);
  // this process exists for it.
  const keepOpen = setInterval(() => {}, 60 * 60_000)
  process.on('exit', () => {
    clearInterval(keepOpen)
    entry.module.stopScheduler?.()
    entry.module.closeDatabase?.()
  })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0))
  console.log(`mrocc-lms scheduler process ${process.pid}`)
  await startScheduler(entry.module)
}

/** Starts the reminder scheduler in this process; says when its first run is over (the bench waits for it). */
async function startScheduler(entryModule) {
  const started = Date.now()
  if (await entryModule.startScheduler?.())
    console.log(`mrocc-lms scheduler: first run over in ${Date.now() - started} ms`)
}

async function runServer() {
  const vite = production
    ? undefined
    : await import('vite').then((v) => v.createServer({ server: { middlewareMode: true } }))

  // Behind a reverse proxy (TRUST_PROXY=true), take the client address and host from the proxy's
  // X-Forwarded-* headers; otherwise from the connection itself, never from what a client sends.
  const trustProxy = process.env.TRUST_PROXY === 'true'

  const app = express()
  app.disable('x-powered-by')
  if (trustProxy) app.set('trust proxy', true)
  // Cheap levels for both encodings: most of the size saving at a fraction of the CPU (bench: scripts/bench.ts).
  // Brotli's quality 0 compresses a whole page about as well as 1 at a fraction of the CPU.
  app.use(compression({ level: 1, brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 0 } } }))
  // Remix's adapter writes a page in dozens of small chunks and flushes after each, which makes the
  // compressor emit (and the socket send) tiny blocks. Hand it what one turn wrote, in one piece.
  app.use((_req, res, next) => {
    coalesceWrites(res)
    next()
  })

  app.use((req, res, next) => {
    // No Server-Timing header: sent with the headers it could only time the work before the body
    // (under half of a page). The bench measures whole responses on the client (ADR 007).
    if (showWorker) res.set('X-Worker', String(process.pid))
    res.set({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      'X-Frame-Options': 'DENY',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    })
    // Our own record of the client address, for login throttling; never trust one sent in.
    req.headers['x-client-address'] = (trustProxy ? req.ip : req.socket.remoteAddress) ?? 'unknown'
    // One id per request: loaders of the same request share one session lookup (session.server.ts).
    req.headers['x-request-id'] = crypto.randomUUID()
    // Pages and loader data (.data) carry participant data: never cached. Static files override this.
    res.set('Cache-Control', 'no-store')
    res.locals.cspNonce = crypto.randomBytes(16).toString('base64')
    const host = (trustProxy && req.get('x-forwarded-host')) || req.get('host')
    if (isCrossSiteWrite(req.method, { origin: req.get('origin'), secFetchSite: req.get('sec-fetch-site'), host })) {
      res.status(403).type('text').send('Cross-site form posts are not accepted.')
      return
    }
    next()
  })

  const build = vite
    ? () => vite.ssrLoadModule('virtual:remix/server-build')
    : await import(path.join(buildDir, 'server/index.js'))

  if (vite) {
    app.use(vite.middlewares)
  } else {
    // A Content-Security-Policy with a per-request nonce for Remix's inline scripts; HSTS only when
    // the request came over HTTPS (directly, or through a trusted proxy).
    app.use(
      helmet({
        contentSecurityPolicy: {
          useDefaults: false,
          directives: {
            'default-src': ["'self'"],
            'script-src': ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
            'style-src': ["'self'", "'unsafe-inline'"],
            'img-src': ["'self'", 'data:'],
            'media-src': ["'self'", 'blob:'],
            'font-src': ["'self'"],
            'connect-src': ["'self'"],
            'object-src': ["'none'"],
            'base-uri': ["'self'"],
            'form-action': ["'self'"],
            'frame-ancestors': ["'none'"],
          },
        },
        strictTransportSecurity: false,
        crossOriginEmbedderPolicy: false,
        referrerPolicy: { policy: 'same-origin' },
      }),
    )
    app.use((req, res, next) => {
      if (req.secure) res.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
      next()
    })
    // Route chunks of staff pages name the programmes and their phases: only signed-in staff get them.
    const openToAll = publicAssets(build.assets)
    app.use('/assets', async (req, res, next) => {
      if (!isStaffOnlyAsset(`/assets${req.path}`, openToAll)) return next()
      const request = new Request(`http://localhost${req.originalUrl}`, {
        headers: { cookie: req.get('cookie') ?? '' },
      })
      if (await build.entry.module.isStaffRequest(request)) return next()
      res.status(404).type('text').send('Not found')
    })
    app.use('/assets', express.static(path.join(buildDir, 'client/assets'), { immutable: true, maxAge: '1y' }))
    // Other static files (favicon, robots.txt…) only under their own paths: pages never touch the disk.
    const clientDir = path.join(buildDir, 'client')
    const topFiles = new Set(fs.readdirSync(clientDir).filter((f) => fs.statSync(path.join(clientDir, f)).isFile()))
    const topStatic = express.static(clientDir, { maxAge: '1h', index: false })
    app.use((req, res, next) => (topFiles.has(req.path.slice(1)) ? topStatic(req, res, next) : next()))
  }

  app.all(
    '*',
    createRequestHandler({
      build,
      mode: production ? 'production' : 'development',
      // Document requests (not single-fetch `.data`) collect HTML the page renders but does not
      // ship twice (app/utils/shipped-once.tsx).
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce,
        ...(req.path.endsWith('.data') ? {} : { shippedOnce: new Map() }),
      }),
    }),
  )

  const server = app.listen(port, host, () => {
    const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host
    console.log(`mrocc-lms ready on http://${shown}:${port}`)
    // A single server process (not a cluster worker) runs the reminder scheduler itself.
    if (cluster.isPrimary) void (vite ? build() : Promise.resolve(build)).then((b) => startScheduler(b.entry.module))
  })

  // Stop taking requests, finish the ones in flight, then checkpoint and close the database so a
  // copied or restored file is never paired with a stale -wal.
  let stopping = false
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.on(signal, () => {
      if (stopping) return
      stopping = true
      server.close(async () => {
        const entry = vite ? await build().then((b) => b.entry.module) : build.entry.module
        entry.stopScheduler?.()
        entry.closeDatabase?.()
        process.exit(0)
      })
      // Keep-alive connections that are idle would hold server.close open: end them now.
      server.closeIdleConnections()
      setTimeout(() => process.exit(1), 10_000).unref()
    })
}

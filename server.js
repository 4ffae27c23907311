import crypto from 'node:crypto'
import path from 'node:path'
import zlib from 'node:zlib'
import { createRequestHandler } from '@remix-run/express'
import compression from 'compression'
import express from 'express'
import helmet from 'helmet'
import { isStaffOnlyAsset, publicAssets } from './server/asset-gate.js'
import { isCrossSiteWrite } from './server/csrf.js'

const production = process.env.NODE_ENV === 'production'
const port = Number(process.env.PORT ?? 3000)
// Listen on loopback unless told otherwise: HOST=0.0.0.0 listens on every interface.
const host = process.env.HOST || '127.0.0.1'

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
app.use(compression({ level: 1, brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } } }))
// Remix's adapter flushes after every chunk it writes, which makes the compressor emit (and the
// socket send) dozens of tiny pieces per page. Let the compressor fill whole blocks instead.
app.use((_req, res, next) => {
  res.flush = () => {}
  next()
})

app.use((req, res, next) => {
  // Server-Timing: time from request to response headers (what the budgets in DESIGN.md measure).
  const started = process.hrtime.bigint()
  const writeHead = res.writeHead
  res.writeHead = function (...args) {
    if (!res.headersSent)
      res.setHeader('Server-Timing', `app;dur=${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(2)}`)
    return writeHead.apply(this, args)
  }
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
  : await import(path.resolve('build/server/index.js'))

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
    const request = new Request(`http://localhost${req.originalUrl}`, { headers: { cookie: req.get('cookie') ?? '' } })
    if (await build.entry.module.isStaffRequest(request)) return next()
    res.status(404).type('text').send('Not found')
  })
  app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }))
  app.use(express.static('build/client', { maxAge: '1h' }))
}

app.all(
  '*',
  createRequestHandler({
    build,
    mode: production ? 'production' : 'development',
    getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce }),
  }),
)

const server = app.listen(port, host, () => {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host
  console.log(`mrocc-lms ready on http://${shown}:${port}`)
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
      entry.closeDatabase?.()
      process.exit(0)
    })
    setTimeout(() => process.exit(1), 10_000).unref()
  })

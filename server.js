import path from 'node:path'
import { createRequestHandler } from '@remix-run/express'
import compression from 'compression'
import express from 'express'
import { isCrossSiteWrite } from './server/csrf.js'

const production = process.env.NODE_ENV === 'production'
const port = Number(process.env.PORT ?? 3000)

const vite = production
  ? undefined
  : await import('vite').then((v) => v.createServer({ server: { middlewareMode: true } }))

// Behind a reverse proxy (TRUST_PROXY=true), take the client address and host from the proxy's
// X-Forwarded-* headers; otherwise from the connection itself, never from what a client sends.
const trustProxy = process.env.TRUST_PROXY === 'true'

const app = express()
app.disable('x-powered-by')
if (trustProxy) app.set('trust proxy', true)
// Level 1: most of the size saving at a fraction of the CPU of the default level (bench: scripts/bench.ts).
app.use(compression({ level: 1 }))

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
  const host = (trustProxy && req.get('x-forwarded-host')) || req.get('host')
  if (isCrossSiteWrite(req.method, { origin: req.get('origin'), secFetchSite: req.get('sec-fetch-site'), host })) {
    res.status(403).type('text').send('Cross-site form posts are not accepted.')
    return
  }
  next()
})

if (vite) {
  app.use(vite.middlewares)
} else {
  app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }))
  app.use(express.static('build/client', { maxAge: '1h' }))
}

const build = vite
  ? () => vite.ssrLoadModule('virtual:remix/server-build')
  : await import(path.resolve('build/server/index.js'))

app.all('*', createRequestHandler({ build, mode: production ? 'production' : 'development' }))

const server = app.listen(port, () => {
  console.log(`mrocc-lms ready on http://localhost:${port}`)
})

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)))

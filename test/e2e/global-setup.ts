import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

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

async function waitUntilUp(url: string, server: ChildProcess, log: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`The server exited with code ${server.exitCode}:\n${fs.readFileSync(log, 'utf8')}`)
    try {
      const res = await fetch(url, { redirect: 'manual' })
      if (res.status < 500) return
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`The server did not answer ${url} within ${timeoutMs} ms:\n${fs.readFileSync(log, 'utf8')}`)
}

/**
 * Once per run: a temp dir, the built server on a free port with a fresh (demo-seeded) database,
 * its base URL in E2E_BASE_URL and its database file in E2E_DATABASE_PATH (both also `provide`d). Torn down (server killed, dir removed) at the end.
 */
export default async function setup(project: TestProject) {
  for (const file of ['build/server/index.js', 'build/content/bundle.json']) {
    if (!fs.existsSync(path.join(root, file)))
      throw new Error(`${file} is missing: run \`npm run build\` before \`npm run test:e2e\`.`)
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrocc-e2e-'))
  const port = await freePort()
  const log = path.join(dir, 'server.log')
  const out = fs.openSync(log, 'a')
  const databasePath = path.join(dir, 'e2e.db')
  const server = spawn(process.execPath, ['server.js'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      APP_MODE: 'demo',
      PORT: String(port),
      DATABASE_PATH: databasePath,
    },
    stdio: ['ignore', out, out],
  })
  const baseUrl = `http://localhost:${port}`
  try {
    await waitUntilUp(`${baseUrl}/login`, server, log)
  } catch (error) {
    server.kill('SIGKILL')
    fs.rmSync(dir, { recursive: true, force: true })
    throw error
  }
  process.env.E2E_BASE_URL = baseUrl
  process.env.E2E_PORT = String(port)
  project.provide('baseUrl', baseUrl)
  // The server's database, for test/e2e/fixtures.ts (a second connection: SQLite WAL allows it).
  process.env.E2E_DATABASE_PATH = databasePath
  project.provide('databasePath', databasePath)

  return async () => {
    if (server.exitCode === null) {
      const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()))
      server.kill('SIGTERM')
      const timer = setTimeout(() => server.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    }
    fs.closeSync(out)
    if (process.env.E2E_KEEP_TMP) console.log(`e2e temp dir kept: ${dir}`)
    else fs.rmSync(dir, { recursive: true, force: true })
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    databasePath: string
  }
}

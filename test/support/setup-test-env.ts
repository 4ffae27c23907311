import fs from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { afterAll } from 'vitest'

// A fresh copy of the migrated template database for this test file.
const template = process.env.TEST_TEMPLATE_DB!
const file = path.join(path.dirname(template), `${randomUUID()}.db`)
fs.copyFileSync(template, file)
process.env.DATABASE_PATH = file
process.env.NODE_ENV = 'test'
process.env.APP_MODE = 'demo'

afterAll(() => {
  globalThis.__mroccDb?.$client.close()
  globalThis.__mroccDb = undefined
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
})

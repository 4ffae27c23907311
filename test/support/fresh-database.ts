import fs from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { openDatabase } from '#db/client'

/**
 * Gives the calling test its own empty, migrated database (a copy of the run's template), so a
 * test never depends on what an earlier test in the same file wrote. Call it in `beforeEach`.
 * The file-level database from setup-test-env.ts is closed and replaced; the last one is removed
 * by that file's afterAll.
 */
export function useFreshDatabase() {
  const template = process.env.TEST_TEMPLATE_DB!
  const file = path.join(path.dirname(template), `${randomUUID()}.db`)
  fs.copyFileSync(template, file)
  const previous = globalThis.__mroccDb
  globalThis.__mroccDb = openDatabase(file)
  if (previous) {
    const old = previous.$client.name
    previous.$client.close()
    if (old !== process.env.DATABASE_PATH) for (const s of ['', '-wal', '-shm']) fs.rmSync(old + s, { force: true })
  }
  return globalThis.__mroccDb
}

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openDatabase } from '../../db/client'
import { buildContent } from '../../scripts/build-content'

/**
 * Once per run (ADR 003): a migrated template database and the compiled content bundle.
 * Each test file then copies the template (setup-test-env.ts), so files never share state.
 */
export default async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrocc-test-'))
  const template = path.join(dir, 'template.db')
  openDatabase(template).$client.close()
  const bundle = path.join(dir, 'bundle.json')
  await buildContent(bundle)
  process.env.TEST_TEMPLATE_DB = template
  process.env.CONTENT_BUNDLE_PATH = bundle
  return () => fs.rmSync(dir, { recursive: true, force: true })
}

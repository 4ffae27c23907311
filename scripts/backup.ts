/**
 * `npm run db:backup -- <file>`: a consistent online backup of the live database using
 * SQLite's backup API (safe while the app is serving; WAL contents included).
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

const target = process.argv[2]
if (!target) {
  console.error('Usage: npm run db:backup -- <backup-file>')
  process.exit(2)
}
const source = path.resolve(process.env.DATABASE_PATH ?? 'data/mrocc.db')
if (!fs.existsSync(source)) {
  console.error(`No database at ${source} (set DATABASE_PATH).`)
  process.exit(1)
}
const out = path.resolve(target)
if (fs.existsSync(out)) {
  console.error(`${out} already exists; choose a new file name.`)
  process.exit(1)
}
fs.mkdirSync(path.dirname(out), { recursive: true })
const db = new Database(source, { readonly: true, fileMustExist: true })
db.pragma('busy_timeout = 5000')
db.backup(out, {
  progress({ totalPages, remainingPages }) {
    process.stdout.write(`\rbackup ${Math.round(((totalPages - remainingPages) / totalPages) * 100)}%`)
    return 200
  },
})
  .then(() => {
    const check = new Database(out, { readonly: true })
    const ok = check.pragma('integrity_check', { simple: true })
    check.close()
    db.close()
    if (ok !== 'ok') throw new Error(`integrity check failed: ${ok}`)
    console.log(`\nbackup written to ${out} (integrity ok)`)
  })
  .catch((error) => {
    console.error(`\nbackup failed: ${error.message}`)
    process.exit(1)
  })

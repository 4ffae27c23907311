/**
 * `npm run db:backup -- <file>`: a consistent online backup of the live database using SQLite's
 * backup API (safe while the app is serving; WAL contents included), verified before it reports
 * success, with the uploaded recordings copied to `<file>.files/`. Restore with `npm run db:restore -- <file>` (README, Backup and restore).
 */
import fs from 'node:fs'
import path from 'node:path'
import { backupDatabase, copyNewFiles, storedFileDirs } from '../db/maintenance'

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
backupDatabase(source, out, (percent) => process.stdout.write(`\rbackup ${percent}%`))
  .then(() => {
    console.log(`\nbackup written to ${out} (integrity ok)`)
    // The uploaded recordings' bytes live beside the database: copied next to the backup.
    for (const [name, dir] of Object.entries(storedFileDirs(source))) {
      const n = copyNewFiles(dir, `${out}.files/${name}`)
      if (n) console.log(`${n} ${name} file(s) copied to ${out}.files/${name}`)
    }
  })
  .catch((error: Error) => {
    console.error(`\nbackup failed: ${error.message}`)
    process.exit(1)
  })

/**
 * `npm run db:restore -- <backup-file>`: replaces the database at DATABASE_PATH with a verified
 * backup (and the recordings saved beside it in `<backup-file>.files/`). Refuses while a server uses the file; the old files are moved aside, never deleted.
 */
import path from 'node:path'
import fs from 'node:fs'
import { copyNewFiles, RestoreRefused, restoreDatabase, storedFileDirs } from '../db/maintenance'

const backup = process.argv[2]
if (!backup) {
  console.error('Usage: npm run db:restore -- <backup-file>   (stop the server first)')
  process.exit(2)
}
const live = path.resolve(process.env.DATABASE_PATH ?? 'data/mrocc.db')
try {
  const { movedAsideTo } = restoreDatabase(path.resolve(backup), live)
  console.log(`restored ${path.resolve(backup)} to ${live} (integrity ok)`)
  if (movedAsideTo) console.log(`the previous database was moved to ${movedAsideTo} (with its -wal/-shm, if any)`)
  // Recordings saved with the backup come back beside the database (files already there are kept).
  const saved = `${path.resolve(backup)}.files`
  if (fs.existsSync(saved))
    for (const [name, dir] of Object.entries(storedFileDirs(live))) {
      const n = copyNewFiles(path.join(saved, name), dir)
      if (n) console.log(`${n} ${name} file(s) restored to ${dir}`)
    }
} catch (error) {
  console.error(error instanceof RestoreRefused ? error.message : `restore failed: ${(error as Error).message}`)
  process.exit(1)
}

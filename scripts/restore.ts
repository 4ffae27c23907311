/**
 * `npm run db:restore -- <backup-file>`: replaces the database at DATABASE_PATH with a verified
 * backup. Refuses while a server uses the file; the old files are moved aside, never deleted.
 */
import path from 'node:path'
import { RestoreRefused, restoreDatabase } from '../db/maintenance'

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
} catch (error) {
  console.error(error instanceof RestoreRefused ? error.message : `restore failed: ${(error as Error).message}`)
  process.exit(1)
}

import { sql } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { DB } from '~/db.server'

/** A table whose rows carry a version (ADR 013). */
type Versioned = SQLiteTable & { id: SQLiteColumn; version: SQLiteColumn }

/** The save was based on a version that is no longer the saved one. Nothing was written. */
export class StaleRecordError extends Error {
  constructor(
    readonly entity: string,
    readonly id: number | null,
  ) {
    super(`${entity} ${id ?? '(new)'} was saved by someone else since this form was opened`)
  }
}

/**
 * Inside the save's transaction, before anything is written: claims the next version of row `id`
 * if it is still at `expected`, else throws StaleRecordError (the transaction rolls back). For a
 * record not created yet, pass `id = null` and `expected = 0`; a row created meanwhile by someone
 * else is a conflict too. Returns the version the save will leave.
 */
export function claimVersion(
  tx: Pick<DB, 'run'>,
  table: Versioned,
  entity: string,
  id: number | null,
  expected: number,
): number {
  if (id === null) {
    if (expected !== 0) throw new StaleRecordError(entity, null)
    return 1
  }
  const { changes } = tx.run(
    sql`update ${table} set ${sql.identifier(table.version.name)} = ${sql.identifier(table.version.name)} + 1
        where ${sql.identifier(table.id.name)} = ${id} and ${sql.identifier(table.version.name)} = ${expected}`,
  )
  if (changes !== 1) throw new StaleRecordError(entity, id)
  return expected + 1
}

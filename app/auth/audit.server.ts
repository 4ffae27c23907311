import { auditLog } from '#db/schema'
import type { DB } from '~/db.server'
import { getDb } from '~/db.server'

export type AuditEntry = {
  actorId: number | null
  action: string
  entity: string
  entityId?: string | number | null
  participantId?: number | null
  /** never identifying: ids and field names, not values */
  detail?: string
}

/** Appends to the audit log. Pass `tx` to make the entry part of the write it records. */
export function audit(entry: AuditEntry, tx: Pick<DB, 'insert'> = getDb()) {
  tx.insert(auditLog)
    .values({
      at: new Date().toISOString(),
      actorId: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId == null ? null : String(entry.entityId),
      participantId: entry.participantId ?? null,
      detail: entry.detail ?? null,
    })
    .run()
}

/**
 * A staff view that shows many participants at once (cohort grid, session screen, decisions)
 * writes one row per participant shown, in one transaction, so the audit log answers "who saw
 * this person's data" for every view, not only for their own page.
 */
export function auditParticipantsShown(
  entry: { actorId: number; action: string; entity: string; entityId?: string | number | null; detail?: string },
  participantIds: readonly number[],
) {
  if (participantIds.length === 0) return
  const at = new Date().toISOString()
  const entityId = entry.entityId == null ? null : String(entry.entityId)
  shownRowsWriter(getDb())(
    [...new Set(participantIds)],
    [at, entry.actorId, entry.action, entry.entity, entityId, entry.detail ?? null],
  )
}

/**
 * The insert of `auditParticipantsShown`, prepared once per connection: it runs on every view of a
 * cohort page or session screen (a row per person shown), where building the statement each time
 * cost more than writing the rows. One write transaction (BEGIN IMMEDIATE, like every write here).
 */
const shownWriters = new WeakMap<DB, (ids: number[], row: unknown[]) => void>()
function shownRowsWriter(db: DB) {
  let writer = shownWriters.get(db)
  if (!writer) {
    const insert = db.$client.prepare(
      'INSERT INTO audit_log (at, actor_id, action, entity, entity_id, detail, participant_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    const write = db.$client.transaction((ids: number[], row: unknown[]) => {
      for (const participantId of ids) insert.run(...row, participantId)
    })
    writer = (ids, row) => write.immediate(ids, row)
    shownWriters.set(db, writer)
  }
  return writer
}

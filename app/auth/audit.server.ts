import { auditLog } from '#db/schema'
import type { DB } from '~/db.server'
import { preparedPerConnection } from '~/db.server'

export type AuditEntry = {
  actorId: number | null
  action: string
  entity: string
  entityId?: string | number | null
  participantId?: number | null
  /** never identifying: ids and field names, not values */
  detail?: string
}

/** An entry as the prepared insert's values (column order of `auditStatements`). */
type Row = [string, number | null, string, string, string | null, string | null, number | null]
function rowOf(entry: AuditEntry, at: string): Row {
  const entityId = entry.entityId == null ? null : String(entry.entityId)
  return [at, entry.actorId, entry.action, entry.entity, entityId, entry.detail ?? null, entry.participantId ?? null]
}

/** Appends to the audit log. Pass `tx` to make the entry part of the write it records. */
export function audit(entry: AuditEntry, tx?: Pick<DB, 'insert'>) {
  const row = rowOf(entry, new Date().toISOString())
  if (!tx) return void auditStatements().insert.run(...row)
  const [at, actorId, action, entity, entityId, detail, participantId] = row
  tx.insert(auditLog).values({ at, actorId, action, entity, entityId, detail, participantId }).run()
}

/**
 * A staff view that shows many participants at once (cohort grid, session screen, decisions)
 * writes one row per participant shown, in one transaction, so the audit log answers "who saw
 * this person's data" for every view, not only for their own page.
 */
export function auditParticipantsShown(entry: Omit<AuditEntry, 'participantId'>, participantIds: readonly number[]) {
  if (participantIds.length === 0) return
  auditStatements().shown([...new Set(participantIds)], rowOf(entry, new Date().toISOString()).slice(0, 6))
}

/**
 * A staff view of a group's page: the view itself (a row without a participant, so it is logged
 * even when nobody is in the group) and a row per participant shown, in one statement (one commit).
 */
export function auditView(entry: Omit<AuditEntry, 'participantId'>, participantIds: readonly number[]) {
  auditStatements().shown([null, ...new Set(participantIds)], rowOf(entry, new Date().toISOString()).slice(0, 6))
}

/**
 * The audit log's inserts, prepared once per connection: every view of participant data writes
 * them, where building the statement each time cost more than writing the row. The rows of
 * `auditParticipantsShown` and `auditView` are one statement (a row per id of a JSON list; a
 * null id is a row without a participant), so one commit.
 */
const auditStatements = preparedPerConnection((db: DB) => {
  const columns = 'at, actor_id, action, entity, entity_id, detail, participant_id'
  const insert = db.$client.prepare(`INSERT INTO audit_log (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?)`)
  const insertEach = db.$client.prepare(
    `INSERT INTO audit_log (${columns}) SELECT ?, ?, ?, ?, ?, ?, value FROM json_each(?) ORDER BY key`,
  )
  return { insert, shown: (ids: (number | null)[], row: unknown[]) => insertEach.run(...row, JSON.stringify(ids)) }
})

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
  const db = getDb()
  const at = new Date().toISOString()
  const ids = [...new Set(participantIds)]
  db.transaction((tx) => {
    tx.insert(auditLog)
      .values(
        ids.map((participantId) => ({
          at,
          actorId: entry.actorId,
          action: entry.action,
          entity: entry.entity,
          entityId: entry.entityId == null ? null : String(entry.entityId),
          participantId,
          detail: entry.detail ?? null,
        })),
      )
      .run()
  })
}

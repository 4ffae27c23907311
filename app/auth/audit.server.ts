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

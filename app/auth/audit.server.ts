import { and, gt, isNotNull, lte, max } from 'drizzle-orm'
import { auditLog, auditLogIndexed, auditParticipantEntries } from '#db/schema'
import type { DB } from '~/db.server'
import { getDb, preparedPerConnection } from '~/db.server'

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
 * writes one row per participant shown, so the audit log answers "who saw this person's data" for
 * every view, not only for their own page. Await it before the page is sent (`recordViews`).
 */
export function auditParticipantsShown(
  entry: Omit<AuditEntry, 'participantId'>,
  participantIds: readonly number[],
): Promise<void> {
  if (participantIds.length === 0) return Promise.resolve()
  return recordViews(entry, [...new Set(participantIds)])
}

/**
 * A staff view of a group's page: the view itself (a row without a participant, so it is logged
 * even when nobody is in the group) and a row per participant shown. Await it before the page is
 * sent (`recordViews`).
 */
export function auditView(entry: Omit<AuditEntry, 'participantId'>, participantIds: readonly number[]): Promise<void> {
  return recordViews(entry, [null, ...new Set(participantIds)])
}

type PendingView = {
  ids: (number | null)[]
  values: Row
  done: () => void
  failed: (error: unknown) => void
}
let pendingViews: PendingView[] = []
/** a view was written in this turn of the event loop: later ones wait for its end */
let turnBusy = false

/**
 * Views are written together under load (group commit, issue 16). The first view of a turn of
 * the event loop is written at once, so a quiet server adds no wait; the views that come after
 * it in the same turn (a busy server) are committed in one transaction just after it. Each view's
 * promise settles once its rows are committed, so no page is sent before its audit rows are
 * stored, and one that cannot be logged is not sent at all. A view's rows touch a leaf of the
 * participant index per person and every commit writes those pages to the WAL again, so one
 * commit for several views saves most of that. If a joint transaction fails, each view is written
 * alone, so only the view that cannot be written fails.
 */
function recordViews(entry: Omit<AuditEntry, 'participantId'>, ids: (number | null)[]) {
  const values = rowOf(entry, new Date().toISOString())
  return new Promise<void>((done, failed) => {
    const view = { ids, values, done, failed }
    if (turnBusy) {
      pendingViews.push(view)
      return
    }
    turnBusy = true
    setImmediate(flushViews)
    writeViews([view])
  })
}

function flushViews() {
  turnBusy = false
  const batch = pendingViews
  pendingViews = []
  if (batch.length) writeViews(batch)
}

function writeViews(batch: PendingView[]) {
  try {
    const statements = auditStatements()
    const write = (view: PendingView) => statements.shown(view.ids, view.values.slice(0, 6))
    if (batch.length > 1)
      try {
        getDb().$client.transaction(() => batch.forEach(write))()
        for (const view of batch) view.done()
        return
      } catch {
        // written alone below: only a view that cannot be written fails
      }
    for (const view of batch)
      try {
        write(view)
        view.done()
      } catch (error) {
        view.failed(error)
      }
  } catch (error) {
    // no database to write to: none of these pages may be sent
    for (const view of batch) view.failed(error)
  }
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

/**
 * Files the audit log's rows written since the last call under their participants
 * (`audit_participant_entries`), in one transaction, and returns how many it filed. The scheduler
 * calls it on every run. The log has no index on its participant column: a view writes a row per
 * participant shown, and such an index made every view write a page per participant (a dozen on
 * a session screen); filed in batches, each page is written once for many views. Readers find the
 * rows not filed yet in the log itself (`auditRowsOf` in app/domain/audit-log.server.ts), so a
 * search is complete whenever this last ran.
 */
export function indexAuditLog(): number {
  const db = getDb()
  return db.transaction(
    (tx) => {
      const through = tx.select({ id: auditLogIndexed.throughId }).from(auditLogIndexed).get()?.id ?? 0
      const last =
        tx
          .select({ id: max(auditLog.id) })
          .from(auditLog)
          .get()?.id ?? null
      if (last === null || last <= through) return 0
      const filed = tx
        .insert(auditParticipantEntries)
        .select(
          tx
            .select({ participantId: auditLog.participantId, auditId: auditLog.id })
            .from(auditLog)
            .where(and(gt(auditLog.id, through), lte(auditLog.id, last), isNotNull(auditLog.participantId))),
        )
        .onConflictDoNothing()
        .run().changes
      tx.insert(auditLogIndexed)
        .values({ id: 1, throughId: last })
        .onConflictDoUpdate({ target: auditLogIndexed.id, set: { throughId: last } })
        .run()
      return filed
    },
    { behavior: 'immediate' },
  )
}

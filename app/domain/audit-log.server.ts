import { and, count, desc, eq, gte, like, lt, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { auditLog, auditLogIndexed, auditParticipantEntries, participants, users } from '#db/schema'
import { getDb } from '~/db.server'
import { addDays } from './schedule'
import { AUDIT_LOG_PAGE_SIZE, type AuditLogFilter } from './audit-log-filter'

const actor = alias(users, 'actor')

/** `like` with the user's text taken literally (their % and _ are not wildcards). */
function contains(column: Parameters<typeof like>[0], text: string) {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`)
  return sql`${column} like ${`%${escaped}%`} escape '\\'`
}

/**
 * The log's rows about one participant: those filed under them (`indexAuditLog`) and those
 * written since it last ran, found in the log itself by id (a short range at its end).
 */
export function auditRowsOf(participantId: SQL) {
  const filedThrough = sql`coalesce((select ${auditLogIndexed.throughId} from ${auditLogIndexed}), 0)`
  // one list of row ids, so the log is read by id (the inner audit_log is the nearest by that name)
  return sql`${auditLog.id} in (select ${auditParticipantEntries.auditId} from ${auditParticipantEntries} where ${auditParticipantEntries.participantId} = ${participantId} union all select ${auditLog.id} from ${auditLog} where ${auditLog.id} > ${filedThrough} and ${auditLog.participantId} = ${participantId})`
}

function where(f: AuditLogFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    f.actor ? or(contains(actor.name, f.actor), contains(actor.email, f.actor)) : undefined,
    f.action ? sql`${auditLog.action} like ${`${f.action.replace(/_/g, '\\_')}%`} escape '\\'` : undefined,
    f.studyId
      ? auditRowsOf(sql`(select ${participants.id} from ${participants} where ${participants.studyId} = ${f.studyId})`)
      : undefined,
    // `at` is an ISO instant in UTC: a day filter compares against the day's bounds
    f.from ? gte(auditLog.at, `${f.from}T00:00:00.000Z`) : undefined,
    f.to ? lt(auditLog.at, `${addDays(f.to, 1)}T00:00:00.000Z`) : undefined,
  ]
  return and(...conditions.filter((c): c is SQL => c !== undefined))
}

function selection(db = getDb()) {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorName: actor.name,
      actorEmail: actor.email,
      actorRole: actor.role,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      studyId: participants.studyId,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorId))
    .leftJoin(participants, eq(participants.id, auditLog.participantId))
}

export type AuditLogRow = ReturnType<ReturnType<typeof selection>['all']>[number]

/** One page of the log, newest first, and how many entries match. */
export function searchAuditLog(f: AuditLogFilter) {
  const db = getDb()
  const page = f.page ?? 1
  const total = db
    .select({ n: count() })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorId))
    .leftJoin(participants, eq(participants.id, auditLog.participantId))
    .where(where(f))
    .get()!.n
  const rows = selection(db)
    .where(where(f))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(AUDIT_LOG_PAGE_SIZE)
    .offset((page - 1) * AUDIT_LOG_PAGE_SIZE)
    .all()
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / AUDIT_LOG_PAGE_SIZE)) }
}

const COLUMNS = [
  'id',
  'at',
  'actorName',
  'actorEmail',
  'actorRole',
  'action',
  'entity',
  'entityId',
  'studyId',
  'detail',
] as const

/**
 * Every matching entry, oldest first, one row at a time: the export streams, never holding the
 * whole log in memory (better-sqlite3's iterate under drizzle's query, which has no iterator).
 */
export function* iterateAuditLog(f: AuditLogFilter): Generator<AuditLogRow> {
  const db = getDb()
  const query = selection(db).where(where(f)).orderBy(auditLog.at, auditLog.id).toSQL()
  const statement = db.$client.prepare(query.sql).raw(true)
  for (const values of statement.iterate(...query.params) as Iterable<unknown[]>) {
    yield Object.fromEntries(COLUMNS.map((c, i) => [c, values[i]])) as AuditLogRow
  }
}

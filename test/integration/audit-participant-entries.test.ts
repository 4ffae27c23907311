import { eq, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog, auditLogIndexed, auditParticipantEntries, participants } from '#db/schema'
import { auditParticipantsShown, auditView, indexAuditLog } from '~/auth/audit.server'
import { getDb } from '~/db.server'
import { auditRowsOf } from '~/domain/audit-log.server'
import * as pageModule from '~/routes/admin.audit-log'
import { runScheduler } from '~/scheduler.server'
import { createTestCohort, createUser, enrolTestParticipant } from '../support/factories'
import { load, type RouteModule } from './route-helpers'

/**
 * Issue 16, ADR 001: a view writes its rows to the audit log only; the scheduler files them by
 * participant in batches (`indexAuditLog`). "Who saw this person" is complete at any moment: rows
 * filed and rows written since the last filing alike.
 */
const page = pageModule as RouteModule
type PageData = { log: { total: number; rows: { action: string; studyId: string | null }[] } | null }

async function twoParticipants() {
  const tag = Math.random().toString(36).slice(2, 8)
  const coordinator = await createUser('coordinator', { name: `Coord ${tag}`, email: `coord-${tag}@example.test` })
  const dm = await createUser('data_manager')
  const cohortId = createTestCohort({ actorId: coordinator.id })
  const [a, b] = [enrolTestParticipant(cohortId, coordinator.id), enrolTestParticipant(cohortId, coordinator.id)]
  const studyIdOf = (id: number) =>
    getDb().select({ s: participants.studyId }).from(participants).where(eq(participants.id, id)).get()!.s
  return { coordinator, dm, a: { id: a.id, studyId: studyIdOf(a.id) }, b: { id: b.id, studyId: studyIdOf(b.id) } }
}

const filedFor = (participantId: number) =>
  getDb()
    .select({ auditId: auditParticipantEntries.auditId })
    .from(auditParticipantEntries)
    .where(eq(auditParticipantEntries.participantId, participantId))
    .all()
    .map((r) => r.auditId)

const searchByStudyId = async (dm: { id: number }, studyId: string) =>
  ((await load(page, dm, `/admin/audit-log?action=group.&studyId=${studyId}`)).data as PageData).log!

describe('the audit log filed by participant in batches', () => {
  test('a view writes to the log only; filing puts each row under its participant once', async () => {
    const s = await twoParticipants()
    indexAuditLog()
    await auditView({ actorId: s.coordinator.id, action: 'group.session.read', entity: 'group', entityId: 1 }, [
      s.a.id,
      s.b.id,
    ])
    const beforeA = filedFor(s.a.id).length
    const viewRows = getDb().select().from(auditLog).where(eq(auditLog.action, 'group.session.read')).all()
    const ofA = viewRows.filter((r) => r.participantId === s.a.id).map((r) => r.id)
    expect(ofA).toHaveLength(1)
    expect(filedFor(s.a.id)).not.toContain(ofA[0])

    expect(indexAuditLog()).toBeGreaterThanOrEqual(2)
    expect(filedFor(s.a.id)).toContain(ofA[0])
    expect(filedFor(s.a.id)).toHaveLength(beforeA + 1)
    // the view's own row (no participant) is filed under nobody, and a second filing finds nothing new
    expect(indexAuditLog()).toBe(0)
    const through = getDb().select().from(auditLogIndexed).get()!.throughId
    expect(through).toBe(
      getDb()
        .select({ m: sql<number>`max(${auditLog.id})` })
        .from(auditLog)
        .get()!.m,
    )
  })

  test('a search by study id finds rows filed and rows written since, and no one else’s', async () => {
    const s = await twoParticipants()
    const shown = (action: string) =>
      auditParticipantsShown({ actorId: s.coordinator.id, action, entity: 'group', entityId: 1 }, [s.a.id, s.b.id])
    await shown('group.decisions.read')
    indexAuditLog()
    await shown('group.session.read')
    const log = await searchByStudyId(s.dm, s.a.studyId)
    expect(log.rows.map((r) => r.action).sort()).toEqual(['group.decisions.read', 'group.session.read'])
    expect(log.total).toBe(2)
    expect(log.rows.every((r) => r.studyId === s.a.studyId)).toBe(true)
    // the same once everything is filed
    indexAuditLog()
    expect((await searchByStudyId(s.dm, s.a.studyId)).total).toBe(2)
    expect((await searchByStudyId(s.dm, s.b.studyId)).total).toBe(2)
  })

  test('the scheduler files on every run', async () => {
    const s = await twoParticipants()
    await auditParticipantsShown({ actorId: s.coordinator.id, action: 'group.alerts.read', entity: 'group' }, [s.a.id])
    const row = getDb()
      .select({ id: sql<number>`max(${auditLog.id})` })
      .from(auditLog)
      .get()!.id
    await runScheduler({ transport: null, plan: false })
    expect(filedFor(s.a.id)).toContain(row)
  })

  test('the lookups of a participant’s own changes and withdrawals use their partial indexes', () => {
    // as lastDetailsSave, the research exports and CONSORT ask (their conditions match the indexes')
    const plan = (where: string) =>
      getDb()
        .$client.prepare(`EXPLAIN QUERY PLAN SELECT detail FROM audit_log WHERE ${where} ORDER BY id`)
        .all()
        .map((r) => (r as { detail: string }).detail)
        .join('\n')
    expect(
      plan("participant_id = 1 AND audit_log.action in ('participant.enrol', 'participant.details.update')"),
    ).toMatch(/USING INDEX audit_participant_changes_idx/)
    expect(plan("audit_log.action = 'participant.withdraw' AND participant_id IN (1, 2, 3)")).toMatch(
      /USING INDEX audit_withdrawals_idx/,
    )
  })

  test('a search by participant reads the log by row id, never the whole log', () => {
    const query = getDb()
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(auditRowsOf(sql`${1}`))
      .orderBy(sql`${auditLog.at} desc`)
      .limit(50)
      .toSQL()
    const plan = getDb()
      .$client.prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
      .all(...query.params)
      .map((r) => (r as { detail: string }).detail)
    expect(
      plan.some((d) => /SCAN audit_log\b/.test(d)),
      plan.join('\n'),
    ).toBe(false)
    expect(
      plan.some((d) => /SEARCH audit_log USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(d)),
      plan.join('\n'),
    ).toBe(true)
  })
})

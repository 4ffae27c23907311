import { parse } from 'csv-parse/sync'
import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog, participants } from '#db/schema'
import { audit } from '~/auth/audit.server'
import { getDb } from '~/db.server'
import * as pageModule from '~/routes/admin.audit-log'
import * as csvModule from '~/routes/admin.audit-log[.csv]'
import { createTestCohort, createUser, enrolTestParticipant, requestAs } from '../support/factories'
import { load, type RouteModule } from './route-helpers'

/** Issue 11: admins and the data manager read, filter and export the audit log; reading it is logged. */
const page = pageModule as RouteModule
const csv = csvModule as RouteModule

type PageData = {
  log: { total: number; rows: { action: string; studyId: string | null; actorName: string | null }[] } | null
  result: { error?: Record<string, string[]> }
}

async function setting() {
  const tag = Math.random().toString(36).slice(2, 8)
  const coordinator = await createUser('coordinator', { name: `Coord ${tag}`, email: `coord-${tag}@example.test` })
  const dm = await createUser('data_manager')
  const cohortId = createTestCohort({ actorId: coordinator.id })
  const p = enrolTestParticipant(cohortId, coordinator.id)
  const studyId = getDb().select().from(participants).where(eq(participants.id, p.id)).get()!.studyId
  // three reads of this participant on known days, by the coordinator
  const db = getDb()
  for (const at of ['2026-03-01T10:00:00.000Z', '2026-03-02T23:59:59.000Z', '2026-03-03T00:00:00.000Z']) {
    db.insert(auditLog)
      .values({ at, actorId: coordinator.id, action: 'participant.read', entity: 'participant', participantId: p.id })
      .run()
  }
  return { tag, coordinator, dm, studyId, participantId: p.id }
}

describe('audit log viewer', () => {
  test('filters by person, action, participant and day (inclusive), and logs the reading with its filter', async () => {
    const s = await setting()
    const url = `/admin/audit-log?actor=${s.tag}&action=participant.&studyId=${s.studyId}&from=2026-03-01&to=2026-03-02`
    const res = await load(page, s.dm, url)
    expect(res.status).toBe(200)
    const data = res.data as PageData
    expect(data.log!.total).toBe(2)
    expect(data.log!.rows.every((r) => r.action === 'participant.read' && r.studyId === s.studyId)).toBe(true)
    const reads = getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'audit.read'), eq(auditLog.actorId, s.dm.id)))
      .all()
    expect(reads).toHaveLength(1)
    expect(reads[0].detail).toContain(`studyId="${s.studyId}"`)
  })

  test('a wildcard typed by the person is taken literally', async () => {
    const s = await setting()
    const res = await load(page, s.dm, `/admin/audit-log?actor=%25&studyId=${s.studyId}`)
    expect((res.data as PageData).log!.total).toBe(0)
  })

  test('an impossible date or a reversed range is refused with a message (400), and nothing is read', async () => {
    const s = await setting()
    const bad = await load(page, s.dm, '/admin/audit-log?from=2025-02-30')
    expect(bad.status).toBe(400)
    expect((bad.data as PageData).result.error?.from?.[0]).toMatch(/real date/)
    const reversed = await load(page, s.dm, '/admin/audit-log?from=2026-03-05&to=2026-03-01')
    expect(reversed.status).toBe(400)
    expect((reversed.data as PageData).result.error?.to?.[0]).toMatch(/before the start/)
    expect((await load(csv, s.dm, '/admin/audit-log.csv?to=9999-01-01')).status).toBe(400)
  })

  test('the CSV export streams the filtered entries oldest first, parses back, and is itself logged', async () => {
    const s = await setting()
    audit({
      actorId: s.coordinator.id,
      action: 'participant.update',
      entity: 'participant',
      participantId: s.participantId,
      detail: 'fields=contactEmail, "quoted"',
    })
    const res = (await csvModule.loader({
      request: await requestAs(s.dm, `/admin/audit-log.csv?studyId=${s.studyId}`),
      params: {},
      context: {},
    })) as Response
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toMatch(/text\/csv/)
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[]
    const mine = rows.filter((r) => r.actor_email === s.coordinator.email)
    expect(mine.map((r) => r.at_utc).slice(0, 3)).toEqual([
      '2026-03-01T10:00:00.000Z',
      '2026-03-02T23:59:59.000Z',
      '2026-03-03T00:00:00.000Z',
    ])
    expect(mine.at(-1)!.detail).toBe('fields=contactEmail, "quoted"')
    expect(rows.every((r) => r.study_id === s.studyId)).toBe(true)
    const exports = getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'audit.export'), eq(auditLog.actorId, s.dm.id)))
      .all()
    expect(exports).toHaveLength(1)
  })
})

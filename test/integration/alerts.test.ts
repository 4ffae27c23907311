import { and, eq, inArray } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import {
  adverseEvents,
  alertAcknowledgements,
  attendance,
  auditLog,
  meetings,
  outbox,
  participants,
  staffAlerts,
  toxResults,
  weeklySurveys,
  type users,
} from '#db/schema'
import { getDb } from '~/db.server'
import { openAlerts, refreshAlerts } from '~/domain/alerts.server'
import { saveReminderPrefs } from '~/domain/reminders.server'
import { DEFAULT_REMINDER_PREFS } from '~/domain/reminders'
import * as alertsPage from '~/routes/alerts'
import * as groupsPage from '~/routes/groups._index'
import { runScheduler } from '~/scheduler.server'
import { createTestCohort, createUser, enrolTestParticipant } from '../support/factories'
import { errorsOf, groupOf, load, placeIn, post, typedValuesOf } from './route-helpers'

/**
 * Alerts on a test cohort with known absences (issue 13). The cohort meets Tuesdays 18:00 New
 * York time from 2026-09-01. At NOW (Friday Sep 25) weeks 1–4 have been held and their survey
 * windows have closed; 2-week period 1 has ended (period 2 ends when week 5 begins, Sep 29).
 */
const NOW = new Date('2026-09-25T16:00:00Z')
type User = typeof users.$inferSelect

let facilitator: User, otherFacilitator: User, coordinator: User
let absentee: number, steady: number, elsewhere: number

function holdMeeting(groupId: number, week: number, marks: Record<number, 'present' | 'absent' | 'excused'>) {
  const db = getDb()
  const { id } = db
    .insert(meetings)
    .values({ groupId, week, scheduledAt: new Date(Date.UTC(2026, 8, 1 + 7 * (week - 1), 22)).toISOString() })
    .returning({ id: meetings.id })
    .get()
  for (const [participantId, status] of Object.entries(marks))
    db.insert(attendance)
      .values({ meetingId: id, participantId: Number(participantId), status })
      .run()
}

function answered(participantId: number, week: number) {
  getDb()
    .insert(weeklySurveys)
    .values({
      participantId,
      week,
      cravingNow: 1,
      cravingCue: 1,
      cravingLikelihood: 1,
      cravingScore: 1,
      usedOpioids: false,
      otherSubstances: {},
      submittedAt: NOW.toISOString(),
    })
    .run()
}

beforeAll(async () => {
  coordinator = await createUser('coordinator')
  facilitator = await createUser('facilitator')
  otherFacilitator = await createUser('facilitator')
  const cohort = createTestCohort({ facilitators: { mrocc: [facilitator.id] }, actorId: coordinator.id })
  const other = createTestCohort({ facilitators: { mrocc: [otherFacilitator.id] }, actorId: coordinator.id })
  const group = groupOf(cohort, 'mrocc').id
  const otherGroup = groupOf(other, 'mrocc').id
  absentee = enrolTestParticipant(cohort, coordinator.id, false).id
  steady = enrolTestParticipant(cohort, coordinator.id, false).id
  elsewhere = enrolTestParticipant(other, coordinator.id, false).id
  placeIn(absentee, group)
  placeIn(steady, group)
  placeIn(elsewhere, otherGroup)
  // The absentee misses weeks 2 and 3; the steady one attends everything, answers every survey,
  // and was tested in period 1. The one elsewhere reports a serious adverse event.
  holdMeeting(group, 1, { [absentee]: 'present', [steady]: 'present' })
  holdMeeting(group, 2, { [absentee]: 'absent', [steady]: 'present' })
  holdMeeting(group, 3, { [absentee]: 'absent', [steady]: 'present' })
  holdMeeting(group, 4, { [absentee]: 'present', [steady]: 'present' })
  for (const w of [1, 2, 3, 4]) answered(steady, w)
  for (const w of [1, 4]) answered(absentee, w)
  answered(elsewhere, 1)
  for (const w of [2, 3, 4]) answered(elsewhere, w)
  for (const p of [steady, elsewhere])
    getDb()
      .insert(toxResults)
      .values({
        participantId: p,
        period: 1,
        collectedOn: '2026-09-08',
        panel: 'oral',
        results: {},
        recordedBy: coordinator.id,
      })
      .run()
  getDb()
    .insert(adverseEvents)
    .values({
      participantId: elsewhere,
      description: 'Hospital stay',
      onsetDate: '2026-09-20',
      severity: 'severe',
      relatedness: 'not_related',
      expectedness: 'unexpected',
      serious: true,
      actionTaken: 'Referred',
      recordedBy: coordinator.id,
    })
    .run()
})

const keysFor = (scope: Parameters<typeof openAlerts>[0]) =>
  openAlerts(scope)
    .rows.map((a) => a.key)
    .sort()

describe('alerts on a cohort with known absences', () => {
  test('fire exactly where the records say, and nowhere else', () => {
    expect(refreshAlerts(NOW)).toBe(4)
    expect(refreshAlerts(NOW)).toBe(0) // nothing new the second time
    expect(keysFor('all')).toEqual(
      [
        `missed_sessions:${absentee}:w2`,
        `missed_surveys:${absentee}:w2`,
        `no_tox:${absentee}:p1`,
        `serious_ae:${elsewhere}:ae${getDb().select().from(adverseEvents).get()!.id}`,
      ].sort(),
    )
  })

  test('a facilitator sees only their own groups’ participants', () => {
    expect(keysFor({ facilitatorId: facilitator.id }).every((k) => k.includes(`:${absentee}:`))).toBe(true)
    expect(keysFor({ facilitatorId: facilitator.id })).toHaveLength(3)
    expect(keysFor({ facilitatorId: otherFacilitator.id })).toEqual([
      expect.stringMatching(new RegExp(`^serious_ae:${elsewhere}:`)),
    ])
  })
})

describe('the alerts page and the dashboards', () => {
  test('the facilitator dashboard shows their open alerts, and the view is audit-logged per participant', async () => {
    const o = await load(groupsPage, facilitator, '/groups')
    const alerts = (o.data as { alerts: { total: number; shown: { participantId: number; key: string }[] } }).alerts
    expect(alerts.shown.map((a) => a.key).sort()).toEqual(keysFor({ facilitatorId: facilitator.id }))
    expect(alerts.total).toBe(3)
    const logged = getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'alerts.read'), eq(auditLog.actorId, facilitator.id)))
      .all()
    expect(logged.map((l) => l.participantId)).toEqual([absentee])
  })

  test('a dashboard counts open alerts up to a cap, and says when there are more', () => {
    const all = keysFor('all')
    expect(all.length).toBeGreaterThanOrEqual(3)
    const exact = openAlerts('all', { limit: 2, countUpTo: all.length })
    expect(exact).toMatchObject({ total: all.length, more: false })
    expect(exact.rows.map((r) => r.key)).toEqual(all.slice(0, 2))
    expect(openAlerts('all', { limit: 2, countUpTo: all.length - 1 })).toMatchObject({
      total: all.length - 1,
      more: true,
    })
    expect(openAlerts({ facilitatorId: facilitator.id }, { limit: 1, countUpTo: 2 })).toMatchObject({
      total: 2,
      more: true,
    })
  })

  test('acknowledging needs a note (400, typed values kept, nothing written)', async () => {
    const key = `missed_sessions:${absentee}:w2`
    const o = await post(alertsPage, facilitator, '/alerts', {}, { intent: key, note: '   ' })
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).fieldErrors.note).toBeDefined()
    expect(typedValuesOf(o.data)).toMatchObject({ intent: key })
    expect(getDb().select().from(alertAcknowledgements).all()).toHaveLength(0)
  })

  test('another group’s facilitator cannot acknowledge it', async () => {
    const key = `missed_sessions:${absentee}:w2`
    const o = await post(alertsPage, otherFacilitator, '/alerts', {}, { intent: key, note: 'Called them' })
    expect(o.status).toBe(409)
    expect(getDb().select().from(alertAcknowledgements).all()).toHaveLength(0)
  })

  test('an acknowledged alert leaves the open list and stays in the history with its note', async () => {
    const key = `missed_sessions:${absentee}:w2`
    type Dashboard = { alerts: { total: number; shown: { key: string }[] } }
    const dashboard = async () => (await load(groupsPage, facilitator, '/groups')).data as Dashboard
    const before = await dashboard()
    expect(before.alerts.shown.map((a) => a.key)).toContain(key)
    const o = await post(alertsPage, facilitator, '/alerts', {}, { intent: key, note: 'Called; back next week.' })
    expect(o.status).toBe(302)
    expect(keysFor({ facilitatorId: facilitator.id })).not.toContain(key)
    // the dashboard (kept until the data changes) shows it gone at once
    const after = await dashboard()
    expect(after.alerts.shown.map((a) => a.key)).not.toContain(key)
    expect(after.alerts.total).toBe(before.alerts.total - 1)
    const page = await load(alertsPage, coordinator, '/alerts')
    const data = page.data as { open: { key: string }[]; history: { note: string; byName: string }[] }
    expect(data.open.map((a) => a.key)).not.toContain(key)
    expect(data.history).toEqual([
      expect.objectContaining({ note: 'Called; back next week.', byName: facilitator.name }),
    ])
    // Twice is refused: it is no longer open.
    expect((await post(alertsPage, coordinator, '/alerts', {}, { intent: key, note: 'again' })).status).toBe(409)
  })
})

describe('alerts follow the records', () => {
  test('an alert the records no longer raise is cleared; it comes back if they raise it again', () => {
    const key = `no_tox:${absentee}:p1`
    const result = getDb()
      .insert(toxResults)
      .values({
        participantId: absentee,
        period: 1,
        collectedOn: '2026-09-10',
        panel: 'oral',
        results: {},
        recordedBy: coordinator.id,
      })
      .returning({ id: toxResults.id })
      .get()
    refreshAlerts(NOW)
    expect(keysFor('all')).not.toContain(key)
    expect(getDb().select().from(staffAlerts).where(eq(staffAlerts.alertKey, key)).get()?.clearedAt).toBe(
      NOW.toISOString(),
    )
    getDb().delete(toxResults).where(eq(toxResults.id, result.id)).run()
    expect(refreshAlerts(NOW)).toBe(1)
    expect(keysFor('all')).toContain(key)
  })
})

describe('alert emails for staff who opt in', () => {
  test('one message per open alert, queued once, naming no participant', async () => {
    saveReminderPrefs(facilitator.id, { ...DEFAULT_REMINDER_PREFS, staffAlerts: true })
    await runScheduler({ now: NOW, transport: null })
    const mine = () =>
      getDb()
        .select()
        .from(outbox)
        .all()
        .filter((r) => r.userId === facilitator.id)
    const open = keysFor({ facilitatorId: facilitator.id })
    expect(
      mine()
        .map((r) => r.dedupeKey)
        .sort(),
    ).toEqual(open.map((k) => `${facilitator.id}:staff_alert:${k}`).sort())
    expect(mine().every((r) => r.recipient === facilitator.email && !r.body.includes('T-'))).toBe(true)
    await runScheduler({ now: NOW, transport: null })
    expect(mine()).toHaveLength(open.length)
    // The other facilitator did not opt in: nothing for them.
    expect(
      getDb()
        .select()
        .from(outbox)
        .all()
        .some((r) => r.userId === otherFacilitator.id),
    ).toBe(false)
  })
})

describe('the alerts page in pages', () => {
  test('fifty open alerts a page, newest first, with the count and the way to older ones', async () => {
    const groupId = getDb().select().from(participants).where(eq(participants.id, absentee)).get()!.groupId!
    const before = openAlerts('all').rows.length
    // 55 more, raised one second apart after everything else (the newest first on the page)
    const extra = Array.from({ length: 55 }, (_, i) => ({
      alertKey: `paging:${String(i).padStart(2, '0')}`,
      participantId: absentee,
      groupId,
      kind: 'missed_sessions',
      detail: `test ${i}`,
      raisedAt: new Date(Date.UTC(2030, 0, 1, 0, 0, i)).toISOString(),
    }))
    getDb().insert(staffAlerts).values(extra).run()
    type Page = { open: { key: string }[]; older: boolean; page: number; openCount: { total: number; more: boolean } }
    const pageOf = async (n: number | string) => (await load(alertsPage, coordinator, `/alerts?page=${n}`)).data as Page
    try {
      const first = await pageOf(1)
      expect(first.open).toHaveLength(50)
      expect(first.open[0].key).toBe('paging:54')
      expect(first.open[49].key).toBe('paging:05')
      expect(first.older).toBe(true)
      expect(first.openCount).toEqual({ total: before + 55, more: false })
      const second = await pageOf(2)
      expect(second.open.map((a) => a.key).slice(0, 5)).toEqual([
        'paging:04',
        'paging:03',
        'paging:02',
        'paging:01',
        'paging:00',
      ])
      expect(second.open).toHaveLength(5 + before)
      expect(second.older).toBe(false)
      // past the end: an empty page, not an error; a bad page number is the first page
      expect((await pageOf(9)).open).toEqual([])
      expect((await pageOf('1e20')).page).toBe(1)
    } finally {
      getDb()
        .delete(staffAlerts)
        .where(
          inArray(
            staffAlerts.alertKey,
            extra.map((a) => a.alertKey),
          ),
        )
        .run()
    }
  })
})

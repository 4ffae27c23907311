import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { adverseEvents, auditLog } from '#db/schema'
import { getDb } from '~/db.server'
import { addDays, localDate } from '~/domain/schedule'
import * as cohortsModule from '~/routes/cohorts._index'
import * as participantModule from '~/routes/participants.$participantId'
import { createTestCohort, createUser, enrolTestParticipant } from '../support/factories'
import { errorsOf, load, loaderData, post, typedValuesOf, type RouteModule } from './route-helpers'

/**
 * Adverse events (issue 9): every clinical answer chosen, a real onset that has happened, a
 * serious event confirmed in a second step and flagged to supervisors on their start page until
 * one acknowledges it.
 */

const participantRoute = participantModule as RouteModule
const cohortsRoute = cohortsModule as RouteModule
const TZ = 'America/New_York'
const db = () => getDb()
const eventsOf = (participantId: number) =>
  db().select().from(adverseEvents).where(eq(adverseEvents.participantId, participantId)).all()

async function setUp() {
  const coordinator = await createUser('coordinator')
  const cohortId = createTestCohort({ actorId: coordinator.id })
  const { id } = enrolTestParticipant(cohortId, coordinator.id)
  return { coordinator, id }
}

const event = (overrides: Record<string, string> = {}) => ({
  intent: 'ae',
  description: 'Admitted overnight after a fall at home.',
  onsetDate: addDays(localDate(new Date(), TZ), -2),
  severity: 'severe',
  relatedness: 'not_related',
  expectedness: 'unexpected',
  actionTaken: 'Prescriber informed; follow-up call booked.',
  ...overrides,
})

const report = (user: { id: number }, id: number, fields: Record<string, string>) =>
  post(participantRoute, user, `/participants/${id}`, { participantId: String(id) }, fields)

describe('recording an adverse event', () => {
  test('the onset date must be a real date that has happened, and not implausibly old', async () => {
    const { coordinator, id } = await setUp()
    const today = localDate(new Date(), TZ)
    for (const [onsetDate, message] of [
      ['2025-02-30', /real date/],
      [addDays(today, 1), /future/],
      ['9999-12-31', /future/],
      ['1900-01-01', /before 2000-01-01/],
    ] as const) {
      const o = await report(coordinator, id, event({ onsetDate, serious: 'no' }))
      expect(o.status, onsetDate).toBe(400)
      expect(errorsOf(o.data).fieldErrors.onsetDate?.[0], onsetDate).toMatch(message)
    }
    expect(eventsOf(id)).toEqual([])
    expect((await report(coordinator, id, event({ onsetDate: today, serious: 'no' }))).status).toBe(302)
  })

  test('a serious event is refused until confirmed (second step, no JavaScript needed); typed values kept', async () => {
    const { coordinator, id } = await setUp()
    const o = await report(coordinator, id, event({ serious: 'yes' }))
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).fieldErrors.confirmSerious?.[0]).toMatch(/I confirm this is a serious adverse event/)
    expect(typedValuesOf(o.data)).toMatchObject({
      serious: 'yes',
      severity: 'severe',
      description: event().description,
    })
    expect(eventsOf(id)).toEqual([])
    const confirmed = await report(coordinator, id, event({ serious: 'yes', confirmSerious: 'on' }))
    expect(confirmed.status).toBe(302)
    expect(eventsOf(id)).toEqual([expect.objectContaining({ serious: true, acknowledgedAt: null })])
    const logged = db().select().from(auditLog).where(eq(auditLog.participantId, id)).all()
    expect(logged.find((a) => a.action === 'adverse_event.create')?.detail).toBe('serious')
  })
})

describe('serious events are flagged to supervisors', () => {
  type Page = { serious: { id: number; participantId: number; studyId: string }[] | null }

  test('listed on the supervisor start page (audit-logged view) until acknowledged; others do not see the list', async () => {
    const { coordinator, id } = await setUp()
    await report(coordinator, id, event({ serious: 'yes', confirmSerious: 'on' }))
    await report(coordinator, id, event({ serious: 'no', description: 'Mild headache.' }))
    const [serious] = eventsOf(id).filter((e) => e.serious)
    const supervisor = await createUser('supervisor')
    const page = await loaderData<Page>(cohortsRoute, supervisor, '/cohorts')
    expect(page.serious?.filter((e) => e.participantId === id).map((e) => e.id)).toEqual([serious.id])
    const seen = db()
      .select()
      .from(auditLog)
      .where(eq(auditLog.actorId, supervisor.id))
      .all()
      .filter((a) => a.action === 'adverse_event.review_list')
    expect(seen.map((a) => a.participantId)).toContain(id)

    // a coordinator or facilitator landing on /cohorts gets no list (and cannot acknowledge)
    expect((await loaderData<Page>(cohortsRoute, coordinator, '/cohorts')).serious).toBeNull()
    expect(
      (await post(cohortsRoute, coordinator, '/cohorts', {}, { intent: 'acknowledge', eventId: String(serious.id) }))
        .status,
    ).toBe(403)

    const ack = await post(
      cohortsRoute,
      supervisor,
      '/cohorts',
      {},
      { intent: 'acknowledge', eventId: String(serious.id) },
    )
    expect(ack).toMatchObject({ status: 302, location: '/cohorts' })
    expect(eventsOf(id).find((e) => e.id === serious.id)).toMatchObject({ acknowledgedBy: supervisor.id })
    const after = await loaderData<Page>(cohortsRoute, supervisor, '/cohorts')
    expect(after.serious?.some((e) => e.id === serious.id)).toBe(false)
    expect(
      db()
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, 'adverse_event.acknowledge'))
        .all()
        .some((a) => a.entityId === String(serious.id) && a.actorId === supervisor.id),
    ).toBe(true)

    // twice, or a non-serious event: refused with a message, nothing changes
    const again = await post(
      cohortsRoute,
      supervisor,
      '/cohorts',
      {},
      { intent: 'acknowledge', eventId: String(serious.id) },
    )
    expect(again.status).toBe(409)
    const notSerious = eventsOf(id).find((e) => !e.serious)!
    expect(
      (await post(cohortsRoute, supervisor, '/cohorts', {}, { intent: 'acknowledge', eventId: String(notSerious.id) }))
        .status,
    ).toBe(409)
    expect(eventsOf(id).find((e) => !e.serious)?.acknowledgedAt).toBeNull()
    // the participant page still renders, now saying it was acknowledged
    expect(
      (await load(participantRoute, supervisor, `/participants/${id}`, { participantId: String(id) })).status,
    ).toBe(200)
  })
})

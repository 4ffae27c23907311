import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test, vi } from 'vitest'
import { continuationDecisions, practiceLogs, promisAnxiety, users, weeklySurveys } from '#db/schema'
import { findLessonMeta } from '~/content/content.server'
import { getDb } from '~/db.server'
import { MeasureError, submitCheckIn } from '~/domain/measures.server'
import { addDays, localDate } from '~/domain/schedule'
import * as home from '~/routes/me._index'
import * as checkIn from '~/routes/me.check-in'
import * as history from '~/routes/me.check-in_.history'
import * as practice from '~/routes/me.practice._index'
import { createTestCohort, createUser, enrolTestParticipant, participantUser } from '../support/factories'
import { errorsOf, groupOf, load, loaderData, placeIn, post, typedValuesOf, type RouteModule } from './route-helpers'

/**
 * Issue 12, the check-in on a phone, against a real SQLite file: one form for both due parts
 * (both saved or neither, a refusal keeps every answer), the reply to reported use, the
 * participant's own history, the check-in-only home, and the practice log's repeated tap and
 * delete confirmation.
 */
type User = typeof users.$inferSelect
const TZ = 'America/New_York'

let coordinator: User
/** A cohort whose week 1 meets today: the week-1 check-in and the week-0 PROMIS are both due. */
let cohortToday: number
/** Today's date in New York, where the cohort meets (week 1 at 18:00 today). */
let today: string

async function newParticipant(cohort: number, arm: 'mrocc' | 'recovery_support' = 'mrocc') {
  const { id } = enrolTestParticipant(cohort, coordinator.id, false)
  placeIn(id, groupOf(cohort, arm).id)
  return { id, user: await participantUser(id) }
}

const speaksSpanish = (userId: number) => getDb().update(users).set({ locale: 'es' }).where(eq(users.id, userId)).run()
const weeklyOf = (id: number) => getDb().select().from(weeklySurveys).where(eq(weeklySurveys.participantId, id)).all()
const promisOf = (id: number) => getDb().select().from(promisAnxiety).where(eq(promisAnxiety.participantId, id)).all()

const WEEKLY = {
  'weekly.week': '1',
  'weekly.craving[0]': '5',
  'weekly.craving[1]': '6',
  'weekly.craving[2]': '7',
  'weekly.usedOpioids': 'yes',
  'weekly.otherSubstances': ['alcohol'],
}
const PROMIS = Object.fromEntries([
  ['promis.week', '0'],
  ...Array.from({ length: 8 }, (_, i) => [`promis.items[${i}]`, String((i % 5) + 1)]),
]) as Record<string, string>

beforeAll(async () => {
  coordinator = await createUser('coordinator')
  today = localDate(new Date(), TZ)
  const weekday = new Date(`${today}T12:00:00Z`).getUTCDay()
  cohortToday = createTestCohort({ actorId: coordinator.id, startDate: today, weekday })
})

describe('the combined check-in', () => {
  test('both parts due: the page offers one form with both', async () => {
    const { user } = await newParticipant(cohortToday)
    const d = await loaderData<{ weekly: number | null; promis: number | null }>(
      checkIn as RouteModule,
      user,
      '/me/check-in',
    )
    expect(d).toMatchObject({ weekly: 1, promis: 0 })
  })

  test('one submit saves both parts, each with the page language', async () => {
    const { id, user } = await newParticipant(cohortToday)
    speaksSpanish(user.id)
    const o = await post(checkIn as RouteModule, user, '/me/check-in', {}, { ...WEEKLY, ...PROMIS })
    expect(o).toMatchObject({ status: 302, location: '/me/check-in' })
    expect(weeklyOf(id)).toMatchObject([{ week: 1, cravingScore: 6, usedOpioids: true, language: 'es' }])
    expect(promisOf(id)).toMatchObject([{ week: 0, items: [1, 2, 3, 4, 5, 1, 2, 3], language: 'es' }])
  })

  test('a refused submit (one PROMIS answer missing) saves neither part and sends back every answer of both', async () => {
    const { id, user } = await newParticipant(cohortToday)
    const { ['promis.items[5]']: _left, ...promis } = PROMIS
    const o = await post(checkIn as RouteModule, user, '/me/check-in', {}, { ...WEEKLY, ...promis })
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).fieldErrors).toEqual({ 'promis.items[5]': ['form.chooseAnswer'] })
    expect(typedValuesOf(o.data)).toMatchObject({
      // one ticked box comes back as the browser sent it (a single value); the page ticks it again
      weekly: { week: '1', craving: ['5', '6', '7'], usedOpioids: 'yes', otherSubstances: 'alcohol' },
      promis: { week: '0', items: ['1', '2', '3', '4', '5', undefined, '2', '3'] },
    })
    expect(weeklyOf(id)).toHaveLength(0)
    expect(promisOf(id)).toHaveLength(0)
  })

  test('a refused weekly part keeps the PROMIS answers too', async () => {
    const { id, user } = await newParticipant(cohortToday)
    const o = await post(
      checkIn as RouteModule,
      user,
      '/me/check-in',
      {},
      { ...WEEKLY, 'weekly.usedOpioids': 'perhaps', ...PROMIS },
    )
    expect(o.status).toBe(400)
    expect(Object.keys(errorsOf(o.data).fieldErrors)).toEqual(['weekly.usedOpioids'])
    expect((typedValuesOf(o.data).promis as { items: string[] }).items).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '1',
      '2',
      '3',
    ])
    expect(weeklyOf(id)).toHaveLength(0)
    expect(promisOf(id)).toHaveLength(0)
  })

  test('the two parts are written in one transaction: when the second fails, the first is rolled back', async () => {
    const { id } = await newParticipant(cohortToday)
    submitCheckIn(id, { promis: { week: 0, items: [1, 1, 1, 1, 1, 1, 1, 1] } }, 'en')
    expect(() =>
      submitCheckIn(
        id,
        {
          weekly: { week: 1, craving: [1, 1, 1], usedOpioids: false, otherSubstances: {}, language: 'en' },
          promis: { week: 0, items: [2, 2, 2, 2, 2, 2, 2, 2] },
        },
        'en',
      ),
    ).toThrow(MeasureError)
    expect(weeklyOf(id)).toHaveLength(0)
    expect(promisOf(id)).toMatchObject([{ items: [1, 1, 1, 1, 1, 1, 1, 1] }])
  })

  test('once PROMIS is done only the weekly part is due, and a PROMIS part sent anyway is refused whole', async () => {
    const { id, user } = await newParticipant(cohortToday)
    submitCheckIn(id, { promis: { week: 0, items: [1, 1, 1, 1, 1, 1, 1, 1] } }, 'en')
    const d = await loaderData<{ weekly: number | null; promis: number | null }>(
      checkIn as RouteModule,
      user,
      '/me/check-in',
    )
    expect(d).toMatchObject({ weekly: 1, promis: null })
    const o = await post(checkIn as RouteModule, user, '/me/check-in', {}, { ...WEEKLY, ...PROMIS })
    expect(o.status).toBe(409)
    expect(errorsOf(o.data).formErrors).toEqual(['checkIn.promisClosed'])
    expect(weeklyOf(id)).toHaveLength(0)
  })

  test('reported use is answered with the overdose-safety reply in the participant language; no use, a thank-you', async () => {
    const used = await newParticipant(cohortToday)
    speaksSpanish(used.user.id)
    await post(checkIn as RouteModule, used.user, '/me/check-in', {}, { ...WEEKLY, ...PROMIS })
    const reply = await loaderData<{ reply: { usedOpioids: boolean; safety: { points: string[] } | null } }>(
      checkIn as RouteModule,
      used.user,
      '/me/check-in',
    )
    expect(reply.reply.usedOpioids).toBe(true)
    expect(reply.reply.safety?.points.join(' ')).toMatch(/naloxona/)

    const clean = await newParticipant(cohortToday)
    await post(
      checkIn as RouteModule,
      clean.user,
      '/me/check-in',
      {},
      { ...WEEKLY, 'weekly.usedOpioids': 'no', ...PROMIS },
    )
    const thanks = await loaderData<{ reply: { usedOpioids: boolean; safety: unknown } }>(
      checkIn as RouteModule,
      clean.user,
      '/me/check-in',
    )
    expect(thanks.reply).toMatchObject({ week: 1, usedOpioids: false, safety: null })
  })
})

describe('my past answers', () => {
  test('show only my own check-ins, with missed weeks and no PROMIS score', async () => {
    // a cohort in week 4: weeks 1–2 closed, week 3 closed, week 4 open
    const start = addDays(localDate(new Date(), TZ), -21)
    const cohort = createTestCohort({
      actorId: coordinator.id,
      startDate: start,
      weekday: new Date(`${start}T12:00:00Z`).getUTCDay(),
    })
    const me = await newParticipant(cohort)
    const other = await newParticipant(cohort)
    const insert = (participantId: number, week: number, score: number) =>
      getDb()
        .insert(weeklySurveys)
        .values({
          participantId,
          week,
          cravingNow: score,
          cravingCue: score,
          cravingLikelihood: score,
          cravingScore: score,
          usedOpioids: false,
          otherSubstances: {},
          language: 'en',
          submittedAt: new Date().toISOString(),
        })
        .run()
    insert(me.id, 1, 2)
    insert(other.id, 2, 9)
    insert(other.id, 3, 9)
    const d = await loaderData<{ rows: { week: number; status: string; craving: number | null }[] }>(
      history as RouteModule,
      me.user,
      '/me/check-in/history',
    )
    expect(d.rows.map((r) => [r.week, r.status, r.craving])).toEqual([
      [1, 'answered', 2],
      [2, 'missed', null],
      [3, 'missed', null],
      [4, 'open', null],
    ])
    expect(JSON.stringify(d)).not.toMatch(/tScore|"raw"/)
  })

  test('staff and signed-out people cannot open it', async () => {
    expect((await load(history as RouteModule, coordinator, '/me/check-in/history')).status).toBe(403)
    expect((await load(history as RouteModule, null, '/me/check-in/history')).status).toBe(302)
  })
})

describe('home on the check-in-only track', () => {
  test('a participant who declined at week 8 is asked only for the check-in and surveys', async () => {
    const start = addDays(localDate(new Date(), TZ), -7 * 11 + 1) // in week 11; the next meeting (week 12) is tomorrow
    const cohort = createTestCohort({
      actorId: coordinator.id,
      startDate: start,
      weekday: new Date(`${start}T12:00:00Z`).getUTCDay(),
    })
    const declined = await newParticipant(cohort, 'mrocc')
    const continued = await newParticipant(cohort, 'mrocc')
    for (const [p, decision] of [
      [declined, 'decline'],
      [continued, 'continue'],
    ] as const)
      getDb()
        .insert(continuationDecisions)
        .values({
          participantId: p.id,
          eligible: true,
          offeredAt: addDays(start, 49),
          decision,
          reasons: [],
          recordedBy: coordinator.id,
          recordedAt: new Date().toISOString(),
        })
        .run()
    type Home = { myWeek: { track: string; expected: string[] } }
    const off = await loaderData<Home>(home as RouteModule, declined.user, '/me')
    expect(off.myWeek.track).toBe('checkInOnly')
    expect(off.myWeek.expected).toEqual(['checkInMeeting', 'weeklyQuestions'])
    const on = await loaderData<Home>(home as RouteModule, continued.user, '/me')
    expect(on.myWeek).toMatchObject({ track: 'group' })
    expect(on.myWeek.expected).toEqual(expect.arrayContaining(['groupMeeting', 'homePractice']))
  })
})

describe('the practice log', () => {
  const logsOf = (id: number) => getDb().select().from(practiceLogs).where(eq(practiceLogs.participantId, id)).all()
  const slug = () => findLessonMeta('mrocc', 1)!.practices[0]

  test('a second identical tap within a minute logs once, and says it is already logged', async () => {
    const { id, user } = await newParticipant(cohortToday)
    const first = await post(
      practice as RouteModule,
      user,
      '/me/practice',
      {},
      { intent: 'quick', practiceSlug: slug() },
    )
    const second = await post(
      practice as RouteModule,
      user,
      '/me/practice',
      {},
      { intent: 'quick', practiceSlug: slug() },
    )
    expect(first).toMatchObject({ status: 302, location: '/me/practice' })
    expect(second).toMatchObject({ status: 302, location: '/me/practice' })
    expect(logsOf(id)).toHaveLength(1)
    const entry = { intent: 'create', practiceSlug: slug(), date: localDate(new Date(), TZ), minutes: '17' }
    await post(practice as RouteModule, user, '/me/practice', {}, entry)
    await post(practice as RouteModule, user, '/me/practice', {}, entry)
    expect(logsOf(id)).toHaveLength(2)
  })

  test('only guides already assigned are offered and accepted', async () => {
    // Late morning today, before the week-1 meeting at 18:00: only week 1's guides are assigned.
    // (Once it has begun, participants prepare for week 2 and its guides are added: focusWeek.)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(`${today}T16:00:00Z`))
    try {
      const { id, user } = await newParticipant(cohortToday)
      const assigned = new Set(findLessonMeta('mrocc', 1)!.practices)
      const d = await loaderData<{ options: { slug: string }[] }>(practice as RouteModule, user, '/me/practice')
      expect(d.options.length).toBeGreaterThan(0)
      for (const o of d.options) expect(assigned.has(o.slug)).toBe(true)
      const later = findLessonMeta('mrocc', 20)!.practices.find((s) => !assigned.has(s))!
      const o = await post(practice as RouteModule, user, '/me/practice', {}, { intent: 'quick', practiceSlug: later })
      expect(o.status).toBe(400)
      expect(logsOf(id)).toHaveLength(0)
    } finally {
      vi.useRealTimers()
    }
  })

  test('delete asks first: ?delete=<id> names my own entry to confirm; someone else’s is not offered', async () => {
    const me = await newParticipant(cohortToday)
    const other = await newParticipant(cohortToday)
    await post(practice as RouteModule, me.user, '/me/practice', {}, { intent: 'quick', practiceSlug: slug() })
    await post(practice as RouteModule, other.user, '/me/practice', {}, { intent: 'quick', practiceSlug: slug() })
    const [mine] = logsOf(me.id)
    const [theirs] = logsOf(other.id)
    const ask = await loaderData<{ deleting: number | null }>(
      practice as RouteModule,
      me.user,
      `/me/practice?delete=${mine.id}`,
    )
    expect(ask.deleting).toBe(mine.id)
    expect(logsOf(me.id)).toHaveLength(1) // asking deletes nothing
    const notMine = await loaderData<{ deleting: number | null }>(
      practice as RouteModule,
      me.user,
      `/me/practice?delete=${theirs.id}`,
    )
    expect(notMine.deleting).toBeNull()
    const gone = await post(
      practice as RouteModule,
      me.user,
      '/me/practice',
      {},
      { intent: 'delete', logId: String(mine.id) },
    )
    expect(gone).toMatchObject({ status: 302, location: '/me/practice' })
    expect(logsOf(me.id)).toHaveLength(0)
    expect(logsOf(other.id)).toHaveLength(1)
  })
})

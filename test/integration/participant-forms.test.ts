import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import {
  adverseEvents,
  participants,
  practiceLogs,
  promisAnxiety,
  toxResults,
  weeklySurveys,
  type users,
} from '#db/schema'
import { getDb } from '~/db.server'
import { addDays, localDate } from '~/domain/schedule'
import * as home from '~/routes/me._index'
import * as checkIn from '~/routes/me.check-in'
import * as practice from '~/routes/me.practice._index'
import * as person from '~/routes/participants.$participantId'
import { toastSessionStorage } from '~/utils/toast.server'
import { createTestCohort, createUser, enrolTestParticipant, participantUser } from '../support/factories'
import { errorsOf, groupOf, loaderData, placeIn, post, typedValuesOf, type RouteModule } from './route-helpers'

/**
 * ADR 008 on the participant's check-in and the staff participant page: a refused post is a 4xx
 * that sends back every typed value (so the page shows exactly what was typed) and writes nothing;
 * an accepted one redirects with a one-time message.
 */
type User = typeof users.$inferSelect
const TZ = 'America/New_York'

let coordinator: User
let participantId: number
let participant: User

beforeAll(async () => {
  coordinator = await createUser('coordinator')
  // Week 1 meets today, so the week-1 check-in and the week-0 PROMIS are both open.
  const today = localDate(new Date(), TZ)
  const weekday = new Date(`${today}T12:00:00Z`).getUTCDay()
  const cohort = createTestCohort({ actorId: coordinator.id, startDate: today, weekday })
  ;({ id: participantId } = enrolTestParticipant(cohort, coordinator.id, false))
  placeIn(participantId, groupOf(cohort, 'mrocc').id)
  participant = await participantUser(participantId)
})

const rowsOf = <T extends typeof weeklySurveys | typeof promisAnxiety | typeof adverseEvents | typeof toxResults>(
  table: T,
) => getDb().select().from(table).where(eq(table.participantId, participantId)).all()

async function toastOf(location: string | null, setCookie: string | null) {
  expect(location).toBeTruthy()
  const session = await toastSessionStorage.getSession(setCookie ?? '')
  return session.get('toast')?.description as string | undefined
}

describe('the check-in', () => {
  test('the page offers the due forms (one rule for home and check-in)', async () => {
    const data = await loaderData<{ weekly: number | null; promis: number | null }>(
      checkIn as RouteModule,
      participant,
      '/me/check-in',
    )
    expect(data).toMatchObject({ weekly: 1, promis: 0 })
    const start = await loaderData<{ surveyDue: boolean }>(home as RouteModule, participant, '/me')
    expect(start.surveyDue).toBe(true)
  })

  test('a refused weekly check-in keeps the typed ratings and answers, says what is missing, writes nothing', async () => {
    const o = await post(
      checkIn as RouteModule,
      participant,
      '/me/check-in',
      {},
      {
        'weekly.week': '1',
        'weekly.craving[0]': '3',
        'weekly.craving[1]': '7',
        // the third rating left unanswered
        'weekly.usedOpioids': 'no',
        'weekly.otherSubstances': ['alcohol', 'cocaine'],
      },
    )
    expect(o.status).toBe(400)
    expect(typedValuesOf(o.data)).toMatchObject({
      weekly: { week: '1', craving: ['3', '7'], usedOpioids: 'no', otherSubstances: ['alcohol', 'cocaine'] },
    })
    expect(errorsOf(o.data).fieldErrors).toEqual({ 'weekly.craving[2]': ['form.chooseNumber'] })
    expect(rowsOf(weeklySurveys)).toHaveLength(0)
  })

  test('out-of-range ratings are refused beside their item, nothing written', async () => {
    const o = await post(
      checkIn as RouteModule,
      participant,
      '/me/check-in',
      {},
      {
        'weekly.week': '1',
        'weekly.craving[0]': '11',
        'weekly.craving[1]': 'x',
        'weekly.craving[2]': '4',
        'weekly.usedOpioids': 'maybe',
      },
    )
    expect(o.status).toBe(400)
    expect(Object.keys(errorsOf(o.data).fieldErrors).sort()).toEqual([
      'weekly.craving[0]',
      'weekly.craving[1]',
      'weekly.usedOpioids',
    ])
    expect(typedValuesOf(o.data)).toMatchObject({ weekly: { craving: ['11', 'x', '4'] } })
    expect(rowsOf(weeklySurveys)).toHaveLength(0)
  })

  test('a week that is not open is refused (409) with the typed values kept', async () => {
    const o = await post(
      checkIn as RouteModule,
      participant,
      '/me/check-in',
      {},
      {
        'weekly.week': '5',
        'weekly.craving[0]': '1',
        'weekly.craving[1]': '2',
        'weekly.craving[2]': '3',
        'weekly.usedOpioids': 'yes',
      },
    )
    expect(o.status).toBe(409)
    expect(errorsOf(o.data).formErrors[0]).toMatch(/closed/)
    expect(typedValuesOf(o.data)).toMatchObject({ weekly: { craving: ['1', '2', '3'], usedOpioids: 'yes' } })
    expect(rowsOf(weeklySurveys)).toHaveLength(0)
  })

  test('a refused PROMIS part keeps the answers given', async () => {
    const o = await post(
      checkIn as RouteModule,
      participant,
      '/me/check-in',
      {},
      { 'promis.week': '0', 'promis.items[0]': '2', 'promis.items[1]': '3' },
    )
    expect(o.status).toBe(400)
    expect(typedValuesOf(o.data)).toMatchObject({ promis: { items: ['2', '3'] } })
    expect(Object.keys(errorsOf(o.data).fieldErrors)).toHaveLength(6)
    expect(rowsOf(promisAnxiety)).toHaveLength(0)
  })

  test('a complete check-in is saved once, in item order, and answered with a message', async () => {
    const o = await post(
      checkIn as RouteModule,
      participant,
      '/me/check-in',
      {},
      {
        'weekly.week': '1',
        'weekly.craving[0]': '2',
        'weekly.craving[1]': '4',
        'weekly.craving[2]': '9',
        'weekly.usedOpioids': 'no',
        'weekly.otherSubstances': 'alcohol',
      },
    )
    expect(o).toMatchObject({ status: 302, location: '/me/check-in' })
    const [row] = rowsOf(weeklySurveys)
    expect(row).toMatchObject({ week: 1, cravingNow: 2, cravingCue: 4, cravingLikelihood: 9, usedOpioids: false })
    expect(row.cravingScore).toBe(5)
    expect(row.otherSubstances).toEqual({
      benzodiazepines: false,
      cocaine: false,
      methamphetamine: false,
      alcohol: true,
    })
    const again = await post(
      checkIn as RouteModule,
      participant,
      '/me/check-in',
      {},
      {
        'weekly.week': '1',
        'weekly.craving[0]': '1',
        'weekly.craving[1]': '1',
        'weekly.craving[2]': '1',
        'weekly.usedOpioids': 'no',
      },
    )
    expect(again.status).toBe(409)
    expect(rowsOf(weeklySurveys)).toHaveLength(1)
  })
})

describe('the practice log', () => {
  const logs = () => getDb().select().from(practiceLogs).where(eq(practiceLogs.participantId, participantId)).all()

  test('a refused entry keeps what was typed, with the problem beside its field, and writes nothing', async () => {
    const { findLessonMeta } = await import('~/content/content.server')
    const slug = findLessonMeta('mrocc', 1)!.practices[0]
    const tomorrow = addDays(localDate(new Date(), TZ), 1)
    const before = logs().length
    const o = await post(
      practice as RouteModule,
      participant,
      '/me/practice',
      {},
      {
        intent: 'create',
        practiceSlug: slug,
        date: tomorrow,
        minutes: '25',
      },
    )
    expect(o.status).toBe(400)
    expect((o.data as { intent: string }).intent).toBe('create')
    expect(typedValuesOf(o.data)).toMatchObject({ practiceSlug: slug, date: tomorrow, minutes: '25' })
    expect(errorsOf(o.data).fieldErrors).toEqual({ date: ['form.dateInFuture'] })
    expect(logs()).toHaveLength(before)
  })

  test('a logged practice is answered with a message on the page itself, not ?logged=1', async () => {
    const { findLessonMeta } = await import('~/content/content.server')
    const o = await post(
      practice as RouteModule,
      participant,
      '/me/practice',
      {},
      {
        intent: 'quick',
        practiceSlug: findLessonMeta('mrocc', 1)!.practices[0],
      },
    )
    expect(o).toMatchObject({ status: 302, location: '/me/practice' })
  })
})

describe('the staff participant page', () => {
  const url = () => `/participants/${participantId}`
  const params = () => ({ participantId: String(participantId) })
  const description = 'Dizzy and nauseous after the session; sat down for 10 minutes.\nFelt better by evening.'

  test('a refused adverse event keeps its typed description and chosen values, and writes nothing', async () => {
    const o = await post(person as RouteModule, coordinator, url(), params(), {
      intent: 'ae',
      description,
      onsetDate: '2026-13-40',
      severity: 'moderate',
      relatedness: 'possibly',
      // expectedness not chosen
      serious: 'yes',
      confirmSerious: 'on',
      actionTaken: 'Observed; advised rest.',
    })
    expect(o.status).toBe(400)
    expect((o.data as { intent: string }).intent).toBe('ae')
    expect(typedValuesOf(o.data)).toMatchObject({
      description,
      onsetDate: '2026-13-40',
      severity: 'moderate',
      relatedness: 'possibly',
      serious: 'yes',
      confirmSerious: 'on',
      actionTaken: 'Observed; advised rest.',
    })
    expect(Object.keys(errorsOf(o.data).fieldErrors).sort()).toEqual(['expectedness', 'onsetDate'])
    expect(rowsOf(adverseEvents)).toHaveLength(0)
  })

  test('severity, relatedness, expectedness and seriousness must be chosen: nothing is assumed', async () => {
    const o = await post(person as RouteModule, coordinator, url(), params(), {
      intent: 'ae',
      description,
      onsetDate: '2026-11-20',
      actionTaken: 'None',
    })
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).fieldErrors).toMatchObject({
      severity: ['Choose a severity.'],
      relatedness: ['Choose relatedness.'],
      expectedness: ['Choose expected or unexpected.'],
      serious: ['Say whether it is a serious adverse event.'],
    })
    expect(rowsOf(adverseEvents)).toHaveLength(0)
  })

  test('an accepted adverse event is saved as chosen and answered with a message, not reply.what', async () => {
    const o = await post(person as RouteModule, coordinator, url(), params(), {
      intent: 'ae',
      description,
      onsetDate: '2026-11-20',
      severity: 'mild',
      relatedness: 'unlikely',
      expectedness: 'unexpected',
      serious: 'no',
      actionTaken: 'None',
    })
    expect(o).toMatchObject({ status: 302, location: url() })
    expect(rowsOf(adverseEvents)).toEqual([
      expect.objectContaining({
        description,
        severity: 'mild',
        relatedness: 'unlikely',
        expectedness: 'unexpected',
        serious: false,
        recordedBy: coordinator.id,
      }),
    ])
  })

  test('a toxicology panel needs every result chosen; a refused one keeps the typed values', async () => {
    const today = localDate(new Date(), TZ)
    const results = { 'results[0]': 'negative', 'results[1]': 'positive', 'results[7]': 'positive' }
    const o = await post(person as RouteModule, coordinator, url(), params(), {
      intent: 'tox',
      collectedOn: today,
      panel: 'Oral fluid 8-panel',
      ...results,
    })
    expect(o.status).toBe(400)
    expect(Object.keys(errorsOf(o.data).fieldErrors).sort()).toEqual(
      ['results[2]', 'results[3]', 'results[4]', 'results[5]', 'results[6]'].sort(),
    )
    expect(typedValuesOf(o.data)).toMatchObject({ collectedOn: today, panel: 'Oral fluid 8-panel' })
    expect((typedValuesOf(o.data).results as unknown[]).filter(Boolean)).toEqual(['negative', 'positive', 'positive'])
    expect(rowsOf(toxResults)).toHaveLength(0)

    const all = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`results[${i}]`, i === 7 ? 'positive' : 'negative']),
    )
    // The period follows from the date: no date outside the programme, in the future or unreal.
    const refusedDate = async (collectedOn: string) => {
      const r = await post(person as RouteModule, coordinator, url(), params(), {
        intent: 'tox',
        collectedOn,
        panel: 'Oral fluid 8-panel',
        ...all,
      })
      expect(r.status).toBe(400)
      expect(typedValuesOf(r.data)).toMatchObject({ collectedOn })
      return errorsOf(r.data).fieldErrors.collectedOn?.[0]
    }
    expect(await refusedDate(addDays(today, -1))).toBe(
      `This date is outside the programme: the cohort starts on ${today}. Check the collection date.`,
    )
    expect(await refusedDate(addDays(today, 1))).toBe('The collection date cannot be in the future.')
    expect(await refusedDate('2025-02-30')).toMatch(/real date/)
    expect(rowsOf(toxResults)).toHaveLength(0)

    // A period typed into the form is not a field any more: the server computes it.
    const ok = await post(person as RouteModule, coordinator, url(), params(), {
      intent: 'tox',
      period: '7',
      collectedOn: today,
      panel: 'Oral fluid 8-panel',
      ...all,
    })
    expect(ok).toMatchObject({ status: 302, location: url() })
    expect(rowsOf(toxResults)[0]).toMatchObject({ period: 1, collectedOn: today })
    expect(rowsOf(toxResults)[0].results).toMatchObject({ opioids: 'negative', buprenorphine: 'positive' })
  })

  test('withdrawal needs a chosen reason and the confirmation; refused, nothing changes', async () => {
    const o = await post(person as RouteModule, coordinator, url(), params(), {
      intent: 'withdraw',
      reason: 'clinical',
    })
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).fieldErrors).toEqual({ confirm: ['Tick the box to confirm.'] })
    expect(typedValuesOf(o.data)).toMatchObject({ reason: 'clinical' })
    const row = getDb().select().from(participants).where(eq(participants.id, participantId)).get()!
    expect(row.status).not.toBe('withdrawn')
  })

  test('an unknown or non-canonical id is a 404', async () => {
    for (const id of ['0', '012', 'abc', '999999'])
      expect(
        (await post(person as RouteModule, coordinator, `/participants/${id}`, { participantId: id }, {})).status,
      ).toBe(404)
  })
})

describe('the message after a write', () => {
  test('travels in the toast cookie, not the URL', async () => {
    const { requestAs } = await import('../support/factories')
    const request = await requestAs(coordinator, `/participants/${participantId}`, {
      form: {
        intent: 'ae',
        description: 'x',
        onsetDate: '2026-11-21',
        severity: 'mild',
        relatedness: 'unlikely',
        expectedness: 'expected',
        serious: 'no',
        actionTaken: 'none',
      },
    })
    const response = (await person.action({
      request,
      params: { participantId: String(participantId) },
      context: {},
    })) as Response
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe(`/participants/${participantId}`)
    expect(await toastOf(response.headers.get('Location'), response.headers.get('Set-Cookie'))).toBe(
      'Adverse event saved.',
    )
  })
})

import { beforeAll, describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { screeningLog } from '#db/schema'
import { getDb } from '~/db.server'
import { listCriteria } from '~/domain/screening.server'
import type { ConsortCounts } from '~/domain/consort'
import { addDays, localDate } from '~/domain/schedule'
import * as screening from '~/routes/cohorts.$cohortId.screening'
import * as consort from '~/routes/data.consort'
import * as criteriaRoute from '~/routes/screening.criteria'
import { createTestCohort, createUser, enrolTestParticipant } from '../support/factories'
import { errorsOf, loaderData, post, typedValuesOf } from './route-helpers'

let coordinator: { id: number }
let dataManager: { id: number }
let cohortId: number
const today = localDate(new Date(), 'America/New_York')
const url = () => `/cohorts/${cohortId}/screening`
const params = () => ({ cohortId: String(cohortId) })

beforeAll(async () => {
  coordinator = await createUser('coordinator')
  dataManager = await createUser('data_manager')
  cohortId = createTestCohort({ actorId: coordinator.id })
})

const form = (over: Record<string, string | string[]>) => ({
  version: '0',
  referredOn: addDays(today, -10),
  screenedOn: addDays(today, -9),
  eligible: 'yes',
  consent: 'pending',
  ...over,
})

describe('screening log', () => {
  test('the criteria list starts with the trial’s and can be extended', async () => {
    const { criteria } = await loaderData<{ criteria: { text: string }[] }>(
      criteriaRoute,
      coordinator,
      '/screening/criteria',
    )
    expect(criteria.map((c) => c.text)).toContain('Aged 18 or older')
    const o = await post(
      criteriaRoute,
      coordinator,
      '/screening/criteria',
      {},
      {
        intent: 'add',
        kind: 'exclusion',
        text: 'Enrolled in another behavioural trial',
      },
    )
    expect(o.status).toBe(302)
    expect(listCriteria().map((c) => c.text)).toContain('Enrolled in another behavioural trial')
  })

  test('a future date is refused with what was typed kept, and nothing is written', async () => {
    const o = await post(screening, coordinator, url(), params(), form({ screenedOn: addDays(today, 1) }))
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).fieldErrors.screenedOn).toEqual(['The screening date cannot be in the future.'])
    expect(typedValuesOf(o.data).screenedOn).toBe(addDays(today, 1))
    expect(getDb().select().from(screeningLog).all()).toHaveLength(0)
  })

  test('not eligible needs a reason', async () => {
    const o = await post(screening, coordinator, url(), params(), form({ eligible: 'no' }))
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).fieldErrors.failedCriteria).toEqual(['Tick the criteria this person did not meet.'])
  })

  test('entries flow into the CONSORT counts', async () => {
    const age = listCriteria().find((c) => c.text === 'Aged 18 or older')!.id
    // 1 ineligible (age), 1 declined, 1 consented with baseline, later linked to a randomized participant
    expect(
      (await post(screening, coordinator, url(), params(), form({ eligible: 'no', failedCriteria: [String(age)] })))
        .status,
    ).toBe(302)
    expect((await post(screening, coordinator, url(), params(), form({ consent: 'declined' }))).status).toBe(302)
    const consentedOn = addDays(today, -8)
    // Baseline (PROMIS week 0) can be recorded before randomization.
    expect(
      (
        await post(
          screening,
          coordinator,
          url(),
          params(),
          form({ consent: 'consented', consentedOn, baselineCompletedOn: addDays(today, -7) }),
        )
      ).status,
    ).toBe(302)
    const entry = getDb().select().from(screeningLog).where(eq(screeningLog.consent, 'consented')).get()!
    const { id: participantId } = enrolTestParticipant(cohortId, coordinator.id)
    const linked = await post(
      screening,
      coordinator,
      `${url()}?edit=${entry.id}`,
      params(),
      form({
        entryId: String(entry.id),
        version: String(entry.version),
        consent: 'consented',
        consentedOn,
        baselineCompletedOn: addDays(today, -7),
        participantId: String(participantId),
      }),
    )
    expect(linked.status).toBe(302)
    // A second save from the same (now stale) version is a conflict, not an overwrite.
    const stale = await post(
      screening,
      coordinator,
      url(),
      params(),
      form({ entryId: String(entry.id), version: String(entry.version), consent: 'consented', consentedOn }),
    )
    expect(stale.status).toBe(409)

    const { counts } = await loaderData<{ counts: ConsortCounts }>(consort, dataManager, '/data/consort')
    expect(counts.assessed).toBe(3)
    expect(counts.excluded.total).toBe(2)
    expect(counts.excluded.notEligible.byCriterion).toEqual([
      { id: age, kind: 'inclusion', text: 'Aged 18 or older', n: 1 },
    ])
    expect(counts.excluded.declined).toBe(1)
    expect(counts.randomized).toBe(1)
    expect(counts.arms.reduce((n, a) => n + a.allocated, 0)).toBe(1)
  })
})

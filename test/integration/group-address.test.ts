/**
 * A group's address without a week (`/groups/7`, `/groups/7/weeks`) opens its session screen for
 * this week. Weeks worked out by hand: the cohort starts Tuesday 2026-09-01 and meets Tuesdays.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import * as groupRoute from '~/routes/groups.$groupId._index'
import * as weeksRoute from '~/routes/groups.$groupId.weeks._index'
import { createTestCohort, createUser } from '../support/factories'
import { groupOf, load, type RouteModule } from './route-helpers'

let groupId: number
let facilitator: { id: number }
beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2026-08-20T12:00:00Z'))
  const coordinator = await createUser('coordinator')
  facilitator = await createUser('facilitator')
  const cohortId = createTestCohort({
    actorId: coordinator.id,
    startDate: '2026-09-01',
    weekday: 2,
    facilitators: { mrocc: [facilitator.id] },
  })
  groupId = groupOf(cohortId, 'mrocc').id
})
afterAll(() => {
  vi.useRealTimers()
})

describe('a group without a week', () => {
  test.each([
    ['2026-08-20T16:00:00Z', 1], // before the first meeting
    ['2026-09-01T16:00:00Z', 1], // the first meeting's day
    ['2026-10-21T16:00:00Z', 8], // the day after week 8's meeting (10-20)
    ['2026-11-18T17:00:00Z', 12], // the day after week 12's (11-17)
    ['2027-06-01T16:00:00Z', 24], // long after the last
  ])('on %s: week %i', async (now, week) => {
    vi.setSystemTime(new Date(now))
    for (const [route, url] of [
      [groupRoute, `/groups/${groupId}`],
      [weeksRoute, `/groups/${groupId}/weeks`],
    ] as const) {
      const o = await load(route as RouteModule, facilitator, url, { groupId: String(groupId) })
      expect(o.status).toBe(302)
      expect(o.location).toBe(`/groups/${groupId}/weeks/${week}`)
    }
  })
})

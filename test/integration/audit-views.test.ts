import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog, participants } from '#db/schema'
import { getDb } from '~/db.server'
import * as cohortRoute from '~/routes/cohorts.$cohortId._index'
import { createTestCohort, createUser, enrolTestParticipant } from '../support/factories'
import { groupOf, loaderData, type RouteModule } from './route-helpers'

const shownTo = (actorId: number) =>
  getDb()
    .select({ participantId: auditLog.participantId })
    .from(auditLog)
    .where(and(eq(auditLog.actorId, actorId), eq(auditLog.action, 'cohort.progress.read')))
    .all()
    .map((r) => r.participantId)
    .sort((a, b) => a! - b!)

describe('staff views of many participants are audit-logged per participant shown', () => {
  test('the cohort page: every participant on it, and only those, for the person who looked', async () => {
    const coordinator = await createUser('coordinator')
    const facilitator = await createUser('facilitator')
    const cohortId = createTestCohort({ actorId: coordinator.id, facilitators: { mrocc: [facilitator.id] } })
    const people = Array.from({ length: 6 }, () => enrolTestParticipant(cohortId, coordinator.id))
    const waiting = enrolTestParticipant(cohortId, coordinator.id, false) // not randomized yet
    const url = `/cohorts/${cohortId}`
    const params = { cohortId: String(cohortId) }

    await loaderData(cohortRoute as RouteModule, coordinator, url, params)
    expect(shownTo(coordinator.id)).toEqual([...people.map((p) => p.id), waiting.id].sort((a, b) => a - b))

    // a facilitator sees only their own group's people, and only those are logged for them
    await loaderData(cohortRoute as RouteModule, facilitator, url, params)
    const inTheirGroup = getDb()
      .select({ id: participants.id, groupId: participants.groupId })
      .from(participants)
      .where(eq(participants.cohortId, cohortId))
      .all()
      .filter((p) => p.groupId === groupOf(cohortId, 'mrocc').id)
      .map((p) => p.id)
      .sort((a, b) => a - b)
    expect(inTheirGroup.length).toBeGreaterThan(0)
    expect(shownTo(facilitator.id)).toEqual(inTheirGroup)
  })
})

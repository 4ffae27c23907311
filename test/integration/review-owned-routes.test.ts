import { beforeAll, describe, expect, test } from 'vitest'
import type { users } from '#db/schema'
import * as decisions from '~/routes/groups.$groupId.decisions'
import * as weeks from '~/routes/groups.$groupId.weeks.$week'
import * as person from '~/routes/participants.$participantId'
import * as cohortPage from '~/routes/cohorts.$cohortId._index'
import { createTestCohort, createUser, enrolTestParticipant } from '../support/factories'
import { groupOf, load, post, type RouteModule } from './route-helpers'

/**
 * Independent review of routes other helpers own (read-only here): hostile input must be a 4xx,
 * never a 5xx. Failures found are written as todos with the reason, for their owners.
 */
type User = typeof users.$inferSelect
let coordinator: User
let lead: User
let cohortId: number
let groupId: number
let participantId: number

beforeAll(async () => {
  coordinator = await createUser('coordinator')
  lead = await createUser('facilitator')
  cohortId = createTestCohort({
    actorId: coordinator.id,
    startDate: '2026-09-01',
    weekday: 2,
    facilitators: { mrocc: [lead.id], recovery_support: [lead.id] },
  })
  groupId = groupOf(cohortId, 'mrocc').id
  ;({ id: participantId } = enrolTestParticipant(cohortId, coordinator.id))
})

const expect4xx = (status: number, what: string) => {
  expect(status, what).toBeGreaterThanOrEqual(400)
  expect(status, what).toBeLessThan(500)
}

describe('hostile input on other helpers’ routes is never a 5xx', () => {
  test('session screen: odd weeks and group ids, arrays, huge notes, unknown people', async () => {
    for (const [g, w] of [
      ['abc', '1'],
      [String(groupId), '0'],
      [String(groupId), '25'],
      [String(groupId), '1.5'],
      [String(groupId), '../1'],
      ['99999999999999999999', '1'],
    ])
      expect((await load(weeks as RouteModule, lead, `/groups/${g}/weeks/${w}`, { groupId: g, week: w })).status).toBe(
        404,
      )
    const forms: Record<string, string | string[]>[] = [
      {},
      { status: 'held', checkinMinutes: '-30', groupMinutes: '1e9' },
      { status: ['held', 'missed'], checkinMinutes: '30', groupMinutes: '60' },
      { status: 'held', checkinMinutes: '30', groupMinutes: '60', notes: 'ü'.repeat(6000) },
      { status: 'held', checkinMinutes: '30', groupMinutes: '60', 'attendance[0].participantId': '99999999' },
      { status: 'held', checkinMinutes: '30', groupMinutes: '60', facilitatorIds: ['abc'] },
      { status: 'held', checkinMinutes: '30', groupMinutes: '60', 'fidelity[0].itemId': '../../x' },
    ]
    for (const form of forms) {
      const o = await post(
        weeks as RouteModule,
        lead,
        `/groups/${groupId}/weeks/1`,
        { groupId: String(groupId), week: '1' },
        form,
      )
      expect4xx(o.status, JSON.stringify(form).slice(0, 100))
    }
  })

  test('week-8 decisions: impossible dates, other people, wrong intents', async () => {
    for (const form of [
      {},
      { intent: 'drop' },
      { intent: 'decide', participantId: '99999999', offeredAt: '2026-10-27', decision: 'continue' },
      { intent: 'decide', participantId: String(participantId), offeredAt: '2025-02-30', decision: 'continue' },
      { intent: 'decide', participantId: String(participantId), offeredAt: '9999-12-31', decision: 'continue' },
      { intent: 'decide', participantId: String(participantId), offeredAt: '0001-01-01', decision: 'continue' },
      { intent: 'decide', participantId: 'abc', offeredAt: '2026-10-27', decision: 'maybe' },
      { intent: 'decide', participantId: [String(participantId), '1'], offeredAt: '2026-10-27', decision: 'continue' },
    ] as Record<string, string | string[]>[]) {
      const o = await post(
        decisions as RouteModule,
        lead,
        `/groups/${groupId}/decisions`,
        { groupId: String(groupId) },
        form,
      )
      expect4xx(o.status, JSON.stringify(form))
    }
  })

  test('participant record: hostile tox and withdraw posts, non-numeric ids', async () => {
    for (const id of ['abc', '0', '-1', '1e3'])
      expect(
        (await load(person as RouteModule, coordinator, `/participants/${id}`, { participantId: id })).status,
      ).toBe(404)
    const here = { participantId: String(participantId) }
    for (const form of [
      {},
      { intent: 'tox', collectedOn: '2025-02-30', panel: 'x', 'results[0]': 'negative' },
      { intent: 'tox', collectedOn: '9999-12-31', panel: 'x' },
      { intent: 'ae', description: 'x'.repeat(3000), onsetDate: '2026-10-01' },
      { intent: 'withdraw', reason: 'bored' },
      { intent: ['tox', 'ae'] },
    ] as Record<string, string | string[]>[]) {
      const o = await post(person as RouteModule, coordinator, `/participants/${participantId}`, here, form)
      expect4xx(o.status, JSON.stringify(form).slice(0, 100))
    }
  })

  test('cohort page: randomize or invite someone of another cohort, wrong intents', async () => {
    const otherCohort = createTestCohort({ actorId: coordinator.id })
    const { id: stranger } = enrolTestParticipant(otherCohort, coordinator.id, false)
    const here = { cohortId: String(cohortId) }
    for (const form of [
      {},
      { intent: 'randomize', participantId: String(stranger) },
      { intent: 'randomize', participantId: 'abc' },
      { intent: 'invite', participantId: String(participantId), name: 'Grupo de atención plena' },
      { intent: 'invite', participantId: String(participantId), name: '' },
    ] as Record<string, string | string[]>[]) {
      const o = await post(cohortPage as RouteModule, coordinator, `/cohorts/${cohortId}`, here, form)
      expect4xx(o.status, JSON.stringify(form))
    }
  })
})

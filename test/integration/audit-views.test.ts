import { and, eq } from 'drizzle-orm'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, test, vi } from 'vitest'
import { auditLog, participants } from '#db/schema'
import { auditParticipantsShown, auditView } from '~/auth/audit.server'
import { CohortFigures } from '~/components/cohort-figures'
import { getDb } from '~/db.server'
import * as cohortRoute from '~/routes/cohorts.$cohortId._index'
import * as decisionsRoute from '~/routes/groups.$groupId.decisions'
import * as sessionRoute from '~/routes/groups.$groupId.weeks.$week'
import { createTestCohort, createUser, enrolTestParticipant } from '../support/factories'
import { groupOf, loaderData, type RouteModule } from './route-helpers'

/** The audit rows `actorId` wrote with `action`. */
const rowsOf = (actorId: number, action: string) =>
  getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.actorId, actorId), eq(auditLog.action, action)))
    .all()

const shownTo = (actorId: number) =>
  rowsOf(actorId, 'cohort.progress.read')
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

describe('a group page logs the view and each participant shown, in one commit', () => {
  test('the session screen and the week-8 decisions page', async () => {
    const coordinator = await createUser('coordinator')
    const facilitator = await createUser('facilitator')
    const cohortId = createTestCohort({ actorId: coordinator.id, facilitators: { mrocc: [facilitator.id] } })
    const group = groupOf(cohortId, 'mrocc')
    const people = Array.from({ length: 8 }, () => enrolTestParticipant(cohortId, coordinator.id))
    const inGroup = people.filter((p) => p.groupId === group.id).map((p) => p.id)
    expect(inGroup.length).toBeGreaterThan(0)

    for (const [route, url, params, action] of [
      [sessionRoute, `/groups/${group.id}/weeks/1`, { groupId: String(group.id), week: '1' }, 'group.session.read'],
      [decisionsRoute, `/groups/${group.id}/decisions`, { groupId: String(group.id) }, 'continuation.read'],
    ] as const) {
      await loaderData(route as RouteModule, facilitator, url, params)
      const rows = rowsOf(facilitator.id, action)
      // the view itself (no participant), then one row per participant shown, all at one instant
      expect(rows.filter((r) => r.participantId === null)).toHaveLength(1)
      expect(
        rows
          .map((r) => r.participantId)
          .filter((id) => id !== null)
          .sort((a, b) => a! - b!),
      ).toEqual([...inGroup].sort((a, b) => a - b))
      expect(new Set(rows.map((r) => r.at)).size).toBe(1)
      expect(rows.every((r) => r.entity === 'group' && r.entityId === String(group.id))).toBe(true)
    }
  })
})

describe('views are committed together, each before its page can be sent (group commit)', () => {
  const entry = (actorId: number, detail: string) => ({
    actorId,
    action: 'group.session.read',
    entity: 'group',
    entityId: 1,
    detail,
  })

  test('the first view of a turn is written at once; the others of that turn share one transaction', async () => {
    const coordinator = await createUser('coordinator')
    const facilitator = await createUser('facilitator')
    const cohortId = createTestCohort({ actorId: coordinator.id })
    const people = Array.from({ length: 3 }, () => enrolTestParticipant(cohortId, coordinator.id).id)
    const transactions = vi.spyOn(getDb().$client, 'transaction')
    const details = () => rowsOf(facilitator.id, 'group.session.read').map((r) => r.detail)
    const views = [
      auditView(entry(facilitator.id, 'view=1'), people),
      auditView(entry(facilitator.id, 'view=2'), people.slice(0, 1)),
      auditParticipantsShown({ actorId: facilitator.id, action: 'alerts.read', entity: 'alerts' }, people),
    ]
    // a quiet server does not wait: the first view is stored already; the rest wait for the turn's end
    expect(new Set(details())).toEqual(new Set(['view=1']))
    expect(rowsOf(facilitator.id, 'alerts.read')).toHaveLength(0)
    await Promise.all(views)
    // all of it once the promises settle: the first alone (one statement), the other two in one transaction
    expect(transactions).toHaveBeenCalledTimes(1)
    transactions.mockRestore()
    const rows = rowsOf(facilitator.id, 'group.session.read')
    expect(rows.filter((r) => r.detail === 'view=1').map((r) => r.participantId)).toEqual([null, ...people])
    expect(rows.filter((r) => r.detail === 'view=2').map((r) => r.participantId)).toEqual([null, people[0]])
    expect(rowsOf(facilitator.id, 'alerts.read').map((r) => r.participantId)).toEqual(people)
    // the next turn starts afresh: its first view is written at once again
    const next = auditView(entry(facilitator.id, 'view=3'), [])
    expect(details()).toContain('view=3')
    await next
  })

  test('a view that cannot be written fails alone; the others of its turn are stored', async () => {
    const coordinator = await createUser('coordinator')
    const facilitator = await createUser('facilitator')
    const cohortId = createTestCohort({ actorId: coordinator.id })
    const person = enrolTestParticipant(cohortId, coordinator.id).id
    const [first, good, bad, alsoGood] = await Promise.allSettled([
      auditView(entry(facilitator.id, 'first of the turn'), []),
      // these three are committed together, and one of them cannot be
      auditView(entry(facilitator.id, 'good'), [person]),
      auditView(entry(facilitator.id, 'bad'), [999_999_999]), // no such participant: refused
      auditView(entry(facilitator.id, 'also good'), []),
    ])
    expect(first.status).toBe('fulfilled')
    expect(good.status).toBe('fulfilled')
    expect(bad.status).toBe('rejected')
    expect(alsoGood.status).toBe('fulfilled')
    const details = rowsOf(facilitator.id, 'group.session.read').map((r) => r.detail)
    expect(details.filter((d) => d === 'good')).toHaveLength(2)
    expect(details.filter((d) => d === 'also good')).toHaveLength(1)
    expect(details).not.toContain('bad')
  })

  test('a page whose view cannot be logged is not sent', async () => {
    const coordinator = await createUser('coordinator')
    const facilitator = await createUser('facilitator')
    const cohortId = createTestCohort({ actorId: coordinator.id, facilitators: { mrocc: [facilitator.id] } })
    enrolTestParticipant(cohortId, coordinator.id)
    const group = groupOf(cohortId, 'mrocc')
    // the audit log refuses this facilitator's rows (as a full disk would)
    const sqlite = getDb().$client
    sqlite.exec(
      `CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log WHEN NEW.actor_id = ${facilitator.id} AND NEW.action = 'group.session.read'
       BEGIN SELECT RAISE(ABORT, 'audit log refused the row'); END`,
    )
    try {
      await expect(
        loaderData(sessionRoute as RouteModule, facilitator, `/groups/${group.id}/weeks/1`, {
          groupId: String(group.id),
          week: '1',
        }),
      ).rejects.toThrow('audit log refused the row')
    } finally {
      sqlite.exec('DROP TRIGGER refuse_audit')
    }
  })
})

describe('the cohort page links names only for those who may open the record', () => {
  test('a coordinator’s grid links each participant; a data manager’s names the same people without links', async () => {
    const coordinator = await createUser('coordinator')
    const dataManager = await createUser('data_manager')
    const cohortId = createTestCohort({ actorId: coordinator.id })
    const people = Array.from({ length: 4 }, () => enrolTestParticipant(cohortId, coordinator.id))
    const url = `/cohorts/${cohortId}`
    const params = { cohortId: String(cohortId) }
    const markup = async (user: { id: number }) => {
      const data = await loaderData<{ week: number; progress: Parameters<typeof CohortFigures>[0] }>(
        cohortRoute as RouteModule,
        user,
        url,
        params,
      )
      return renderToStaticMarkup(createElement(CohortFigures, { ...data.progress, week: data.week }))
    }
    const links = (html: string) => [...html.matchAll(/href="\/participants\/(\d+)"/g)].map((m) => Number(m[1]))
    const forCoordinator = await markup(coordinator)
    expect(links(forCoordinator).sort((a, b) => a - b)).toEqual(people.map((p) => p.id).sort((a, b) => a - b))
    const forDataManager = await markup(dataManager)
    expect(links(forDataManager)).toEqual([])
    // the same rows, named
    const studyIds = getDb()
      .select({ studyId: participants.studyId })
      .from(participants)
      .where(eq(participants.cohortId, cohortId))
      .all()
    expect(studyIds).toHaveLength(people.length)
    for (const { studyId } of studyIds) expect(forDataManager).toContain(`font-normal">${studyId}</th>`)
  })
})

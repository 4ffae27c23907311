/**
 * The data version and what is cached by it (ADR 018): every table a page can show bumps it on
 * every write, and the cohort page's cached figures follow each change at once.
 */
import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog, cohorts, groupFacilitators } from '#db/schema'
import { dataVersionTrigger, UNVERSIONED_TABLES } from '#db/data-version'
import { getDb } from '~/db.server'
import { getCohort } from '~/domain/cohorts.server'
import { saveMeeting } from '~/domain/meetings.server'
import { ensureProgrammeSettings } from '~/domain/settings.server'
import { meetingInstant, scheduleOf } from '~/domain/schedule'
import * as cohortRoute from '~/routes/cohorts.$cohortId._index'
import { dataVersion } from '~/utils/until-data-changes.server'
import { createTestCohort, createUser, enrolTestParticipant, requestAs } from '../support/factories'
import { groupOf, loaderData, type RouteModule } from './route-helpers'

const sqlite = () => getDb().$client
const tables = () =>
  sqlite()
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'")
    .pluck()
    .all() as string[]
const triggers = () =>
  new Set(sqlite().prepare("select name from sqlite_master where type = 'trigger'").pluck().all() as string[])

describe('the data version', () => {
  test('every table but the listed machinery ones has its insert, update and delete triggers', () => {
    const all = tables()
    const made = triggers()
    for (const table of all) {
      const expected = table in UNVERSIONED_TABLES
      for (const op of ['insert', 'update', 'delete'] as const)
        expect(made.has(dataVersionTrigger(table, op)), `${op} trigger on ${table}`).toBe(!expected)
    }
    // the list names only tables that exist (a renamed table would otherwise lose its triggers unnoticed)
    for (const table of Object.keys(UNVERSIONED_TABLES)) expect(all).toContain(table)
    expect(all).toContain('participants')
  })

  test('goes up with an insert, an update and a delete; not with the audit log', async () => {
    const coordinator = await createUser('coordinator')
    const v0 = dataVersion()
    const cohortId = createTestCohort({ actorId: coordinator.id })
    const v1 = dataVersion()
    expect(v1).toBeGreaterThan(v0)
    getDb().update(cohorts).set({ name: 'Renamed' }).where(eq(cohorts.id, cohortId)).run()
    const v2 = dataVersion()
    expect(v2).toBeGreaterThan(v1)
    const facilitator = await createUser('facilitator')
    getDb()
      .insert(groupFacilitators)
      .values({ groupId: groupOf(cohortId, 'mrocc').id, userId: facilitator.id })
      .run()
    const v3 = dataVersion()
    expect(v3).toBeGreaterThan(v2)
    getDb().delete(groupFacilitators).where(eq(groupFacilitators.userId, facilitator.id)).run()
    expect(dataVersion()).toBeGreaterThan(v3)
    const v4 = dataVersion()
    getDb()
      .insert(auditLog)
      .values({ at: new Date().toISOString(), actorId: coordinator.id, action: 'test', entity: 'test' })
      .run()
    expect(dataVersion()).toBe(v4)
  })
})

describe('the cohort page, cached until the data changes', () => {
  test('a view writes only the audit log; a second view is logged too; a saved week shows at once', async () => {
    const coordinator = await createUser('coordinator')
    const cohortId = createTestCohort({ actorId: coordinator.id, startDate: '2026-01-06', weekday: 2 })
    const person = enrolTestParticipant(cohortId, coordinator.id)
    const url = `/cohorts/${cohortId}`
    const params = { cohortId: String(cohortId) }
    type Page = Awaited<ReturnType<typeof cohortRoute.loader>>
    const view = () => loaderData<Page>(cohortRoute as RouteModule, coordinator, url, params)
    const logged = () =>
      getDb()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.participantId, person.id), eq(auditLog.action, 'cohort.progress.read')))
        .all().length

    ensureProgrammeSettings() // as at start-up: the first read would otherwise create the row
    const before = dataVersion()
    const first = await view()
    expect(dataVersion()).toBe(before)
    expect(logged()).toBe(1)
    const second = await view()
    expect(logged()).toBe(2)
    expect(second.progress).toEqual(first.progress)

    // week 1 saved as held: the next view shows it, with no change of date
    const held = (page: Page) =>
      page.progress!.groups.find((g) => g.id === person.groupId)!.meetings.filter((m) => m.status === 'held').length
    expect(held(second)).toBe(0)
    saveMeeting(
      {
        version: 0,
        groupId: person.groupId!,
        week: 1,
        scheduledAt: meetingInstant(scheduleOf(getCohort(cohortId)!), 1).toISOString(),
        status: 'held',
        checkinMinutes: 30,
        groupMinutes: 60,
        notes: null,
        lesson: null,
        facilitatorIds: [],
        attendance: [{ participantId: person.id, status: 'present', note: null }],
        fidelity: {},
      },
      coordinator.id,
    )
    expect(held(await view())).toBe(1)
  })

  test('a document gets the figures as markup only; a client navigation gets them as data', async () => {
    const coordinator = await createUser('coordinator')
    const cohortId = createTestCohort({ actorId: coordinator.id })
    enrolTestParticipant(cohortId, coordinator.id)
    const params = { cohortId: String(cohortId) }
    const shippedOnce = new Map<string, string>()
    const request = await requestAs(coordinator, `/cohorts/${cohortId}`)
    const document = (await cohortRoute.loader({ request, params, context: { shippedOnce } })) as {
      progress: unknown
    }
    expect(document.progress).toBeNull()
    const html = shippedOnce.get('cohort-figures') ?? ''
    expect(html).toContain('Minutes delivered per week (time matching)')
    expect(html).toContain('Attendance for')
    const data = await loaderData<{ progress: unknown }>(
      cohortRoute as RouteModule,
      coordinator,
      `/cohorts/${cohortId}`,
      params,
    )
    expect(data.progress).not.toBeNull()
  })
})

import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { auditLog, practiceLogs, type Arm, type users } from '#db/schema'
import { listGuides } from '~/content/content.server'
import { getDb } from '~/db.server'
import { addPractice } from '~/domain/practice-log.server'
import { addDays, localDate } from '~/domain/schedule'
import * as curriculumIndex from '~/routes/curriculum._index'
import * as lesson from '~/routes/curriculum.$arm.$week._index'
import * as curriculumGuide from '~/routes/curriculum.practices.$slug'
import * as me from '~/routes/me._index'
import * as checkIn from '~/routes/me.check-in'
import * as guide from '~/routes/me.practice.$slug'
import * as practice from '~/routes/me.practice._index'
import * as support from '~/routes/me.support'
import * as person from '~/routes/participants.$participantId'
import { createTestCohort, createUser, enrolTestParticipant, participantUser } from '../support/factories'
import { groupOf, load, placeIn, post, type RouteModule } from './route-helpers'

type User = typeof users.$inferSelect
type P = { id: number; user: User; arm: Arm }

let coordinator: User
let facilitator: User
let supervisor: User
let alice: P // mrocc
let bob: P // mrocc, same group as alice
let carol: P // recovery support, same cohort

const other = (arm: Arm): Arm => (arm === 'mrocc' ? 'recovery_support' : 'mrocc')
const daysAgo = (n: number) => addDays(localDate(new Date(), 'UTC'), -n)

function logRow(id: number) {
  return getDb().select().from(practiceLogs).where(eq(practiceLogs.id, id)).get()
}

beforeAll(async () => {
  coordinator = await createUser('coordinator')
  facilitator = await createUser('facilitator')
  supervisor = await createUser('supervisor')
  const cohort = createTestCohort({
    facilitators: { mrocc: [facilitator.id], recovery_support: [facilitator.id] },
    actorId: coordinator.id,
  })
  const make = async (arm: Arm): Promise<P> => {
    const { id } = enrolTestParticipant(cohort, coordinator.id, false)
    placeIn(id, groupOf(cohort, arm).id)
    return { id, user: await participantUser(id), arm }
  }
  alice = await make('mrocc')
  bob = await make('mrocc')
  carol = await make('recovery_support')
})

describe('a participant sees only their own record', () => {
  test("changing the id in /participants/:id is a 404 (theirs, another's, or one that does not exist: no oracle)", async () => {
    for (const id of [bob.id, carol.id, alice.id, 999999]) {
      const o = await load(person as RouteModule, alice.user, `/participants/${id}`, { participantId: String(id) })
      expect(o.status, `participant ${id}`).toBe(404)
    }
    const o = await post(
      person as RouteModule,
      alice.user,
      `/participants/${bob.id}`,
      { participantId: String(bob.id) },
      { intent: 'ae' },
    )
    expect(o.status).toBe(404)
  })

  test("cannot edit or delete another participant's practice log (404, row unchanged)", async () => {
    const slug = listGuides('mrocc')[0].slug
    for (const victim of [bob, carol]) {
      const victimSlug = listGuides(victim.arm)[0].slug
      const logId = addPractice(victim.id, { practiceSlug: victimSlug, date: daysAgo(2), minutes: 10 })
      const before = logRow(logId)

      const update = await post(
        practice as RouteModule,
        alice.user,
        '/me/practice',
        {},
        {
          intent: 'update',
          logId: String(logId),
          practiceSlug: slug,
          date: daysAgo(1),
          minutes: '45',
        },
      )
      expect(update.status).toBe(404)
      expect(logRow(logId)).toEqual(before)

      const del = await post(
        practice as RouteModule,
        alice.user,
        '/me/practice',
        {},
        { intent: 'delete', logId: String(logId) },
      )
      expect(del.status).toBe(404)
      expect(logRow(logId)).toEqual(before)
    }
  })

  test('their own practice log entries they can edit and delete (the same form works on their own rows)', async () => {
    const slug = listGuides('mrocc')[0].slug
    const logId = addPractice(alice.id, { practiceSlug: slug, date: daysAgo(2), minutes: 10 })
    const update = await post(
      practice as RouteModule,
      alice.user,
      '/me/practice',
      {},
      { intent: 'update', logId: String(logId), practiceSlug: slug, date: daysAgo(1), minutes: '12' },
    )
    expect(update).toMatchObject({ status: 302, location: '/me/practice' })
    expect(logRow(logId)).toMatchObject({ participantId: alice.id, minutes: 12, date: daysAgo(1) })
    const del = await post(
      practice as RouteModule,
      alice.user,
      '/me/practice',
      {},
      { intent: 'delete', logId: String(logId) },
    )
    expect(del).toMatchObject({ status: 302, location: '/me/practice' })
    expect(logRow(logId)).toBeUndefined()
  })

  test("cannot log a practice from the other group's guides", async () => {
    const before = getDb().select().from(practiceLogs).where(eq(practiceLogs.participantId, alice.id)).all().length
    const foreign = listGuides('recovery_support')[0].slug
    const o = await post(
      practice as RouteModule,
      alice.user,
      '/me/practice',
      {},
      { intent: 'quick', practiceSlug: foreign },
    )
    expect(o.status).toBe(400)
    expect(getDb().select().from(practiceLogs).where(eq(practiceLogs.participantId, alice.id)).all().length).toBe(
      before,
    )
  })
})

describe('blinding at the route level', () => {
  test.each([['mrocc'], ['recovery_support']] as const)(
    'a %s participant gets 404 for every guide of the other group and 200 for their own',
    async (arm) => {
      const p = arm === 'mrocc' ? alice : carol
      for (const g of listGuides(other(arm))) {
        expect(
          (await load(guide as RouteModule, p.user, `/me/practice/${g.slug}`, { slug: g.slug })).status,
          g.slug,
        ).toBe(404)
      }
      for (const g of listGuides(arm)) {
        expect(
          (await load(guide as RouteModule, p.user, `/me/practice/${g.slug}`, { slug: g.slug })).status,
          g.slug,
        ).toBe(200)
      }
      expect(
        (await load(guide as RouteModule, p.user, '/me/practice/no-such-guide', { slug: 'no-such-guide' })).status,
      ).toBe(404)
    },
  )

  test.each([['mrocc'], ['recovery_support']] as const)(
    'a %s participant gets 404 for any lesson, guide or curriculum page',
    async (arm) => {
      const p = arm === 'mrocc' ? alice : carol
      for (const [dir, week] of [
        ['mrocc', '1'],
        ['recovery-support', '1'],
        ['mrocc', '12'],
      ]) {
        expect(
          (await load(lesson as RouteModule, p.user, `/curriculum/${dir}/${week}`, { arm: dir, week })).status,
        ).toBe(404)
      }
      expect((await load(curriculumIndex as RouteModule, p.user, '/curriculum')).status).toBe(404)
      const own = listGuides(arm)[0].slug
      expect(
        (await load(curriculumGuide as RouteModule, p.user, `/curriculum/practices/${own}`, { slug: own })).status,
      ).toBe(404)
    },
  )
})

describe('audit of reads', () => {
  const readsOf = (actorId: number, participantId: number) =>
    getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorId, actorId), eq(auditLog.participantId, participantId)))
      .all()

  test("every staff read of a participant's page appends an audit row (actor, action, participant)", async () => {
    for (const staff of [coordinator, supervisor, facilitator]) {
      const before = readsOf(staff.id, bob.id).length
      const o = await load(person as RouteModule, staff, `/participants/${bob.id}`, { participantId: String(bob.id) })
      expect(o.status).toBe(200)
      const rows = readsOf(staff.id, bob.id)
      expect(rows.length).toBe(before + 1)
      expect(rows.at(-1)).toMatchObject({
        actorId: staff.id,
        action: 'participant:read',
        participantId: bob.id,
        entity: 'participant',
        entityId: String(bob.id),
      })
      // Nothing identifying in the detail: method and path with the numeric id only.
      expect(rows.at(-1)!.detail).toBe(`GET /participants/${bob.id}`)
    }
  })

  test('a refused staff read is not logged as a read', async () => {
    const outsider = await createUser('facilitator')
    const o = await load(person as RouteModule, outsider, `/participants/${bob.id}`, { participantId: String(bob.id) })
    expect(o.status).toBe(403)
    expect(readsOf(outsider.id, bob.id)).toHaveLength(0)
  })

  test("a participant's own portal reads work and are not recorded as staff reads", async () => {
    const ownGuide = listGuides('mrocc')[0].slug
    const pages: [RouteModule, string, Record<string, string>][] = [
      [me as RouteModule, '/me', {}],
      [practice as RouteModule, '/me/practice', {}],
      [guide as RouteModule, `/me/practice/${ownGuide}`, { slug: ownGuide }],
      [checkIn as RouteModule, '/me/check-in', {}],
      [support as RouteModule, '/me/support', {}],
    ]
    for (const [mod, url, params] of pages) expect((await load(mod, alice.user, url, params)).status, url).toBe(200)
    const staffStyle = getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorId, alice.user.id), eq(auditLog.action, 'participant:read')))
      .all()
    expect(staffStyle).toHaveLength(0)
  })

  test('a participant account not yet in a group has no portal (404)', async () => {
    const cohort = createTestCohort({ actorId: coordinator.id })
    const { id } = enrolTestParticipant(cohort, coordinator.id, false)
    const user = await participantUser(id)
    expect((await load(me as RouteModule, user, '/me')).status).toBe(404)
  })
})

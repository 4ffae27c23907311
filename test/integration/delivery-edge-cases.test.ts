import { describe, expect, test } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { attendance, authSessions, meetings, participants } from '#db/schema'
import { findLessonMeta } from '~/content/content.server'
import { getDb } from '~/db.server'
import { randomizeParticipant, RandomizationError } from '~/domain/cohorts.server'
import { saveMeeting, type MeetingInput } from '~/domain/meetings.server'
import * as cohortRoute from '~/routes/cohorts.$cohortId._index'
import * as newCohortRoute from '~/routes/cohorts.new'
import * as participantRoute from '~/routes/participants.$participantId'
import * as weekRoute from '~/routes/groups.$groupId.weeks.$week'
import * as homeRoute from '~/routes/me._index'
import { createTestCohort, createUser, enrolTestParticipant, participantUser } from '../support/factories'
import { groupOf, load, loaderData, post, type RouteModule } from './route-helpers'

async function cohortWithTwoLeads() {
  const coordinator = await createUser('coordinator')
  const mroccLead = await createUser('facilitator')
  const rsLead = await createUser('facilitator')
  const cohortId = createTestCohort({
    actorId: coordinator.id,
    facilitators: { mrocc: [mroccLead.id], recovery_support: [rsLead.id] },
  })
  return { coordinator, mroccLead, rsLead, cohortId }
}

describe('cohort page scope', () => {
  test('a facilitator sees only the group they lead, and no enrolment lists', async () => {
    const { coordinator, rsLead, cohortId } = await cohortWithTwoLeads()
    for (let i = 0; i < 6; i++) enrolTestParticipant(cohortId, coordinator.id)
    enrolTestParticipant(cohortId, coordinator.id, false)
    type Data = { progress: { groups: { arm: string; participants: unknown[] }[] }; unrandomized: unknown[] }
    const asLead = await loaderData<Data>(cohortRoute as RouteModule, rsLead, `/cohorts/${cohortId}`, {
      cohortId: String(cohortId),
    })
    expect(asLead.progress.groups.map((g) => g.arm)).toEqual(['recovery_support'])
    expect(asLead.unrandomized).toEqual([])
    const asCoordinator = await loaderData<Data>(cohortRoute as RouteModule, coordinator, `/cohorts/${cohortId}`, {
      cohortId: String(cohortId),
    })
    expect(asCoordinator.progress.groups).toHaveLength(2)
    expect(asCoordinator.unrandomized).toHaveLength(1)
  })
})

describe('editing a past meeting', () => {
  test('keeps the attendance of someone no longer on the roster, and the version taught', async () => {
    const { coordinator, mroccLead, cohortId } = await cohortWithTwoLeads()
    const group = groupOf(cohortId, 'mrocc')
    const a = enrolTestParticipant(cohortId, coordinator.id, false)
    const b = enrolTestParticipant(cohortId, coordinator.id, false)
    for (const p of [a, b])
      getDb().update(participants).set({ groupId: group.id, status: 'active' }).where(eq(participants.id, p.id)).run()
    const base: MeetingInput = {
      version: 0,
      groupId: group.id,
      week: 3,
      scheduledAt: '2026-09-15T22:00:00.000Z',
      status: 'held',
      checkinMinutes: 30,
      groupMinutes: 60,
      notes: null,
      lesson: { slug: 'mrocc/week-03', hash: 'taught-version' },
      facilitatorIds: [mroccLead.id],
      fidelity: {},
      attendance: [
        { participantId: a.id, status: 'present', note: null },
        { participantId: b.id, status: 'present', note: null },
      ],
    }
    const meetingId = saveMeeting(base, mroccLead.id)
    // b leaves; the facilitator fixes the notes and re-saves with the roster as it is now.
    saveMeeting(
      {
        ...base,
        version: 1,
        notes: 'typo fixed',
        lesson: { slug: 'mrocc/week-03', hash: 'edited-later' },
        attendance: [{ participantId: a.id, status: 'late', note: null }],
      },
      mroccLead.id,
    )
    const rows = getDb().select().from(attendance).where(eq(attendance.meetingId, meetingId)).all()
    expect(rows.map((r) => [r.participantId, r.status]).sort()).toEqual(
      [
        [a.id, 'late'],
        [b.id, 'present'],
      ].sort(),
    )
    expect(getDb().select().from(meetings).where(eq(meetings.id, meetingId)).get()!.contentHash).toBe('taught-version')
    // Cancelling the meeting clears its attendance.
    saveMeeting({ ...base, version: 2, status: 'cancelled', attendance: [] }, mroccLead.id)
    expect(
      getDb()
        .select()
        .from(attendance)
        .where(and(eq(attendance.meetingId, meetingId)))
        .all(),
    ).toHaveLength(0)
  })

  test('a facilitator listed twice is saved once, not a 500', async () => {
    const { mroccLead, cohortId } = await cohortWithTwoLeads()
    const group = groupOf(cohortId, 'mrocc')
    const lesson = findLessonMeta('mrocc', 1)!
    const form: Record<string, string | string[]> = {
      version: '0',
      status: 'held',
      checkinMinutes: '30',
      groupMinutes: '60',
      facilitatorIds: [String(mroccLead.id), String(mroccLead.id)],
    }
    lesson.fidelity.forEach((f, i) => {
      form[`fidelity[${i}].itemId`] = f.id
      form[`fidelity[${i}].delivered`] = 'on'
    })
    const out = await post(
      weekRoute as RouteModule,
      mroccLead,
      `/groups/${group.id}/weeks/1`,
      { groupId: String(group.id), week: '1' },
      form,
    )
    expect(out.status).toBe(302)
  })
})

describe('leaving the programme', () => {
  test('a withdrawn participant cannot be randomized, loses the portal, and is withdrawn once', async () => {
    const { coordinator, cohortId } = await cohortWithTwoLeads()
    const unrandomized = enrolTestParticipant(cohortId, coordinator.id, false)
    const form = { intent: 'withdraw', reason: 'participant-request', confirm: 'on' }
    expect(
      (
        await post(
          participantRoute as RouteModule,
          coordinator,
          `/participants/${unrandomized.id}`,
          { participantId: String(unrandomized.id) },
          form,
        )
      ).status,
    ).toBe(302)
    expect(() => randomizeParticipant(unrandomized.id, coordinator.id)).toThrow(RandomizationError)

    const randomized = enrolTestParticipant(cohortId, coordinator.id)
    const user = await participantUser(randomized.id)
    expect((await load(homeRoute as RouteModule, user, '/me')).status).toBe(200)
    await post(
      participantRoute as RouteModule,
      coordinator,
      `/participants/${randomized.id}`,
      { participantId: String(randomized.id) },
      form,
    )
    // Their sessions end, and even a new sign-in finds no portal.
    expect(getDb().select().from(authSessions).where(eq(authSessions.userId, user.id)).all()).toHaveLength(0)
    expect((await load(homeRoute as RouteModule, user, '/me')).status).toBe(404)
    const again = await post(
      participantRoute as RouteModule,
      coordinator,
      `/participants/${randomized.id}`,
      { participantId: String(randomized.id) },
      form,
    )
    expect(again.status).toBe(409)
  })
})

describe('group names', () => {
  test.each(['Placebo Group', 'Trial B', 'Mindful Group', 'Twelve-step circle'])(
    '“%s” is refused: participants see it',
    async (name) => {
      const coordinator = await createUser('coordinator')
      const lead = await createUser('facilitator')
      const out = await post(
        newCohortRoute as RouteModule,
        coordinator,
        '/cohorts/new',
        {},
        {
          name: 'Autumn',
          startDate: '2026-12-01',
          weekday: '2',
          startTime: '18:00',
          timeZone: 'America/New_York',
          mroccName: 'Cedar Group',
          rsName: name,
          mroccFacilitators: String(lead.id),
          rsFacilitators: String(lead.id),
        },
      )
      expect(out.status).toBe(400)
      expect(JSON.stringify(out.data)).toContain('Participants see this name')
    },
  )
})

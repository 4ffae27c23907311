import { describe, expect, test } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { groups, participants } from '#db/schema'
import { getDb } from '~/db.server'
import { recordDecision } from '~/domain/decisions.server'
import { continuationReport } from '~/domain/reports.server'
import { addDays, localDate } from '~/domain/schedule'
import { createTestCohort, createUser, enrolTestParticipant } from '../support/factories'

describe('continuation report', () => {
  test('rates by arm and demographic, everyone randomized in the denominator', async () => {
    const coordinator = await createUser('coordinator')
    const lead = await createUser('facilitator')
    // Started ten weeks ago: past the week-8 decision.
    const startDate = addDays(localDate(new Date(), 'America/New_York'), -70)
    const cohortId = createTestCohort({
      actorId: coordinator.id,
      facilitators: { mrocc: [lead.id] },
      startDate,
      weekday: new Date(`${startDate}T12:00:00Z`).getUTCDay(),
    })
    const people = Array.from({ length: 12 }, () => enrolTestParticipant(cohortId, coordinator.id))
    const db = getDb()
    const mroccGroup = db
      .select()
      .from(groups)
      .where(and(eq(groups.cohortId, cohortId), eq(groups.arm, 'mrocc')))
      .get()!
    const mrocc = people.filter((p) => p.groupId === mroccGroup.id)
    // Make half the M-ROCC group men; the men all continue, the women do not.
    mrocc.forEach((p, i) => {
      db.update(participants)
        .set({ gender: i % 2 ? 'Man' : 'Woman' })
        .where(eq(participants.id, p.id))
        .run()
      recordDecision(
        {
          participantId: p.id,
          eligible: true,
          offeredAt: startDate,
          decision: i % 2 ? 'continue' : 'decline',
          reasons: [],
          note: null,
        },
        lead.id,
      )
    })
    const report = continuationReport()
    const arm = report.arms.find(
      (a) => a.overall.randomized === mrocc.length && a.overall.continued === Math.floor(mrocc.length / 2),
    )
    expect(arm).toBeDefined()
    const byGender = arm!.breakdowns.find((b) => b.id === 'gender')!.rates
    expect(byGender.find((r) => r.category === 'Man')).toMatchObject({ continued: Math.floor(mrocc.length / 2) })
    expect(byGender.find((r) => r.category === 'Woman')).toMatchObject({ continued: 0 })
    // Recovery Support has no week-8 decision by default, so it is not reported.
    expect(report.arms).toHaveLength(1)
  })
})

import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { attendance, auditLog, continuationDecisions, decisionCorrections, meetings, participants } from '#db/schema'
import { getDb } from '~/db.server'
import { addDays, localDate } from '~/domain/schedule'
import * as decisionsModule from '~/routes/groups.$groupId.decisions'
import * as participantModule from '~/routes/participants.$participantId'
import { createTestCohort, createUser, enrolTestParticipant } from '../support/factories'
import { errorsOf, groupOf, loaderData, placeIn, post, typedValuesOf, type RouteModule } from './route-helpers'

/**
 * The week-8 decision as a record staff can trust (issue 9): a stale save is refused and shown
 * (ADR 013), and once the intensive phase has started a change is a correction with a reason,
 * kept in history, never an edit in place.
 */

const decisionsRoute = decisionsModule as RouteModule
const TZ = 'America/New_York'
const db = () => getDb()

/** A cohort now in `week`, whose M-ROCC group has `people` members who attended weeks 5–8. */
async function groupInWeek(week: number, people = 2) {
  const coordinator = await createUser('coordinator')
  const lead = await createUser('facilitator', { name: 'Lead Facilitator' })
  const coLead = await createUser('facilitator', { name: 'Co Facilitator' })
  const today = localDate(new Date(), TZ)
  const startDate = addDays(today, -7 * (week - 1))
  const weekday = new Date(`${startDate}T12:00:00Z`).getUTCDay()
  const cohortId = createTestCohort({
    actorId: coordinator.id,
    startDate,
    weekday,
    facilitators: { mrocc: [lead.id, coLead.id] },
  })
  const group = groupOf(cohortId, 'mrocc')
  const ids: number[] = []
  for (let i = 0; i < people; i++) {
    const { id } = enrolTestParticipant(cohortId, coordinator.id, false)
    placeIn(id, group.id)
    ids.push(id)
  }
  for (const w of [5, 6, 7, 8]) {
    const m = db()
      .insert(meetings)
      .values({ groupId: group.id, week: w, scheduledAt: `${addDays(startDate, 7 * (w - 1))}T23:00:00Z` })
      .returning()
      .get()
    for (const participantId of ids)
      db().insert(attendance).values({ meetingId: m.id, participantId, status: 'present' }).run()
  }
  return { groupId: group.id, ids, lead, coLead, coordinator, today }
}

const saved = (participantId: number) =>
  db().select().from(continuationDecisions).where(eq(continuationDecisions.participantId, participantId)).get()

function decide(
  g: { groupId: number; today: string },
  user: { id: number },
  participantId: number,
  fields: Record<string, string | string[]>,
) {
  return post(
    decisionsRoute,
    user,
    `/groups/${g.groupId}/decisions`,
    { groupId: String(g.groupId) },
    { intent: 'decide', participantId: String(participantId), offeredAt: g.today, ...fields },
  )
}

describe('week-8 decisions carry a version (ADR 013)', () => {
  test('two facilitators from the same page: the second save is refused 409 with the differences, nothing written, typed values kept; saving again applies it', async () => {
    const g = await groupInWeek(8)
    const [p] = g.ids
    // Both opened the page before anything was recorded (version 0).
    const first = await decide(g, g.lead, p, { decision: 'continue', reasons: ['finding-it-helpful'], version: '0' })
    expect(first.status).toBe(302)
    const before = saved(p)!
    expect(before.version).toBe(1)

    const stale = await decide(g, g.coLead, p, { decision: 'undecided', note: 'Wants to talk to family', version: '0' })
    expect(stale.status).toBe(409)
    const reply = stale.data as {
      intent: string
      conflict: { version: number; savedBy: string; changes: { field: string; saved: string; yours: string }[] }
    }
    // the conflict belongs to this person's row only: other rows on the page are untouched
    expect(reply.intent).toBe(`decide:${p}`)
    expect(reply.conflict.version).toBe(1)
    expect(reply.conflict.savedBy).toBe('Lead Facilitator')
    expect(reply.conflict.changes.map((c) => c.field)).toEqual(['decision', 'reasons', 'note'])
    expect(reply.conflict.changes[0]).toMatchObject({ saved: 'Chose to continue', yours: 'Still deciding' })
    expect(typedValuesOf(stale.data)).toMatchObject({ decision: 'undecided', note: 'Wants to talk to family' })
    expect(saved(p)).toEqual(before)

    // The page's VersionField now holds version 1: saving again applies theirs (an edit: week 8).
    const again = await decide(g, g.coLead, p, { decision: 'undecided', note: 'Wants to talk to family', version: '1' })
    expect(again.status).toBe(302)
    expect(saved(p)).toMatchObject({ decision: 'undecided', note: 'Wants to talk to family', version: 2 })
    expect(db().select().from(decisionCorrections).where(eq(decisionCorrections.participantId, p)).all()).toEqual([])
  })

  test('a conflict on one row leaves the other rows free to save', async () => {
    const g = await groupInWeek(8)
    const [p, q] = g.ids
    expect((await decide(g, g.lead, p, { decision: 'continue', version: '0' })).status).toBe(302)
    expect((await decide(g, g.coLead, p, { decision: 'decline', version: '0' })).status).toBe(409)
    expect((await decide(g, g.coLead, q, { decision: 'decline', version: '0' })).status).toBe(302)
    expect(saved(q)?.decision).toBe('decline')
    expect(saved(p)?.decision).toBe('continue')
  })

  test('a save without a version is refused (the form always sends one)', async () => {
    const g = await groupInWeek(8)
    const o = await decide(g, g.lead, g.ids[0], { decision: 'continue' })
    expect(o.status).toBe(400)
    expect(saved(g.ids[0])).toBeUndefined()
  })
})

describe('once the intensive phase has started, a change is a correction', () => {
  test('a first record is still allowed late (nothing to correct)', async () => {
    const g = await groupInWeek(10)
    expect((await decide(g, g.lead, g.ids[0], { decision: 'continue', version: '0' })).status).toBe(302)
    expect(saved(g.ids[0])?.decision).toBe('continue')
  })

  test('a change without a reason is refused beside the reason field; nothing written', async () => {
    const g = await groupInWeek(10)
    const [p] = g.ids
    await decide(g, g.lead, p, { decision: 'continue', version: '0' })
    const before = saved(p)
    const o = await decide(g, g.lead, p, { decision: 'decline', version: '1' })
    expect(o.status).toBe(409)
    expect(errorsOf(o.data).fieldErrors.correctionReason?.[0]).toMatch(/why/)
    expect(typedValuesOf(o.data)).toMatchObject({ decision: 'decline' })
    expect(saved(p)).toEqual(before)
  })

  test('a correction with a reason changes the decision, keeps both in history, is audit-logged and shown on both pages', async () => {
    const g = await groupInWeek(10)
    const [p] = g.ids
    await decide(g, g.lead, p, { decision: 'continue', version: '0' })
    const o = await decide(g, g.lead, p, {
      decision: 'decline',
      version: '1',
      correctionReason: 'Recorded for the wrong person at the session',
    })
    expect(o.status).toBe(302)
    expect(saved(p)).toMatchObject({ decision: 'decline', version: 2 })
    const history = db().select().from(decisionCorrections).where(eq(decisionCorrections.participantId, p)).all()
    expect(history).toHaveLength(1)
    expect(history[0]).toMatchObject({
      fromDecision: 'continue',
      toDecision: 'decline',
      reason: 'Recorded for the wrong person at the session',
      recordedBy: g.lead.id,
    })
    expect(history[0].fromValue).toMatchObject({ decision: 'continue', offeredAt: g.today })
    const logged = db().select().from(auditLog).where(eq(auditLog.participantId, p)).all()
    const entry = logged.find((a) => a.action === 'continuation.correct')
    expect(entry?.detail).toBe('decision=continue->decline')
    // the reason (free text) is not copied into the audit log
    expect(logged.some((a) => a.detail?.includes('wrong person'))).toBe(false)

    const page = await loaderData<{ corrections: { participantId: number; reason: string }[]; changeKind: string }>(
      decisionsRoute,
      g.lead,
      `/groups/${g.groupId}/decisions`,
      { groupId: String(g.groupId) },
    )
    expect(page.changeKind).toBe('correction')
    expect(page.corrections).toEqual([expect.objectContaining({ participantId: p, reason: history[0].reason })])
    const record = await loaderData<{ decisionCorrections: { reason: string }[] }>(
      participantModule as RouteModule,
      g.coordinator,
      `/participants/${p}`,
      { participantId: String(p) },
    )
    expect(record.decisionCorrections.map((c) => c.reason)).toEqual([history[0].reason])
  })

  test('a stale correction is a conflict, not a second correction', async () => {
    const g = await groupInWeek(10)
    const [p] = g.ids
    await decide(g, g.lead, p, { decision: 'continue', version: '0' })
    await decide(g, g.lead, p, { decision: 'decline', version: '1', correctionReason: 'Misheard' })
    const o = await decide(g, g.coLead, p, { decision: 'undecided', version: '1', correctionReason: 'Unsure' })
    expect(o.status).toBe(409)
    expect((o.data as { conflict: { version: number } }).conflict.version).toBe(2)
    expect(db().select().from(decisionCorrections).where(eq(decisionCorrections.participantId, p)).all()).toHaveLength(
      1,
    )
  })

  test('a "correction" that changes nothing is refused', async () => {
    const g = await groupInWeek(10)
    const [p] = g.ids
    await decide(g, g.lead, p, { decision: 'continue', version: '0' })
    const o = await decide(g, g.lead, p, { decision: 'continue', version: '1', correctionReason: 'Just checking' })
    expect(o.status).toBe(409)
    expect(errorsOf(o.data).formErrors[0]).toMatch(/Nothing has changed/)
    expect(saved(p)?.version).toBe(1)
  })
})

test('participants are still in their group after decisions (fixture sanity)', async () => {
  const g = await groupInWeek(8, 1)
  expect(db().select().from(participants).where(eq(participants.id, g.ids[0])).get()?.groupId).toBe(g.groupId)
})

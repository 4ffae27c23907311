import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { auditLog, fidelityAudits } from '#db/schema'
import { findLessonMeta } from '~/content/content.server'
import { getDb } from '~/db.server'
import { saveMeeting } from '~/domain/meetings.server'
import { COMPETENCE_DOMAINS } from '~/domain/fidelity'
import { action, loader } from '~/routes/meetings.$meetingId.audit'
import { createTestCohort, createUser, requestAs } from '../support/factories'
import { groupOf } from './route-helpers'

async function setup() {
  const coordinator = await createUser('coordinator')
  const lead = await createUser('facilitator')
  const supervisor = await createUser('supervisor')
  const cohortId = createTestCohort({ actorId: coordinator.id, facilitators: { mrocc: [lead.id] } })
  const lesson = findLessonMeta('mrocc', 5)!
  const meetingId = saveMeeting(
    {
      groupId: groupOf(cohortId, 'mrocc').id,
      week: 5,
      scheduledAt: '2026-09-29T22:00:00.000Z',
      status: 'held',
      checkinMinutes: 30,
      groupMinutes: 60,
      notes: null,
      lesson: { slug: lesson.slug, hash: lesson.hash },
      facilitatorIds: [lead.id],
      attendance: [],
      fidelity: Object.fromEntries(lesson.fidelity.map((f, i) => [f.id, i > 0])),
    },
    lead.id,
  )
  return { supervisor, lesson, meetingId }
}

describe('fidelity audit', () => {
  test('a supervisor rates a held session; adherence, competence and agreement are shown', async () => {
    const { supervisor, lesson, meetingId } = await setup()
    const form: Record<string, string | string[]> = { comments: 'Clear anchor choices offered.' }
    lesson.fidelity.forEach((f, i) => (form[`item-${f.id}`] = i === 0 ? '0' : '2'))
    COMPETENCE_DOMAINS.forEach((d) => (form[`domain-${d.id}`] = '4'))
    form[`proscribed-${lesson.proscribed[0].id}`] = 'on'
    const params = { meetingId: String(meetingId) }
    const saved = await action({
      request: await requestAs(supervisor, `/meetings/${meetingId}/audit`, { form }),
      params,
      context: {},
    })
    expect(saved).toEqual({ status: 'saved' })
    const row = getDb().select().from(fidelityAudits).where(eq(fidelityAudits.meetingId, meetingId)).get()!
    expect(row.proscribedObserved).toEqual([lesson.proscribed[0].id])
    expect(getDb().select().from(auditLog).where(eq(auditLog.action, 'fidelity_audit.create')).all()).toHaveLength(1)

    const data = (await loader({
      request: await requestAs(supervisor, `/meetings/${meetingId}/audit`),
      params,
      context: {},
    })) as Awaited<ReturnType<typeof loader>>
    const n = lesson.fidelity.length
    expect(data.audits[0]).toMatchObject({
      adherence: Math.round(((2 * (n - 1)) / (2 * n)) * 100),
      competence: 4,
      agreement: 100, // the facilitator ticked all but the first item, the rater agreed
      proscribed: [lesson.proscribed[0].text],
    })
  })

  test('an incomplete rating is refused with messages and writes nothing', async () => {
    const { supervisor, lesson, meetingId } = await setup()
    const reply = (await action({
      request: await requestAs(supervisor, `/meetings/${meetingId}/audit`, {
        form: { [`item-${lesson.fidelity[0].id}`]: '7' },
      }),
      params: { meetingId: String(meetingId) },
      context: {},
    })) as unknown as { init: { status: number }; data: { fieldErrors: Record<string, string[]> } }
    expect(reply.init.status).toBe(400)
    expect(reply.data.fieldErrors[`item-${lesson.fidelity[0].id}`]).toEqual(['Rate this item.'])
    expect(reply.data.fieldErrors[`domain-${COMPETENCE_DOMAINS[0].id}`]).toBeTruthy()
    expect(getDb().select().from(fidelityAudits).where(eq(fidelityAudits.meetingId, meetingId)).all()).toHaveLength(0)
  })
})

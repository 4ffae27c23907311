import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { auditLog, fidelityAudits } from '#db/schema'
import { findLessonMeta } from '~/content/content.server'
import { getDb } from '~/db.server'
import { saveMeeting } from '~/domain/meetings.server'
import { COMPETENCE_DOMAINS } from '~/domain/fidelity'
import { action, loader } from '~/routes/meetings.$meetingId.audit'
import { errorsOf, outcome, typedValuesOf } from './route-helpers'
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
      version: 0,
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
    lesson.fidelity.forEach((f, i) => {
      form[`items[${i}].itemId`] = f.id
      form[`items[${i}].rating`] = i === 0 ? '0' : '2'
    })
    COMPETENCE_DOMAINS.forEach((d, i) => {
      form[`domains[${i}].domainId`] = d.id
      form[`domains[${i}].rating`] = '4'
    })
    form.proscribed = [lesson.proscribed[0].id]
    const params = { meetingId: String(meetingId) }
    const saved = await outcome(async () =>
      action({
        request: await requestAs(supervisor, `/meetings/${meetingId}/audit`, { form }),
        params,
        context: {},
      }),
    )
    expect(saved).toMatchObject({ status: 302, location: `/meetings/${meetingId}/audit` })
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
    const form: Record<string, string> = { comments: 'Kept when refused.' }
    lesson.fidelity.forEach((f, i) => (form[`items[${i}].itemId`] = f.id))
    form['items[0].rating'] = '7'
    COMPETENCE_DOMAINS.forEach((d, i) => (form[`domains[${i}].domainId`] = d.id))
    const reply = await outcome(async () =>
      action({
        request: await requestAs(supervisor, `/meetings/${meetingId}/audit`, { form }),
        params: { meetingId: String(meetingId) },
        context: {},
      }),
    )
    expect(reply.status).toBe(400)
    const { fieldErrors } = errorsOf(reply.data)
    expect(fieldErrors['items[0].rating']).toEqual(['Rate this item.'])
    expect(fieldErrors['domains[0].rating']).toBeTruthy()
    expect(typedValuesOf(reply.data).comments).toBe('Kept when refused.')
    expect(getDb().select().from(fidelityAudits).where(eq(fidelityAudits.meetingId, meetingId)).all()).toHaveLength(0)
  })
})

import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog, promisAnxiety } from '#db/schema'
import { getDb } from '~/db.server'
import * as participantModule from '~/routes/participants.$participantId'
import { createTestCohort, createUser, enrolTestParticipant } from '../support/factories'
import { errorsOf, post, typedValuesOf, type RouteModule } from './route-helpers'

/** Issue 11: the baseline PROMIS (week 0) can be completed before randomization, as in the trial. */
const page = participantModule as RouteModule

async function unrandomized() {
  const coordinator = await createUser('coordinator')
  const cohortId = createTestCohort({ actorId: coordinator.id })
  const { id, groupId } = enrolTestParticipant(cohortId, coordinator.id, false)
  expect(groupId).toBeNull()
  const send = (items: string[]) =>
    post(page, coordinator, `/participants/${id}`, { participantId: String(id) }, { intent: 'baseline', items })
  const rows = () =>
    getDb()
      .select()
      .from(promisAnxiety)
      .where(and(eq(promisAnxiety.participantId, id), eq(promisAnxiety.week, 0)))
      .all()
  return { coordinator, id, send, rows }
}

describe('baseline PROMIS recorded by staff', () => {
  test('before randomization: scored, recorded as week 0 in English, and audit-logged', async () => {
    const s = await unrandomized()
    const res = await s.send(['2', '3', '2', '3', '2', '1', '3', '2'])
    expect(res.status).toBe(302)
    const [row] = s.rows()
    // raw 18 → T 56.4 (the published PROMIS Anxiety 8a table)
    expect(row).toMatchObject({ week: 0, raw: 18, language: 'en' })
    expect(row.tScore).toBeCloseTo(56.4, 1)
    const logged = getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'promis.baseline'), eq(auditLog.participantId, s.id)))
      .all()
    expect(logged).toHaveLength(1)
  })

  test('an unanswered item is refused beside it, the answers given come back, and nothing is written', async () => {
    const s = await unrandomized()
    const res = await s.send(['2', '3', '', '3', '2', '1', '3', '2'])
    expect(res.status).toBe(400)
    expect(errorsOf(res.data).fieldErrors['items[2]']?.[0]).toMatch(/Choose an answer/)
    // an unchosen radio sends nothing; the page pads the list back to eight rows (withListLength)
    expect(typedValuesOf(res.data).items).toEqual(['2', '3', undefined, '3', '2', '1', '3', '2'])
    expect(s.rows()).toHaveLength(0)
  })

  test('a second baseline is refused with 409; the first stays', async () => {
    const s = await unrandomized()
    await s.send(['1', '1', '1', '1', '1', '1', '1', '1'])
    const again = await s.send(['5', '5', '5', '5', '5', '5', '5', '5'])
    expect(again.status).toBe(409)
    expect(s.rows()).toHaveLength(1)
    expect(s.rows()[0].raw).toBe(8)
  })
})

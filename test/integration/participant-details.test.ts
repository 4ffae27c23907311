import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog, participants, users } from '#db/schema'
import { getDb } from '~/db.server'
import { addDays, localDate } from '~/domain/schedule'
import * as enrolModule from '~/routes/cohorts.$cohortId.enrol'
import * as participantModule from '~/routes/participants.$participantId'
import { createTestCohort, createUser, enrolTestParticipant, participantUser } from '../support/factories'
import { errorsOf, loaderData, post, typedValuesOf, type RouteModule } from './route-helpers'

/**
 * A participant's contact details and display name (issue 9): correctable before and after
 * randomization, logged by field name, version-checked (ADR 013); one email per person.
 */

const participantRoute = participantModule as RouteModule
const enrolRoute = enrolModule as RouteModule
const db = () => getDb()
const row = (id: number) => db().select().from(participants).where(eq(participants.id, id)).get()!
const TZ = 'America/New_York'

async function setUp(randomize = true) {
  const coordinator = await createUser('coordinator', { name: 'Casey Coordinator' })
  const other = await createUser('coordinator', { name: 'Robin Coordinator' })
  const cohortId = createTestCohort({ actorId: coordinator.id })
  const { id } = enrolTestParticipant(cohortId, coordinator.id, randomize)
  return { coordinator, other, cohortId, id }
}

const correct = (user: { id: number }, id: number, fields: Record<string, string>) =>
  post(participantRoute, user, `/participants/${id}`, { participantId: String(id) }, { intent: 'details', ...fields })

describe('correcting contact details', () => {
  test('before randomization: email and phone corrected, logged by field name only', async () => {
    const { coordinator, id } = await setUp(false)
    expect(row(id).groupId).toBeNull()
    const o = await correct(coordinator, id, {
      version: '1',
      contactEmail: '  New.Address@Example.TEST ',
      contactPhone: '(555) 010-0199',
    })
    expect(o.status).toBe(302)
    expect(row(id)).toMatchObject({
      contactEmail: 'new.address@example.test',
      contactPhone: '(555) 010-0199',
      version: 2,
    })
    const entry = db()
      .select()
      .from(auditLog)
      .where(eq(auditLog.participantId, id))
      .all()
      .find((a) => a.action === 'participant.details.update')!
    expect(entry.detail).toBe('fields=contactEmail,contactPhone')
    expect(JSON.stringify(entry)).not.toMatch(/new\.address|0199/)
  })

  test('after randomization and invitation: the display name and the sign-in email follow', async () => {
    const { coordinator, id } = await setUp(true)
    const account = await participantUser(id)
    const o = await correct(coordinator, id, {
      version: '1',
      contactEmail: row(id).contactEmail,
      displayName: 'Ana María',
    })
    expect(o.status).toBe(302)
    const u = db().select().from(users).where(eq(users.id, account.id)).get()!
    expect(u.name).toBe('Ana María')
    expect(u.email).toBe(row(id).contactEmail)
    expect(
      db()
        .select()
        .from(auditLog)
        .where(eq(auditLog.participantId, id))
        .all()
        .find((a) => a.action === 'participant.details.update')?.detail,
    ).toBe('fields=displayName')
  })

  test('an email used by another participant or account is refused beside the field, whatever its case', async () => {
    const { coordinator, cohortId, id } = await setUp()
    const { id: otherId } = enrolTestParticipant(cohortId, coordinator.id)
    const taken = row(otherId).contactEmail.toUpperCase()
    const before = row(id)
    const o = await correct(coordinator, id, { version: '1', contactEmail: ` ${taken} ` })
    expect(o.status).toBe(409)
    expect(errorsOf(o.data).fieldErrors.contactEmail?.[0]).toMatch(/already uses this email/)
    expect(row(id)).toEqual(before)
    const staff = await createUser('facilitator')
    const o2 = await correct(coordinator, id, { version: '1', contactEmail: staff.email })
    expect(errorsOf(o2.data).fieldErrors.contactEmail?.[0]).toMatch(/already uses this email/)
    // their own address, in other capitals, is not "taken"
    const same = await correct(coordinator, id, { version: '1', contactEmail: before.contactEmail.toUpperCase() })
    expect(same.status).toBe(302)
    expect(row(id).version).toBe(1)
  })

  test('a display name that would unblind them is refused; a facilitator cannot correct details', async () => {
    const { coordinator, id } = await setUp()
    await participantUser(id)
    const o = await correct(coordinator, id, {
      version: '1',
      contactEmail: row(id).contactEmail,
      displayName: 'M-ROCC Ana',
    })
    expect(o.status).toBe(409)
    expect(errorsOf(o.data).fieldErrors.displayName?.[0]).toMatch(/neutral/)
    const facilitator = await createUser('facilitator')
    expect((await correct(facilitator, id, { version: '1', contactEmail: 'x@example.test' })).status).toBe(403)
  })

  test('a stale save is refused 409 with the differences, nothing written, typed values kept; saving again applies', async () => {
    const { coordinator, other, id } = await setUp(false)
    expect((await correct(coordinator, id, { version: '1', contactEmail: 'first@example.test' })).status).toBe(302)
    const before = row(id)
    const stale = await correct(other, id, {
      version: '1',
      contactEmail: 'second@example.test',
      contactPhone: '555 0100',
    })
    expect(stale.status).toBe(409)
    const reply = stale.data as {
      intent: string
      conflict: { version: number; savedBy: string; changes: { field: string; saved: string; yours: string }[] }
    }
    expect(reply.intent).toBe('details')
    expect(reply.conflict).toMatchObject({ version: 2, savedBy: 'Casey Coordinator' })
    expect(reply.conflict.changes).toEqual([
      { field: 'contactEmail', label: 'Contact email', saved: 'first@example.test', yours: 'second@example.test' },
      { field: 'contactPhone', label: 'Contact phone', saved: '', yours: '555 0100' },
    ])
    expect(typedValuesOf(stale.data)).toMatchObject({ contactEmail: 'second@example.test', contactPhone: '555 0100' })
    expect(row(id)).toEqual(before)
    const again = await correct(other, id, {
      version: '2',
      contactEmail: 'second@example.test',
      contactPhone: '555 0100',
    })
    expect(again.status).toBe(302)
    expect(row(id)).toMatchObject({ contactEmail: 'second@example.test', contactPhone: '555 0100', version: 3 })
  })

  test('the page shows the details (and their version) to the coordinator only', async () => {
    const { coordinator, id } = await setUp()
    const page = await loaderData<{ details: { version: number; contactEmail: string } | null }>(
      participantRoute,
      coordinator,
      `/participants/${id}`,
      { participantId: String(id) },
    )
    expect(page.details).toMatchObject({ version: 1, contactEmail: row(id).contactEmail })
    const supervisor = await createUser('supervisor')
    const seen = await loaderData<{ details: unknown }>(participantRoute, supervisor, `/participants/${id}`, {
      participantId: String(id),
    })
    expect(seen.details).toBeNull()
  })
})

describe('enrolment', () => {
  const form = (overrides: Record<string, string>) => ({
    studyId: `E-${Math.random().toString(36).slice(2, 8)}`,
    contactEmail: `e${Math.random().toString(36).slice(2, 8)}@example.test`,
    gender: 'Woman',
    raceEthnicity: 'Hispanic or Latino',
    language: 'English',
    consentedAt: localDate(new Date(), TZ),
    eligible: 'on',
    consented: 'on',
    ...overrides,
  })
  const enrol = (user: { id: number }, cohortId: number, fields: Record<string, string>) =>
    post(enrolRoute, user, `/cohorts/${cohortId}/enrol`, { cohortId: String(cohortId) }, fields)

  test('refuses a contact email already used by another participant or account (trimmed, any case)', async () => {
    const { coordinator, cohortId, id } = await setUp()
    const count = () => db().select().from(participants).all().length
    const before = count()
    const o = await enrol(coordinator, cohortId, form({ contactEmail: `  ${row(id).contactEmail.toUpperCase()}` }))
    expect(o.status).toBe(409)
    expect(errorsOf(o.data).fieldErrors.contactEmail?.[0]).toMatch(/already uses this email/)
    const o2 = await enrol(coordinator, cohortId, form({ contactEmail: coordinator.email }))
    expect(errorsOf(o2.data).fieldErrors.contactEmail?.[0]).toMatch(/already uses this email/)
    expect(count()).toBe(before)
  })

  test('refuses a consent date in the future or implausibly old; accepts today', async () => {
    const { coordinator, cohortId } = await setUp()
    const today = localDate(new Date(), TZ)
    for (const [consentedAt, message] of [
      [addDays(today, 1), /future/],
      ['9999-12-31', /future/],
      ['1999-12-31', /before 2000-01-01/],
      ['2025-02-30', /real date/],
    ] as const) {
      const o = await enrol(coordinator, cohortId, form({ consentedAt }))
      expect(o.status, consentedAt).toBeGreaterThanOrEqual(400)
      expect(errorsOf(o.data).fieldErrors.consentedAt?.[0], consentedAt).toMatch(message)
    }
    expect((await enrol(coordinator, cohortId, form({ consentedAt: today }))).status).toBe(302)
  })
})

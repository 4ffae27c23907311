import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog, participants, users } from '#db/schema'
import { getDb } from '~/db.server'
import { getProgrammeSettings } from '~/domain/settings.server'
import * as cohortModule from '~/routes/cohorts.$cohortId._index'
import * as logoutModule from '~/routes/logout'
import * as settingsModule from '~/routes/settings'
import { createTestCohort, createUser, enrolTestParticipant, requestAs } from '../support/factories'
import { errorsOf, post, typedValuesOf, type RouteModule } from './route-helpers'

/** The staff forms of ADR 008: refusals keep what was typed and write nothing; writes redirect with a message. */

const cohortRoute = cohortModule as RouteModule
const settingsRoute = settingsModule as RouteModule
const auditCount = (action: string) => getDb().select().from(auditLog).where(eq(auditLog.action, action)).all().length

/** A settings form as the page sends it: with the version it was opened from (ADR 013). */
const withVersion = (form: Record<string, string>) => ({ ...form, version: String(getProgrammeSettings().version) })
const saveSettings = (user: { id: number }, form: Record<string, string>) =>
  post(settingsRoute, user, '/settings', {}, withVersion(form))

describe('programme settings', () => {
  const good = {
    continuationMinSessions: '3',
    continuationFromWeek: '5',
    continuationToWeek: '8',
    surveyGraceDays: '2',
    contactName: 'Programme team',
    contactPhone: '',
  }

  test('a window that ends before it starts is refused with what was typed; nothing changes', async () => {
    const coordinator = await createUser('coordinator')
    const before = getProgrammeSettings()
    const form = {
      ...good,
      continuationFromWeek: '9',
      recoverySupportContinuationCheck: 'on',
      contactName: 'Team B',
      contactPhone: '555 0100',
    }
    const o = await saveSettings(coordinator, form)
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).fieldErrors).toEqual({
      continuationToWeek: ['The last week must be on or after the first.'],
    })
    expect(typedValuesOf(o.data)).toMatchObject(form)
    expect(getProgrammeSettings()).toEqual(before)
  })

  test('a contact name that would unblind participants is refused (they see it)', async () => {
    const coordinator = await createUser('coordinator')
    const before = getProgrammeSettings()
    for (const contactName of ['Recovery Support team', 'M-ROCC desk', 'Mindful Recovery office']) {
      const o = await saveSettings(coordinator, { ...good, contactName })
      expect(o.status, contactName).toBe(400)
      expect(errorsOf(o.data).fieldErrors.contactName?.[0]).toMatch(/neutral wording/)
      expect(typedValuesOf(o.data).contactName).toBe(contactName)
    }
    expect(getProgrammeSettings()).toEqual(before)
  })

  test('a number field with text in it is refused beside the field', async () => {
    const coordinator = await createUser('coordinator')
    const o = await saveSettings(coordinator, { ...good, surveyGraceDays: 'two' })
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).fieldErrors.surveyGraceDays?.[0]).toMatch(/whole number/)
    expect(typedValuesOf(o.data).surveyGraceDays).toBe('two')
  })

  test('saving redirects back with a message', async () => {
    const coordinator = await createUser('coordinator')
    const request = await requestAs(coordinator, '/settings', { form: withVersion({ ...good, surveyGraceDays: '3' }) })
    const res = (await settingsModule.action({ request, params: {}, context: {} })) as Response
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toBe('/settings')
    expect(res.headers.get('Set-Cookie')).toMatch(/^en_toast=/)
    expect(getProgrammeSettings()).toMatchObject({ surveyGraceDays: 3, recoverySupportContinuationCheck: false })
    await saveSettings(coordinator, good)
  })

  test('the time-matching tolerance is a setting: 0 by default, 0–30 minutes', async () => {
    const coordinator = await createUser('coordinator')
    expect(getProgrammeSettings().timeMatchToleranceMinutes).toBe(0)
    const o = await saveSettings(coordinator, { ...good, timeMatchToleranceMinutes: '45' })
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).fieldErrors.timeMatchToleranceMinutes).toEqual(['Use 0–30 minutes.'])
    expect(typedValuesOf(o.data).timeMatchToleranceMinutes).toBe('45')
    expect(getProgrammeSettings().timeMatchToleranceMinutes).toBe(0)
    const saved = await saveSettings(coordinator, { ...good, timeMatchToleranceMinutes: '3' })
    expect(saved.status).toBe(302)
    expect(getProgrammeSettings().timeMatchToleranceMinutes).toBe(3)
    await saveSettings(coordinator, { ...good, timeMatchToleranceMinutes: '0' })
    expect(getProgrammeSettings().timeMatchToleranceMinutes).toBe(0)
  })
})

describe('cohort page rows', () => {
  async function setUp() {
    const coordinator = await createUser('coordinator')
    const cohortId = createTestCohort({ actorId: coordinator.id })
    return { coordinator, cohortId, url: `/cohorts/${cohortId}`, params: { cohortId: String(cohortId) } }
  }

  test('a refused randomization is tagged for its own row', async () => {
    const { coordinator, url, params, cohortId } = await setUp()
    const p = enrolTestParticipant(cohortId, coordinator.id) // already randomized
    const o = await post(cohortRoute, coordinator, url, params, { intent: 'randomize', participantId: String(p.id) })
    expect(o.status).toBe(409)
    expect(errorsOf(o.data).formErrors[0]).toMatch(/already been randomized/)
    expect((o.data as { intent: string }).intent).toBe(`randomize:${p.id}`)
  })

  test('a login link needs a name: refused with the row tag, nothing written', async () => {
    const { coordinator, url, params, cohortId } = await setUp()
    const p = enrolTestParticipant(cohortId, coordinator.id)
    const accounts = getDb().select().from(users).all().length
    const o = await post(cohortRoute, coordinator, url, params, {
      intent: 'invite',
      participantId: String(p.id),
      name: '   ',
    })
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).fieldErrors.name?.[0]).toMatch(/Enter the participant’s name/)
    expect((o.data as { intent: string }).intent).toBe(`invite:${p.id}`)
    expect(getDb().select().from(users).all().length).toBe(accounts)
  })

  test('a display name that would unblind the participant is refused, nothing written', async () => {
    const { coordinator, url, params, cohortId } = await setUp()
    const p = enrolTestParticipant(cohortId, coordinator.id)
    const accounts = getDb().select().from(users).all().length
    const o = await post(cohortRoute, coordinator, url, params, {
      intent: 'invite',
      participantId: String(p.id),
      name: 'Rosa (control group)',
    })
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).fieldErrors.name?.[0]).toMatch(/cannot mention “control”/)
    expect(getDb().select().from(users).all().length).toBe(accounts)
  })

  test('a login link is shown once in the reply; the message names no one', async () => {
    const { coordinator, url, params, cohortId } = await setUp()
    const p = enrolTestParticipant(cohortId, coordinator.id)
    const before = auditCount('participant.invite')
    const request = await requestAs(coordinator, url, {
      form: { intent: 'invite', participantId: String(p.id), name: 'Rosa' },
    })
    const reply = (await cohortModule.action({ request, params, context: {} })) as unknown as {
      data: { link: string; intent: string; recipient: string }
      init: { headers: HeadersInit }
    }
    expect(reply.data).toMatchObject({ intent: `invite:${p.id}`, recipient: 'the participant' })
    expect(reply.data.link).toMatch(/\/invite\/[\w-]{40,}$/)
    const cookie = decodeURIComponent(new Headers(reply.init.headers).get('Set-Cookie') ?? '')
    expect(cookie).toMatch(/^en_toast=/)
    expect(cookie).not.toContain('Rosa')
    expect(auditCount('participant.invite')).toBe(before + 1)
    expect(getDb().select().from(participants).where(eq(participants.id, p.id)).get()!.userId).not.toBeNull()
  })

  test('a bad cohort id in the URL is a 404, not a 403 or 500', async () => {
    const { coordinator } = await setUp()
    const o = await post(cohortRoute, coordinator, '/cohorts/012', { cohortId: '012' }, {})
    expect(o.status).toBe(404)
  })
})

describe('signing out', () => {
  test('ends the session and says so on the sign-in page', async () => {
    const user = await createUser('facilitator')
    const request = await requestAs(user, '/logout', { method: 'POST' })
    const res = await logoutModule.action({ request, params: {}, context: {} })
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toBe('/login')
    const cookies = res.headers.getSetCookie()
    expect(cookies.some((c) => c.startsWith('en_toast='))).toBe(true)
    expect(cookies.length).toBe(2)
  })
})

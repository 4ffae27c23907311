import { count, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { adverseEvents, auditLog, cohorts, invitations, participants, users } from '#db/schema'
import { audit } from '~/auth/audit.server'
import { getDb } from '~/db.server'
import { getProgrammeSettings } from '~/domain/settings.server'
import * as auditCsv from '~/routes/admin.audit-log[.csv]'
import * as auditPage from '~/routes/admin.audit-log'
import * as adminUsers from '~/routes/admin.users'
import * as enrol from '~/routes/cohorts.$cohortId.enrol'
import * as newCohort from '~/routes/cohorts.new'
import * as person from '~/routes/participants.$participantId'
import * as settings from '~/routes/settings'
import * as account from '~/routes/account'
import { createTestCohort, createUser, enrolTestParticipant, requestAs } from '../support/factories'
import { errorsOf, load, post, typedValuesOf, type RouteModule } from './route-helpers'

/**
 * Independent review: staff forms probed with hostile input. A refusal is a 4xx with a reason
 * and writes nothing; nothing is ever a 5xx; dates must be real days in a plausible range.
 */
type User = typeof users.$inferSelect
let admin: User
let coordinator: User
let dataManager: User
let lead: User
let cohortId: number
let participantId: number

beforeAll(async () => {
  admin = await createUser('admin')
  coordinator = await createUser('coordinator')
  dataManager = await createUser('data_manager')
  lead = await createUser('facilitator')
  cohortId = createTestCohort({
    actorId: coordinator.id,
    facilitators: { mrocc: [lead.id], recovery_support: [lead.id] },
  })
  ;({ id: participantId } = enrolTestParticipant(cohortId, coordinator.id))
})

const isClientError = (status: number) => status >= 400 && status < 500
const participantCount = () => getDb().select({ n: count() }).from(participants).get()!.n
const today = () => new Date().toISOString().slice(0, 10)

describe('enrolment', () => {
  const good = (studyId: string) => ({
    studyId,
    contactEmail: `${studyId.toLowerCase()}@example.test`,
    gender: 'Woman',
    raceEthnicity: 'Hispanic or Latino',
    language: 'Spanish',
    consentedAt: today(),
    eligible: 'on',
    consented: 'on',
  })
  const enrolPost = (form: Record<string, string | string[]>) =>
    post(enrol as RouteModule, coordinator, `/cohorts/${cohortId}/enrol`, { cohortId: String(cohortId) }, form)

  test.each(['9999-12-31', '0001-01-01', '2025-02-30', '1900-01-01'])(
    'a consent date of %s is refused with a reason; nobody is enrolled',
    async (consentedAt) => {
      const before = participantCount()
      const o = await enrolPost({ ...good('RV-1'), consentedAt })
      expect(o.status).toBe(400)
      expect(errorsOf(o.data).fieldErrors.consentedAt?.[0]).toMatch(/consent date|2 years/)
      expect(participantCount()).toBe(before)
    },
  )

  test('hostile shapes are 4xx: unicode and huge ids, arrays, missing fields, a non-numeric cohort id', async () => {
    const before = participantCount()
    for (const form of [
      {},
      { ...good('RV-2'), studyId: 'ÄÖÜ-1' },
      { ...good('RV-3'), studyId: 'x'.repeat(10_000) },
      { ...good('RV-4'), studyId: ['RV-4', 'RV-5'] },
      { ...good('RV-6'), gender: '<script>alert(1)</script>' },
      { ...good('RV-7'), contactEmail: `${'a'.repeat(300)}@example.test` },
      { ...good('RV-8'), eligible: ['on', 'off'] },
    ]) {
      const o = await enrolPost(form)
      expect(isClientError(o.status), JSON.stringify(form).slice(0, 80)).toBe(true)
    }
    for (const id of ['abc', '0', '-1', '1e3', '99999999999999999999'])
      expect(
        (await post(enrol as RouteModule, coordinator, `/cohorts/${id}/enrol`, { cohortId: id }, good('RV-9'))).status,
      ).toBe(404)
    expect(participantCount()).toBe(before)
  })

  test('the data manager (who sees the sequence) cannot enrol', async () => {
    const o = await post(
      enrol as RouteModule,
      dataManager,
      `/cohorts/${cohortId}/enrol`,
      { cohortId: String(cohortId) },
      good('RV-10'),
    )
    expect(o.status).toBe(403)
  })
})

describe('new cohort', () => {
  const good = {
    name: 'Review cohort',
    startDate: today(),
    weekday: '2',
    startTime: '18:00',
    timeZone: 'America/New_York',
    mroccName: 'Cedar Group',
    rsName: 'Birch Group',
    mroccFacilitators: '',
    rsFacilitators: '',
  }
  const create = (form: Record<string, string | string[]>) =>
    post(
      newCohort as RouteModule,
      coordinator,
      '/cohorts/new',
      {},
      {
        ...form,
        mroccFacilitators: String(lead.id),
        rsFacilitators: String(lead.id),
      },
    )
  const cohortCount = () => getDb().select({ n: count() }).from(cohorts).get()!.n

  test.each([
    'Apoyo a la Recuperación',
    'Grupo de atención plena',
    'Recuperacion Consciente',
    'ＭＩＮＤＦＵＬ',
    'M\u2011ROCC',
    'Mind\u200bful',
  ])('the group name “%s” is refused: participants read it (in Spanish too)', async (rsName) => {
    const before = cohortCount()
    const o = await create({ ...good, rsName })
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).fieldErrors.rsName?.[0]).toMatch(/Participants see this name/)
    expect(cohortCount()).toBe(before)
  })

  test('the same form sent twice makes one cohort: the second is a 409 on the name, keeping what was typed', async () => {
    const before = cohortCount()
    expect((await create({ ...good, name: 'Été evening' })).status).toBe(302)
    for (const name of ['Été evening', '  été EVENING ']) {
      const again = await create({ ...good, name })
      expect(again.status, name).toBe(409)
      expect(errorsOf(again.data).fieldErrors.name?.[0]).toMatch(/already exists/)
      expect(typedValuesOf(again.data)).toMatchObject({ rsName: 'Birch Group' })
    }
    expect(cohortCount()).toBe(before + 1)
  })

  test('impossible and far dates, bad times and zones are 400s', async () => {
    const before = cohortCount()
    for (const patch of [
      { startDate: '2025-02-30' },
      { startDate: '9999-12-31' },
      { startDate: '0000-00-00' },
      { startTime: '24:00' },
      { startTime: '18:00:00' },
      { weekday: '7' },
      { weekday: '-1' },
      { timeZone: '../../etc/localtime' },
      { name: '' },
      { name: 'n'.repeat(5000) },
      { weekday: ['1', '2'] },
    ]) {
      const o = await create({ ...good, ...patch })
      expect(o.status, JSON.stringify(patch)).toBe(400)
    }
    expect(cohortCount()).toBe(before)
  })
})

describe('programme settings', () => {
  const good = {
    continuationMinSessions: '3',
    continuationFromWeek: '5',
    continuationToWeek: '8',
    surveyGraceDays: '2',
    contactName: 'Programme team',
    contactPhone: '',
    get version() {
      return String(getProgrammeSettings().version)
    },
  }
  test('a Spanish or disguised programme name as the contact is refused; nothing changes', async () => {
    const before = getProgrammeSettings()
    for (const contactName of ['Equipo de Apoyo a la Recuperación', 'Línea de atención plena', 'Ｍ-ROCC desk']) {
      const o = await post(settings as RouteModule, coordinator, '/settings', {}, { ...good, contactName })
      expect(o.status, contactName).toBe(400)
    }
    expect(getProgrammeSettings()).toEqual(before)
  })

  test('negative, huge and array numbers are 400s', async () => {
    const before = getProgrammeSettings()
    for (const patch of [
      { surveyGraceDays: '-1' },
      { surveyGraceDays: '1e9' },
      { continuationFromWeek: ['5', '6'] },
      { timeMatchToleranceMinutes: 'NaN' },
      { contactPhone: '+1 555 <script>' },
    ] as Record<string, string | string[]>[]) {
      const o = await post(settings as RouteModule, coordinator, '/settings', {}, { ...good, ...patch })
      expect(o.status, JSON.stringify(patch)).toBe(400)
    }
    expect(getProgrammeSettings()).toEqual(before)
  })
})

describe('programme settings: no silent overwrite (ADR 013)', () => {
  const form = (patch: Record<string, string>) => ({
    continuationMinSessions: '3',
    continuationFromWeek: '5',
    continuationToWeek: '8',
    surveyGraceDays: '2',
    timeMatchToleranceMinutes: '0',
    contactName: 'Programme team',
    contactPhone: '',
    ...patch,
  })

  test('two people open the page; the second save is a 409 that shows the first, keeps the typed values, writes nothing', async () => {
    const other = await createUser('coordinator', { name: 'Rosa First' })
    const opened = String(getProgrammeSettings().version)
    const first = await post(
      settings as RouteModule,
      other,
      '/settings',
      {},
      form({ version: opened, contactName: 'Front desk' }),
    )
    expect(first.status).toBe(302)
    const saved = getProgrammeSettings()
    const second = await post(
      settings as RouteModule,
      coordinator,
      '/settings',
      {},
      form({ version: opened, surveyGraceDays: '5' }),
    )
    expect(second.status).toBe(409)
    const reply = second.data as { conflict: { version: number; savedBy: string; changes: { field: string }[] } }
    expect(reply.conflict.version).toBe(saved.version)
    expect(reply.conflict.savedBy).toBe('Rosa First')
    expect(reply.conflict.changes.map((c) => c.field).sort()).toEqual(['contactName', 'surveyGraceDays'])
    expect(typedValuesOf(second.data)).toMatchObject({ surveyGraceDays: '5', contactName: 'Programme team' })
    expect(getProgrammeSettings()).toEqual(saved)
    // saving again from the version now shown applies it
    const again = await post(
      settings as RouteModule,
      coordinator,
      '/settings',
      {},
      form({ version: String(saved.version), contactName: 'Front desk', surveyGraceDays: '5' }),
    )
    expect(again.status).toBe(302)
    expect(getProgrammeSettings()).toMatchObject({ contactName: 'Front desk', surveyGraceDays: 5 })
  })

  test('a save without the version, or with a non-number, is a 400 that writes nothing', async () => {
    const before = getProgrammeSettings()
    for (const version of [undefined, 'abc', '-1', ['1', '2']]) {
      const body: Record<string, string | string[]> = form({})
      if (version !== undefined) body.version = version
      const o = await post(settings as RouteModule, coordinator, '/settings', {}, body)
      expect(o.status, String(version)).toBe(400)
    }
    expect(getProgrammeSettings()).toEqual(before)
  })
})

describe('accounts', () => {
  test('admin user actions with hostile ids and intents are 4xx', async () => {
    for (const form of [
      {},
      { intent: 'promote' },
      { intent: 'disable', userId: 'abc' },
      { intent: 'disable', userId: '99999999' },
      { intent: 'disable', userId: ['1', '2'] },
      { intent: 'reinvite', userId: '-4' },
      { intent: 'invite', name: 'X', email: 'x@example.test', role: 'participant' },
      { intent: 'invite', name: '', email: 'not-an-email', role: 'admin' },
    ] as Record<string, string | string[]>[]) {
      const o = await post(adminUsers as RouteModule, admin, '/admin/users', {}, form)
      expect(isClientError(o.status), JSON.stringify(form)).toBe(true)
    }
  })

  test('the users page lists staff only: who is a participant is participant data the admin does not read', async () => {
    const participant = await createUser('participant', { name: 'Pat Participant' })
    const o = await load(adminUsers as RouteModule, admin, '/admin/users')
    expect(o.status).toBe(200)
    const listed = (o.data as { users: { id: number; role: string }[] }).users
    expect(listed.map((u) => u.id)).toContain(coordinator.id)
    expect(listed.map((u) => u.id)).not.toContain(participant.id)
    expect(listed.every((u) => u.role !== 'participant')).toBe(true)
  })

  test('the admin cannot make a set-password link for a participant (it would let them sign in as the participant)', async () => {
    const participant = await createUser('participant')
    const before = getDb().select({ n: count() }).from(invitations).get()!.n
    const o = await post(
      adminUsers as RouteModule,
      admin,
      '/admin/users',
      {},
      { intent: 'reinvite', userId: String(participant.id) },
    )
    expect(o.status).toBe(403)
    expect(errorsOf(o.data).formErrors[0]).toMatch(/cohort’s page/)
    expect(JSON.stringify(o.data)).not.toMatch(/\/invite\//)
    expect(getDb().select({ n: count() }).from(invitations).get()!.n).toBe(before)
  })

  test('account: wrong intents, unknown zones and languages are 400s', async () => {
    for (const form of [
      { intent: 'time-zone', timeZone: 'Mars/Olympus' },
      { intent: 'language', lng: '../../etc' },
      { intent: 'language', lng: ['en', 'es'] },
      { intent: 'password', current: 'x'.repeat(100_000), password: 'y', confirm: 'y' },
      { intent: ['time-zone', 'language'] },
    ] as Record<string, string | string[]>[]) {
      const o = await post(account as RouteModule, coordinator, '/account', {}, form)
      expect(o.status, JSON.stringify(form).slice(0, 60)).toBe(400)
    }
  })
})

describe('audit log viewer', () => {
  test('impossible or far dates, bad pages and arrays in the filter are 400s, page and CSV alike', async () => {
    for (const query of [
      'from=2025-02-30',
      'to=9999-12-31',
      'from=2026-05-01&to=2026-04-01',
      'page=0',
      'page=-3',
      'page=abc',
      'page=1e400',
      'actor=a&actor=b',
      'action=DROP%20TABLE',
    ]) {
      const o = await load(auditPage as RouteModule, admin, `/admin/audit-log?${query}`)
      expect(o.status, query).toBe(400)
      const request = await requestAs(admin, `/admin/audit-log.csv?${query}`)
      const csv = (await auditCsv.loader({ request, params: {}, context: {} })) as Response
      expect(csv.status, query).toBe(400)
    }
  })

  test('the CSV export cannot carry a spreadsheet formula from an email someone typed', async () => {
    // a valid address by the form's rule (=, + and - are allowed before the @)
    const sneaky = await createUser('facilitator', { email: '=1+cmd@example.test' })
    audit({ actorId: sneaky.id, action: 'participant.read', entity: 'participant', detail: '-2+3' })
    const request = await requestAs(admin, `/admin/audit-log.csv?actor=${encodeURIComponent(sneaky.email)}`)
    const csv = await ((await auditCsv.loader({ request, params: {}, context: {} })) as Response).text()
    expect(csv).toContain('cmd@example.test')
    expect(csv).not.toMatch(/(^|,)"?[=+\-@]/m)
  })

  test('a coordinator or facilitator cannot read it; reading it is logged', async () => {
    expect((await load(auditPage as RouteModule, coordinator, '/admin/audit-log')).status).toBe(403)
    expect((await load(auditPage as RouteModule, lead, '/admin/audit-log')).status).toBe(403)
    const before = getDb().select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'audit.read')).get()!.n
    expect((await load(auditPage as RouteModule, dataManager, '/admin/audit-log')).status).toBe(200)
    expect(getDb().select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'audit.read')).get()!.n).toBe(
      before + 1,
    )
  })
})

describe('participant record (owned by another helper: only probed here)', () => {
  const ae = (onsetDate: string) => ({
    intent: 'ae',
    description: 'Headache',
    onsetDate,
    severity: 'mild',
    relatedness: 'not_related',
    expectedness: 'expected',
    serious: 'no',
    actionTaken: 'None',
  })
  const aeCount = () =>
    getDb().select({ n: count() }).from(adverseEvents).where(eq(adverseEvents.participantId, participantId)).get()!.n

  test('an adverse event with an onset of 2025-02-30 is refused (shared isoDate now checks the calendar)', async () => {
    const before = aeCount()
    const o = await post(
      person as RouteModule,
      coordinator,
      `/participants/${participantId}`,
      { participantId: String(participantId) },
      ae('2025-02-30'),
    )
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).fieldErrors.onsetDate?.[0]).toMatch(/real date/)
    expect(aeCount()).toBe(before)
  })

  test.each(['9999-12-31', '0001-01-01'])(
    'an adverse event with an onset of %s is refused (not in the future, not before 2000)',
    async (onset) => {
      const before = aeCount()
      const o = await post(
        person as RouteModule,
        coordinator,
        `/participants/${participantId}`,
        { participantId: String(participantId) },
        ae(onset),
      )
      expect(o.status).toBe(400)
      expect(errorsOf(o.data).fieldErrors.onsetDate?.[0]).toMatch(/future|before 2000/)
      expect(aeCount()).toBe(before)
    },
  )
})

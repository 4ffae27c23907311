import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { participants, promisAnxiety, users, weeklySurveys } from '#db/schema'
import { getDb } from '~/db.server'
import { setLocale } from '~/domain/account.server'
import { inviteParticipant } from '~/domain/participants.server'
import { localDate } from '~/domain/schedule'
import { localeCookie } from '~/i18n/i18n.server'
import { i18nFor } from '~/i18n/instances.server'
import * as root from '~/root'
import * as home from '~/routes/me._index'
import * as checkIn from '~/routes/me.check-in'
import * as language from '~/routes/language'
import * as support from '~/routes/me.support'
import { createTestCohort, createUser, enrolTestParticipant, participantUser, requestAs } from '../support/factories'
import { groupOf, loaderData, placeIn, post, type RouteModule } from './route-helpers'

/** Issue 12: participant pages in their language, a switch that saves and goes back safely. */
type User = typeof users.$inferSelect
const TZ = 'America/New_York'
let coordinator: User
let participantId: number
let participant: User

beforeAll(async () => {
  coordinator = await createUser('coordinator')
  const today = localDate(new Date(), TZ)
  const weekday = new Date(`${today}T12:00:00Z`).getUTCDay()
  const cohort = createTestCohort({ actorId: coordinator.id, startDate: today, weekday })
  ;({ id: participantId } = enrolTestParticipant(cohort, coordinator.id, false))
  placeIn(participantId, groupOf(cohort, 'recovery_support').id)
  participant = await participantUser(participantId)
})

const localeOf = (id: number) =>
  getDb().select({ locale: users.locale }).from(users).where(eq(users.id, id)).get()!.locale

async function switchTo(user: User | null, form: Record<string, string>, headers: Record<string, string> = {}) {
  const request = await requestAs(user, '/language', { form, headers })
  const response = (await language.action({ request, params: {}, context: {} })) as Response
  return {
    status: response.status,
    location: response.headers.get('Location'),
    cookie: await localeCookie.parse(response.headers.get('Set-Cookie')),
  }
}

describe('the language switch', () => {
  test('saves a participant’s language, sets the cookie and goes back to the page', async () => {
    const r = await switchTo(participant, { lng: 'es', redirectTo: '/me/check-in?x=1' })
    expect(r).toEqual({ status: 302, location: '/me/check-in?x=1', cookie: 'es' })
    expect(localeOf(participant.id)).toBe('es')
    await switchTo(participant, { lng: 'en', redirectTo: '/me' })
    expect(localeOf(participant.id)).toBe('en')
  })

  test.each(['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)'])(
    'an off-site redirectTo (%s) falls back to the start',
    async (redirectTo) => {
      const r = await switchTo(null, { lng: 'es', redirectTo })
      expect(r.location).toBe('/')
      expect(r.cookie).toBe('es')
    },
  )

  test('an unknown language changes nothing', async () => {
    const r = await switchTo(participant, { lng: 'fr', redirectTo: '/me' })
    expect(r).toEqual({ status: 302, location: '/me', cookie: null })
    expect(localeOf(participant.id)).toBe('en')
  })

  test('staff pages stay English whatever the cookie says; staff accounts are not changed', async () => {
    await switchTo(coordinator, { lng: 'es', redirectTo: '/cohorts' })
    expect(localeOf(coordinator.id)).toBe('en')
    const request = await requestAs(coordinator, '/cohorts', { headers: { Cookie: 'lng=es' } })
    const r = await root.loader({ request, params: {}, context: {} })
    expect((r as unknown as { data: { locale: string } }).data.locale).toBe('en')
  })
})

describe('which language a page is in', () => {
  async function rootLocale(user: User | null, headers: Record<string, string>) {
    const request = await requestAs(user, '/login', { headers })
    const r = await root.loader({ request, params: {}, context: {} })
    return (r as unknown as { data: { locale: string } }).data.locale
  }

  test('signed out: the lng cookie, then Accept-Language, else English', async () => {
    expect(await rootLocale(null, {})).toBe('en')
    expect(await rootLocale(null, { 'Accept-Language': 'es-MX,es;q=0.9,en;q=0.5' })).toBe('es')
    expect(await rootLocale(null, { 'Accept-Language': 'fr-FR' })).toBe('en')
    expect(await rootLocale(null, { Cookie: `${await localeCookie.serialize('es')}`.split(';')[0] })).toBe('es')
    expect(
      await rootLocale(null, {
        Cookie: `${await localeCookie.serialize('en')}`.split(';')[0],
        'Accept-Language': 'es',
      }),
    ).toBe('en')
  })

  test('a participant’s saved language wins over the browser', async () => {
    setLocale(participant.id, 'es')
    try {
      const request = await requestAs(participant, '/me', { headers: { 'Accept-Language': 'en-US' } })
      const r = await root.loader({ request, params: {}, context: {} })
      expect((r as unknown as { data: { locale: string } }).data.locale).toBe('es')
    } finally {
      setLocale(participant.id, 'en')
    }
  })
})

describe('a Spanish-speaking participant', () => {
  test('their pages’ titles and dates are in Spanish', async () => {
    setLocale(participant.id, 'es')
    try {
      const h = await loaderData<{ title: string; next: { at: string } | null }>(
        home as RouteModule,
        participant,
        '/me',
      )
      expect(h.title).toBe('Inicio · Grupos Semanales')
      expect(h.next?.at).toMatch(/(lun|mar|mié|jue|vie|sáb|dom)/)
      const s = await loaderData<{ title: string }>(support as RouteModule, participant, '/me/support')
      expect(s.title).toBe('Pedir ayuda · Grupos Semanales')
    } finally {
      setLocale(participant.id, 'en')
    }
  })

  test('the check-in and PROMIS record the language they were given in', async () => {
    setLocale(participant.id, 'es')
    try {
      // both due: one form, one submit
      const both = await post(
        checkIn as RouteModule,
        participant,
        '/me/check-in',
        {},
        {
          'weekly.week': '1',
          'weekly.craving[0]': '2',
          'weekly.craving[1]': '3',
          'weekly.craving[2]': '4',
          'weekly.usedOpioids': 'no',
          'promis.week': '0',
          ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`promis.items[${i}]`, '2'])),
        },
      )
      expect(both.status).toBe(302)
    } finally {
      setLocale(participant.id, 'en')
    }
    const db = getDb()
    expect(db.select().from(weeklySurveys).where(eq(weeklySurveys.participantId, participantId)).get()?.language).toBe(
      'es',
    )
    expect(db.select().from(promisAnxiety).where(eq(promisAnxiety.participantId, participantId)).get()?.language).toBe(
      'es',
    )
  })
})

describe('enrolment', () => {
  test('a participant who prefers Spanish gets a Spanish account; others English', async () => {
    const today = localDate(new Date(), TZ)
    const cohort = createTestCohort({ actorId: coordinator.id, startDate: today, weekday: 1 })
    const { id } = enrolTestParticipant(cohort, coordinator.id) // preferred language: Spanish
    inviteParticipant(id, 'Ana', coordinator.id)
    const spanish = getDb().select().from(participants).where(eq(participants.id, id)).get()!
    expect(localeOf(spanish.userId!)).toBe('es')

    const { id: other } = enrolTestParticipant(cohort, coordinator.id)
    getDb().update(participants).set({ language: 'English' }).where(eq(participants.id, other)).run()
    inviteParticipant(other, 'Sam', coordinator.id)
    const english = getDb().select().from(participants).where(eq(participants.id, other)).get()!
    expect(localeOf(english.userId!)).toBe('en')
  })
})

describe('server-side strings', () => {
  test('one i18next instance per language, ready at once and shared by its pages', () => {
    const [en, es] = [i18nFor('en'), i18nFor('es')]
    expect(i18nFor('en')).toBe(en)
    expect(i18nFor('es')).toBe(es)
    expect(es).not.toBe(en)
    // usable without waiting (every string is bundled), each in its own language
    expect(en.t('app.name')).toBe('Weekly Groups')
    expect(es.t('app.name')).toBe('Grupos Semanales')
    expect([en.language, es.language]).toEqual(['en', 'es'])
  })
})

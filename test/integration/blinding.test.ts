import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { groups, type Arm, type users } from '#db/schema'
import { findLessonMeta, listGuides } from '~/content/content.server'
import { forbiddenWordsIn } from '~/domain/arms'
import { getDb } from '~/db.server'
import { setLocale } from '~/domain/account.server'
import { addPractice } from '~/domain/practice-log.server'
import { submitWeeklySurvey } from '~/domain/measures.server'
import { addDays, localDate } from '~/domain/schedule'
import { spanishForbiddenWordsIn } from '~/i18n/blinding-es'
import es from '~/locales/es/common.json'
import * as root from '~/root'
import * as me from '~/routes/me._index'
import * as checkIn from '~/routes/me.check-in'
import * as history from '~/routes/me.check-in_.history'
import * as guide from '~/routes/me.practice.$slug'
import * as practice from '~/routes/me.practice._index'
import * as support from '~/routes/me.support'
import { createTestCohort, createUser, enrolTestParticipant, participantUser } from '../support/factories'
import { groupOf, loaderData, placeIn, type RouteModule } from './route-helpers'

/**
 * Blinding, checked on what a participant's browser actually receives: the serialized data of
 * every participant loader (and the root loader that wraps their pages), for a participant in
 * each arm at several points in the 24 weeks (the lesson theme and guides change week by week).
 */

type User = typeof users.$inferSelect
const ARMS: Arm[] = ['mrocc', 'recovery_support']
const WEEKS = [0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24]
const TZ = 'America/New_York'
const other = (arm: Arm): Arm => (arm === 'mrocc' ? 'recovery_support' : 'mrocc')

type Person = { arm: Arm; week: number; user: User; groupName: string }
const people: Person[] = []

beforeAll(async () => {
  const coordinator = await createUser('coordinator')
  const today = localDate(new Date(), TZ)
  for (const week of WEEKS) {
    // Week 1's meeting is on the start date (weekday = the start date's weekday); `week` weeks in.
    const startDate = addDays(today, week === 0 ? 7 : -7 * (week - 1))
    const weekday = new Date(`${startDate}T12:00:00Z`).getUTCDay()
    const cohort = createTestCohort({ actorId: coordinator.id, startDate, weekday })
    for (const arm of ARMS) {
      const { id } = enrolTestParticipant(cohort, coordinator.id, false)
      const group = groupOf(cohort, arm)
      placeIn(id, group.id)
      const user = await participantUser(id)
      // Some history, so the practice and check-in pages have rows to show.
      for (const [i, g] of listGuides(arm).slice(0, 3).entries())
        addPractice(id, { practiceSlug: g.slug, date: addDays(today, -i), minutes: g.minutes })
      if (week > 1)
        submitWeeklySurvey(id, {
          week: week - 1,
          craving: [3, 4, 5],
          usedOpioids: false,
          otherSubstances: {},
          language: 'en',
        })
      people.push({ arm, week, user, groupName: group.name })
    }
  }
})

async function everythingSeenBy(p: Person) {
  const pages: Record<string, unknown> = {
    root: await loaderData(root as RouteModule, p.user, '/me'),
    '/me': await loaderData(me as RouteModule, p.user, '/me'),
    '/me/practice': await loaderData(practice as RouteModule, p.user, '/me/practice'),
    '/me/check-in': await loaderData(checkIn as RouteModule, p.user, '/me/check-in'),
    '/me/check-in/history': await loaderData(history as RouteModule, p.user, '/me/check-in/history'),
    '/me/support': await loaderData(support as RouteModule, p.user, '/me/support'),
  }
  for (const g of listGuides(p.arm))
    pages[`/me/practice/${g.slug}`] = await loaderData(guide as RouteModule, p.user, `/me/practice/${g.slug}`, {
      slug: g.slug,
    })
  return pages
}

describe.each(ARMS.map((a) => [a]))('a participant in the %s arm', (arm) => {
  test.each(WEEKS.map((w) => [w]))('in week %i sees nothing that unblinds them', async (week) => {
    const p = people.find((x) => x.arm === arm && x.week === week)!
    const pages = await everythingSeenBy(p)
    const foreign = listGuides(other(arm))
    for (const [page, data] of Object.entries(pages)) {
      const json = JSON.stringify(data)
      expect(forbiddenWordsIn(json, arm), `${page}: forbidden words`).toEqual([])
      for (const g of foreign) {
        expect(json, `${page}: other arm's guide slug`).not.toContain(g.slug)
        expect(json.toLowerCase(), `${page}: other arm's guide title`).not.toContain(g.title.toLowerCase())
      }
      expect(json.toLowerCase(), page).not.toContain('mrocc')
      expect(json.toLowerCase(), page).not.toContain('recovery_support')
      expect(json.toLowerCase(), page).not.toContain('recovery-support')
      // 'arm' as a word or a key ("warm", "harm" and "alarm" are fine).
      expect(json, page).not.toMatch(/(^|[^a-z])arm([^a-z]|$)/i)
    }
  })

  test('the group name shown is the neutral groups.name, nothing else', async () => {
    const p = people.find((x) => x.arm === arm && x.week === 5)!
    const data = await loaderData<{ groupName: string }>(me as RouteModule, p.user, '/me')
    const row = getDb().select({ name: groups.name }).from(groups).where(eq(groups.name, p.groupName)).get()!
    expect(data.groupName).toBe(row.name)
    expect(forbiddenWordsIn(data.groupName)).toEqual([])
  })

  test('the practice log offers only own guides already assigned; the check above opened every own guide', async () => {
    const p = people.find((x) => x.arm === arm && x.week === 24)!
    const data = await loaderData<{ options: { slug: string }[] }>(practice as RouteModule, p.user, '/me/practice')
    const assigned = new Set(Array.from({ length: 24 }, (_, i) => findLessonMeta(arm, i + 1)?.practices ?? []).flat())
    expect(data.options.map((o) => o.slug).sort()).toEqual([...assigned].sort())
    const own = new Set(listGuides(arm).map((g) => g.slug))
    for (const slug of assigned) expect(own.has(slug), slug).toBe(true)
  })
})

/** Every string of a locale file, with its key path. */
function strings(tree: unknown, path = ''): [string, string][] {
  if (typeof tree === 'string') return [[path, tree]]
  return Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k))
}

describe('Spanish', () => {
  test.each(ARMS.map((a) => [a]))('no Spanish string names or hints at another group (%s arm)', (arm) => {
    for (const [key, text] of strings(es)) {
      expect(spanishForbiddenWordsIn(text, arm), key).toEqual([])
      expect(forbiddenWordsIn(text, arm), key).toEqual([])
    }
  })

  test('the Spanish check catches what it must, with or without accents', () => {
    expect(spanishForbiddenWordsIn('El grupo de CONTROL del ensayo')).toEqual(['control', 'ensayo'])
    expect(spanishForbiddenWordsIn('una intervencion y el otro grupo')).toEqual(['intervención', 'otro grupo'])
    expect(spanishForbiddenWordsIn('Ejercicios para meditar', 'recovery_support')).toEqual(['medita'])
    expect(spanishForbiddenWordsIn('Hable con su equipo del programa')).toEqual([])
  })

  describe.each(ARMS.map((a) => [a]))('a Spanish-speaking participant in the %s arm', (arm) => {
    test.each([1, 5, 9, 17, 24].map((w) => [w]))('in week %i sees nothing that unblinds them', async (week) => {
      const p = people.find((x) => x.arm === arm && x.week === week)!
      setLocale(p.user.id, 'es')
      try {
        const pages = await everythingSeenBy(p)
        expect((pages.root as { locale: string }).locale).toBe('es')
        for (const [page, data] of Object.entries(pages)) {
          const json = JSON.stringify(data)
          expect(spanishForbiddenWordsIn(json, arm), `${page}: Spanish forbidden words`).toEqual([])
          expect(forbiddenWordsIn(json, arm), `${page}: forbidden words`).toEqual([])
          expect(json.toLowerCase(), page).not.toContain('mrocc')
        }
      } finally {
        setLocale(p.user.id, 'en')
      }
    })
  })
})

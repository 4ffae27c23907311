import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { practiceLogs, users } from '#db/schema'
import { listGuides } from '~/content/content.server'
import { getDb } from '~/db.server'
import { resetEnv } from '~/env.server'
import { isCalendarDate } from '~/domain/calendar-date'
import { earliestPracticeDate } from '~/domain/practice-entry'
import { addDays, localDate } from '~/domain/schedule'
import * as calendarPage from '~/routes/account_.calendar'
import * as feed from '~/routes/calendar.$token'
import * as checkIn from '~/routes/me.check-in'
import * as history from '~/routes/me.check-in_.history'
import * as guidePage from '~/routes/me.practice.$slug'
import * as practice from '~/routes/me.practice._index'
import * as serve from '~/routes/recordings.$slug.$lang'
import * as root from '~/root'
import * as home from '~/routes/me._index'
import * as support from '~/routes/me.support'
import * as account from '~/routes/account'
import { forbiddenWordsIn } from '~/domain/arms'
import { spanishForbiddenWordsIn } from '~/i18n/blinding-es'
import * as upload from '~/routes/curriculum.practices.$slug_.recordings'
import { createTestCohort, createUser, enrolTestParticipant, participantUser, requestAs } from '../support/factories'
import { mp3Bytes, uploadRequest } from '../support/recordings'
import { errorsOf, groupOf, load, loaderData, outcome, placeIn, post, type RouteModule } from './route-helpers'

/**
 * Independent review: the participant's own pages probed with hostile input and other people's
 * ids. A refusal is a 4xx with a reason and writes nothing; nothing else is ever a 5xx.
 */
type User = typeof users.$inferSelect
const TZ = 'America/New_York'
let coordinator: User
let me: User
let meId: number
let neighbour: User
let neighbourId: number
let otherArm: User
const practiceMod = practice as RouteModule

beforeAll(async () => {
  // this file's own recordings folder: other files compare the shared one before and after
  process.env.RECORDINGS_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'review-recordings-'))
  resetEnv()
  coordinator = await createUser('coordinator')
  // Started three weeks ago: earlier weeks' guides are assigned, and the practice window is open.
  const today = localDate(new Date(), TZ)
  const start = addDays(today, -21)
  const weekday = new Date(`${start}T12:00:00Z`).getUTCDay()
  const cohort = createTestCohort({ actorId: coordinator.id, startDate: start, weekday })
  const enrolIn = async (arm: 'mrocc' | 'recovery_support') => {
    const { id } = enrolTestParticipant(cohort, coordinator.id, false)
    placeIn(id, groupOf(cohort, arm).id)
    return { id, user: await participantUser(id) }
  }
  ;({ id: meId, user: me } = await enrolIn('mrocc'))
  ;({ id: neighbourId, user: neighbour } = await enrolIn('mrocc'))
  ;({ user: otherArm } = await enrolIn('recovery_support'))
  // The participant factory sets no time zone: use the cohort's.
  for (const u of [me, neighbour, otherArm]) getDb().update(users).set({ timeZone: TZ }).where(eq(users.id, u.id)).run()
})

afterAll(() => {
  fs.rmSync(process.env.RECORDINGS_DIR!, { recursive: true, force: true })
})

const logsOf = (participantId: number) =>
  getDb().select().from(practiceLogs).where(eq(practiceLogs.participantId, participantId)).all()

async function ownSlug() {
  const data = await loaderData<{ options: { slug: string }[] }>(practiceMod, me, '/me/practice')
  expect(data.options.length).toBeGreaterThan(0)
  return data.options[0].slug
}

/** A YYYY-MM-DD string that names no real day but sorts inside the practice window (e.g. 2026-09-31). */
function impossibleDayInWindow(): string | null {
  const today = localDate(new Date(), TZ)
  const earliest = earliestPracticeDate(today)
  for (let d = earliest; d <= today; d = addDays(d, 1)) {
    for (const day of ['29', '30', '31']) {
      const candidate = `${d.slice(0, 8)}${day}`
      if (!isCalendarDate(candidate) && candidate > earliest && candidate <= today) return candidate
    }
  }
  return null
}

describe('practice log', () => {
  test('an impossible date inside the 8-week window (like 2026-09-31) is refused, nothing written', async () => {
    const day = impossibleDayInWindow()
    if (!day) return // no month end inside the window today
    const slug = await ownSlug()
    const before = logsOf(meId).length
    const o = await post(
      practiceMod,
      me,
      '/me/practice',
      {},
      { intent: 'create', practiceSlug: slug, date: day, minutes: '10' },
    )
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).fieldErrors.date).toEqual(['form.enterRealDate'])
    expect(logsOf(meId)).toHaveLength(before)
  })

  test('far-future, far-past and malformed dates, negative and huge minutes, are 400s', async () => {
    const slug = await ownSlug()
    const before = logsOf(meId).length
    for (const [date, minutes] of [
      ['9999-12-31', '10'],
      ['0000-01-01', '10'],
      ['2025-02-30', '10'],
      ['2026-1-1', '10'],
      ['', '10'],
      [localDate(new Date(), TZ), '-5'],
      [localDate(new Date(), TZ), '1e9'],
      [localDate(new Date(), TZ), 'NaN'],
      [localDate(new Date(), TZ), '10.5'],
    ]) {
      const o = await post(practiceMod, me, '/me/practice', {}, { intent: 'create', practiceSlug: slug, date, minutes })
      expect(o.status, `${date} ${minutes}`).toBe(400)
    }
    expect(logsOf(meId)).toHaveLength(before)
  })

  test('wrong or missing intents, arrays for scalars, and unknown slugs are 400s', async () => {
    const slug = await ownSlug()
    const today = localDate(new Date(), TZ)
    const forms: Record<string, string | string[]>[] = [
      {},
      { intent: 'drop-table' },
      { intent: ['create', 'delete'], practiceSlug: slug, date: today, minutes: '10' },
      { intent: 'create', practiceSlug: [slug, slug], date: today, minutes: '10' },
      { intent: 'create', practiceSlug: slug, date: [today, today], minutes: '10' },
      { intent: 'quick', practiceSlug: '../../etc/passwd' },
      { intent: 'quick', practiceSlug: 'ü'.repeat(5000) },
      { intent: 'delete', logId: 'abc' },
      { intent: 'delete', logId: '-1' },
      { intent: 'update', logId: '1', practiceSlug: slug, date: today, minutes: '0' },
    ]
    const before = logsOf(meId).length
    for (const form of forms) {
      const o = await post(practiceMod, me, '/me/practice', {}, form)
      expect(o.status, JSON.stringify(form).slice(0, 80)).toBe(400)
    }
    expect(logsOf(meId)).toHaveLength(before)
  })

  test('the other group’s guide cannot be logged', async () => {
    const foreign = listGuides('recovery_support')[0].slug
    const o = await post(practiceMod, me, '/me/practice', {}, { intent: 'quick', practiceSlug: foreign })
    expect(o.status).toBe(400)
    expect(logsOf(meId).filter((l) => l.practiceSlug === foreign)).toHaveLength(0)
  })

  test('another participant’s entry can be neither changed nor deleted, nor confirmed for deletion', async () => {
    const slug = await ownSlug()
    const today = localDate(new Date(), TZ)
    const made = await post(
      practiceMod,
      neighbour,
      '/me/practice',
      {},
      { intent: 'create', practiceSlug: slug, date: today, minutes: '7' },
    )
    expect(made.status).toBe(302)
    const theirs = logsOf(neighbourId)[0]
    const upd = await post(
      practiceMod,
      me,
      '/me/practice',
      {},
      {
        intent: 'update',
        logId: String(theirs.id),
        practiceSlug: slug,
        date: today,
        minutes: '99',
      },
    )
    expect(upd.status).toBeGreaterThanOrEqual(400)
    expect(upd.status).toBeLessThan(500)
    const del = await post(practiceMod, me, '/me/practice', {}, { intent: 'delete', logId: String(theirs.id) })
    expect(del.status).toBeGreaterThanOrEqual(400)
    expect(del.status).toBeLessThan(500)
    const row = getDb()
      .select()
      .from(practiceLogs)
      .where(and(eq(practiceLogs.id, theirs.id)))
      .get()
    expect(row).toMatchObject({ minutes: 7 })
    const page = await loaderData<{ deleting: number | null; logs: { id: number }[] }>(
      practiceMod,
      me,
      `/me/practice?delete=${theirs.id}`,
    )
    expect(page.deleting).toBeNull()
    expect(page.logs.map((l) => l.id)).not.toContain(theirs.id)
  })
})

describe('guides and recordings', () => {
  test('the other group’s guide, traversal and odd slugs are all plain 404s', async () => {
    for (const slug of [listGuides('recovery_support')[0].slug, '..', '..%2F..%2Fetc', 'A', 'x'.repeat(300), '1e1']) {
      const o = await load(guidePage as RouteModule, me, `/me/practice/${encodeURIComponent(slug)}`, { slug })
      expect(o.status, slug).toBe(404)
    }
  })

  test('recordings: other arm, odd languages and slugs are 404s; odd ranges are never a 5xx', async () => {
    const own = listGuides('mrocc')[0].slug
    const foreign = listGuides('recovery_support')[0].slug
    const get = async (user: User, slug: string, lang: string, headers: Record<string, string> = {}) => {
      const request = await requestAs(user, `/recordings/${slug}/${lang}`, { headers })
      try {
        return (await serve.loader({ request, params: { slug, lang }, context: {} })) as Response
      } catch (e) {
        if (e instanceof Response) return e
        throw e
      }
    }
    expect((await get(me, foreign, 'en')).status).toBe(404)
    expect((await get(otherArm, own, 'en')).status).toBe(404)
    for (const lang of ['../../etc/passwd', 'EN', 'fr', '', 'en.mp3'])
      expect((await get(me, own, lang)).status, lang).toBe(404)
    // no recording uploaded: each range is answered without a 5xx
    for (const range of ['bytes=-0', 'bytes=5-2', 'bytes=0-1,4-5', 'bytes=abc', 'bytes=99999999999999999999999-'])
      expect((await get(me, own, 'en', { Range: range })).status, range).toBeLessThan(500)
  })
})

describe('a recording with hostile ranges and uploads', () => {
  const own = () => listGuides('mrocc')[0].slug
  const get = async (user: User, headers: Record<string, string> = {}) => {
    const request = await requestAs(user, `/recordings/${own()}/en`, { headers })
    try {
      return (await serve.loader({ request, params: { slug: own(), lang: 'en' }, context: {} })) as Response
    } catch (e) {
      if (e instanceof Response) return e
      throw e
    }
  }

  test('uploads with a traversal language or several files are refused; ranges are answered by the RFC', async () => {
    const admin = await createUser('admin')
    const url = `/curriculum/practices/${own()}/recordings`
    const send = async (request: Request) =>
      outcome(() => (upload as RouteModule).action!({ request, params: { slug: own() }, context: {} }))
    expect(
      (await send(await uploadRequest(admin, url, { bytes: mp3Bytes(), type: 'audio/mpeg' }, '../../x'))).status,
    ).toBe(400)
    const two = await uploadRequest(admin, url, { bytes: mp3Bytes(), type: 'audio/mpeg' })
    const form = await two.formData()
    form.append('audio', new File([mp3Bytes()], 'b.mp3', { type: 'audio/mpeg' }))
    expect((await send(await requestAs(admin, url, { method: 'POST', body: form }))).status).toBe(400)
    for (const form of [
      {},
      { intent: 'delete', lang: 'fr' },
      { intent: 'delete', lang: ['en', 'es'] },
      { intent: 'delete', lang: 'es' },
    ] as Record<string, string | string[]>[]) {
      const o = await post(upload as RouteModule, admin, url, { slug: own() }, form)
      expect(o.status, JSON.stringify(form)).toBeGreaterThanOrEqual(400)
      expect(o.status, JSON.stringify(form)).toBeLessThan(500)
    }
    expect(
      (await send(await uploadRequest(admin, url, { bytes: mp3Bytes(1000), type: 'audio/mpeg' }, 'en'))).status,
    ).toBe(302)

    const status = async (range: string) => (await get(me, { Range: range })).status
    expect(await status('bytes=-0')).toBe(416) // an empty suffix cannot be served
    expect([200, 416]).toContain(await status('bytes=5-2')) // invalid: ignored or refused, never a 5xx
    expect(await status('bytes=0-1,4-5')).toBe(200) // several ranges: the whole file
    expect(await status('bytes=99999999999999999999999-')).toBe(416)
    const tail = await get(me, { Range: 'bytes=-10' })
    expect(tail.status).toBe(206)
    expect(tail.headers.get('Content-Range')).toBe('bytes 990-999/1000')
    expect((await get(otherArm, {})).status).toBe(404)
  })
})

describe('check-in and history', () => {
  test('hostile check-in posts are 4xx and write nothing', async () => {
    const forms: Record<string, string | string[]>[] = [
      {},
      { 'weekly.week': '9999' },
      { 'weekly.week': ['1', '2'], 'weekly.craving[0]': '3' },
      { 'weekly.week': '-1', 'weekly.craving[0]': '-3', 'weekly.craving[1]': '11', 'weekly.craving[2]': 'x' },
      { 'weekly.week': '1', 'weekly.usedOpioids': 'maybe', 'weekly.otherSubstances': ['💥'] },
      { 'promis.week': '0', 'promis.items[0]': '6', 'promis.items[99]': '1' },
      { intent: 'drop', weekly: 'x', promis: 'y' },
    ]
    for (const form of forms) {
      const o = await post(checkIn as RouteModule, me, '/me/check-in', {}, form)
      expect(o.status, JSON.stringify(form)).toBeGreaterThanOrEqual(400)
      expect(o.status, JSON.stringify(form)).toBeLessThan(500)
    }
  })

  test('the history page shows only the signed-in participant’s rows and ships no arm', async () => {
    const data = await loaderData(history as RouteModule, me, '/me/check-in/history')
    const text = JSON.stringify(data).toLowerCase()
    expect(text).not.toMatch(/mrocc|recovery_support|recovery-support|\barm\b/)
  })
})

describe('calendar feed', () => {
  const tokenOf = async (user: User) => {
    const made = await post(calendarPage as RouteModule, user, '/account/calendar', {}, { intent: 'make' })
    return (made.data as { link: string }).link.split('/').pop()!
  }
  const fetchFeed = async (token: string) => {
    try {
      return (await feed.loader({
        request: new Request(`http://localhost/calendar/${token}`),
        params: { token },
        context: {},
      })) as Response
    } catch (e) {
      if (e instanceof Response) return e
      throw e
    }
  }

  test('odd tokens are a plain 404', async () => {
    for (const token of ['', '.ics', '../../x.ics', 'a'.repeat(5000), `${'A'.repeat(43)}.ics`])
      expect((await fetchFeed(token)).status, token.slice(0, 20)).toBe(404)
  })

  test('wrong or array intents on /account/calendar are 400s and make no link', async () => {
    for (const form of [{}, { intent: 'delete-all' }, { intent: ['make', 'remove'] }] as Record<
      string,
      string | string[]
    >[]) {
      const o = await post(calendarPage as RouteModule, me, '/account/calendar', {}, form)
      expect(o.status, JSON.stringify(form)).toBe(400)
    }
  })

  test('a disabled account’s feed stops at once', async () => {
    const facilitator = await createUser('facilitator')
    const token = await tokenOf(facilitator)
    expect((await fetchFeed(token)).status).toBe(200)
    getDb().update(users).set({ disabled: true }).where(eq(users.id, facilitator.id)).run()
    expect((await fetchFeed(token)).status).toBe(404)
  })

  test('a participant’s feed names neither programme, in either language', async () => {
    const token = await tokenOf(me)
    for (const locale of ['en', 'es'] as const) {
      getDb().update(users).set({ locale }).where(eq(users.id, me.id)).run()
      const text = (await (await fetchFeed(token)).text()).toLowerCase()
      expect(text).not.toMatch(/m-rocc|mrocc|recovery support|mindful|control|apoyo a la recuperaci|atenci[oó]n plena/)
    }
    getDb().update(users).set({ locale: 'en' }).where(eq(users.id, me.id)).run()
  })
})

describe('blinding in Spanish, on every page a participant loads (root, account and calendar included)', () => {
  test.each([['mrocc'], ['recovery_support']] as const)('a %s participant reading in Spanish', async (arm) => {
    const user = arm === 'mrocc' ? me : otherArm
    getDb().update(users).set({ locale: 'es' }).where(eq(users.id, user.id)).run()
    const pages: Record<string, unknown> = {
      root: await loaderData(root as RouteModule, user, '/me'),
      '/me': await loaderData(home as RouteModule, user, '/me'),
      '/me/practice': await loaderData(practiceMod, user, '/me/practice'),
      '/me/check-in': await loaderData(checkIn as RouteModule, user, '/me/check-in'),
      '/me/check-in/history': await loaderData(history as RouteModule, user, '/me/check-in/history'),
      '/me/support': await loaderData(support as RouteModule, user, '/me/support'),
      '/account': await loaderData(account as RouteModule, user, '/account'),
      '/account/calendar': await loaderData(calendarPage as RouteModule, user, '/account/calendar'),
    }
    for (const g of listGuides(arm, 'es'))
      pages[g.slug] = await loaderData(guidePage as RouteModule, user, `/me/practice/${g.slug}`, { slug: g.slug })
    // every page title is in Spanish too
    for (const page of [
      '/me/practice',
      '/me/check-in',
      '/me/check-in/history',
      '/me/support',
      '/account',
      '/account/calendar',
    ])
      expect((pages[page] as { title: string }).title, page).toMatch(/· Grupos/)
    for (const [page, data] of Object.entries(pages)) {
      const json = JSON.stringify(data)
      expect(forbiddenWordsIn(json, arm), page).toEqual([])
      expect(spanishForbiddenWordsIn(json, arm), page).toEqual([])
      expect(json.toLowerCase(), page).not.toMatch(/mrocc|recovery[_-]support/)
    }
    getDb().update(users).set({ locale: 'en' }).where(eq(users.id, user.id)).run()
  })
})

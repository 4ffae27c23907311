import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import enCommon from '../../app/locales/en/common.json'
import esCommon from '../../app/locales/es/common.json'
import {
  createCohortWithGroups,
  participantLogin,
  randomizedParticipants,
  recordMeetings,
  type FixtureCohort,
} from './fixtures'
import { afterNavigation, expectNoPageErrors, launch, newPage, settle, signedIn, login, visit } from './support'

/**
 * Issue 16: no page ships the same content twice. A document carries big server-rendered HTML (a
 * lesson, the session screen's script per segment, the cohort page's figures) and the page
 * language's strings once, in the markup; the loader data embedded in the page leaves them out. Client navigations get them as
 * data, and the page still reads the same: hydrated, and after a navigation.
 */
let browser: Browser
let cohort: FixtureCohort
beforeAll(async () => {
  browser = await launch()
  cohort = await createCohortWithGroups({ weeksAgo: 4 })
  recordMeetings(cohort, randomizedParticipants(cohort, 5))
})
afterAll(async () => {
  await browser?.close()
})

/** The strings of the loader data embedded in a document (Remix single fetch: turbo-stream). */
function loaderDataStrings(html: string): string[] {
  const out: string[] = []
  for (const m of html.matchAll(/streamController\.enqueue\(("(?:[^"\\]|\\.)*")\)/g)) {
    const payload: unknown = JSON.parse(JSON.parse(m[1]) as string)
    if (Array.isArray(payload)) for (const v of payload) if (typeof v === 'string') out.push(v)
  }
  return out
}

/** How often `needle` occurs in `text`. */
const occurrences = (text: string, needle: string) => text.split(needle).length - 1

async function documentOf(page: Page, path: string) {
  const res = await page.request.get(path, { headers: { accept: 'text/html' } })
  expect(res.status()).toBe(200)
  return res.text()
}

/** A long translated sentence no page under test renders (the reply to reported use), as JSON text. */
const unrendered = (strings: { checkIn: { useThanks: string } }) =>
  JSON.stringify(strings.checkIn.useThanks).slice(1, -1)

describe('shipped once', () => {
  it('a session screen document holds each segment’s script once, and the page shows it hydrated and after a client navigation', async () => {
    const { page, context } = await signedIn(browser, cohort.groups.mrocc.facilitator)
    // the week /groups links to (this week's session)
    await visit(page, '/groups')
    const path = (await page
      .locator(`a[href^="/groups/${cohort.groups.mrocc.id}/weeks/"]`)
      .first()
      .getAttribute('href'))!
    const html = await documentOf(page, path)
    const data = loaderDataStrings(html)
    expect(data.length).toBeGreaterThan(20)
    // no lesson markup in the data; each segment's script in the markup, once
    expect(data.filter((s) => s.includes('<aside') || s.includes('<p>'))).toEqual([])
    const bodies = [...html.matchAll(/id="segment-(\d+)-body"[^>]*>([\s\S]{400})/g)]
    expect(bodies.length).toBeGreaterThan(2)
    for (const [, , start] of bodies) expect(occurrences(html, start)).toBe(1)
    // the strings: in their script element only
    expect(occurrences(html, unrendered(enCommon))).toBe(1)
    expect(data).not.toContain(enCommon.checkIn.useThanks)
    // the lesson's brief (preparation, what must not happen): in the markup once, not in the data
    const brief = /id="lesson-brief"[^>]*>([\s\S]*?)<\/div>/.exec(html)![1]
    const items = [...brief.matchAll(/<li>([^<&]+)<\/li>/g)].map((m) => m[1])
    expect(items.length).toBeGreaterThan(3)
    for (const item of items) {
      expect(occurrences(html, item)).toBe(1)
      expect(data.some((s) => s.includes(item))).toBe(false)
    }

    // hydrated: the current segment's script shows
    await visit(page, path)
    const script = page.getByTestId('segment-script')
    await expect
      .poll(() => script.locator('article:not([hidden]) [id^="segment-"][id$="-body"]').first().innerText())
      .not.toBe('')
    const first = await page.locator('#segment-0-body').innerHTML()
    expect(first.length).toBeGreaterThan(400)
    const briefShown = await page.locator('#lesson-brief').innerHTML()
    expect(briefShown).toContain(items[0])
    // a client navigation away and back: the same script, now from the data
    await visit(page, '/groups')
    await afterNavigation(
      page,
      () => page.locator(`a[href="${path}"]`).first().click(),
      (u) => u.pathname === path,
    )
    expect(await page.locator('#segment-0-body').innerHTML()).toBe(first)
    expect(await page.locator('#lesson-brief').innerHTML()).toBe(briefShown)
    expectNoPageErrors(page)
    await context.close()
  })

  it('a cohort page document holds its figures once, as markup; its links and a client navigation back show the same figures', async () => {
    const { page, context } = await signedIn(browser, cohort.coordinator)
    const path = `/cohorts/${cohort.id}`
    const html = await documentOf(page, path)
    expect(occurrences(html, 'id="cohort-figures"')).toBe(1)
    expect(occurrences(html, 'Minutes delivered per week (time matching)')).toBe(1)
    // the figures' data (time matching, the grids' letters) is not in the embedded loader data
    expect(loaderDataStrings(html).filter((s) => ['timeMatch', 'cumulative', 'grid', 'adherence'].includes(s))).toEqual(
      [],
    )

    await visit(page, path)
    const figures = page.locator('#cohort-figures')
    const fromDocument = await figures.innerText()
    expect(fromDocument).toContain(cohort.groups.mrocc.name)
    expect(fromDocument).toMatch(/\d+\/\d+/) // attended/held in the grid
    // a participant link in the markup navigates on the client (no new document)
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }))
    const participantLink = figures.locator('a[href^="/participants/"]').first()
    const target = (await participantLink.getAttribute('href'))!
    await afterNavigation(
      page,
      () => participantLink.click(),
      (u) => u.pathname === target,
    )
    expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true)
    // back to the cohort through its link: the figures now drawn from the loader data read the same
    await afterNavigation(
      page,
      () => page.locator(`main a[href="${path}"]`).first().click(),
      (u) => u.pathname === path,
    )
    expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true)
    expect(await figures.innerText()).toBe(fromDocument)
    expectNoPageErrors(page)
    await context.close()
  })

  it('a lesson document holds its body once, and a client navigation to the next week shows that week', async () => {
    const { page, context } = await signedIn(browser, cohort.groups.mrocc.facilitator)
    const html = await documentOf(page, '/curriculum/mrocc/2')
    expect(loaderDataStrings(html).filter((s) => s.includes('<aside') || s.length > 2000)).toEqual([])
    await visit(page, '/curriculum/mrocc/2')
    const body = page.locator('#lesson-body')
    const week2 = await body.innerText()
    expect(week2.length).toBeGreaterThan(500)
    await afterNavigation(
      page,
      () => page.getByRole('link', { name: 'Week 3 →' }).click(),
      (u) => u.pathname === '/curriculum/mrocc/3',
    )
    await expect.poll(() => body.innerText()).not.toBe(week2)
    expect((await body.innerText()).length).toBeGreaterThan(500)
    expectNoPageErrors(page)
    await context.close()
  })

  it('a Spanish participant signing in from an English browser gets Spanish pages without a reload', async () => {
    const spanish = await participantLogin(cohort, randomizedParticipants(cohort, 1, { language: 'Spanish' })[0])
    const { page, context } = await newPage(browser, { locale: 'en-US' })
    await visit(page, '/login')
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    // the sign-in page's strings are English, once, in their script element
    const loginHtml = await documentOf(page, '/login')
    expect(occurrences(loginHtml, unrendered(enCommon))).toBe(1)
    expect(loaderDataStrings(loginHtml).some((s) => s.length > 1000)).toBe(false)
    // signing in navigates on the client: the Spanish strings come with the data
    await login(page, spanish)
    await settle(page)
    expect(new URL(page.url()).pathname).toBe('/me')
    await page.getByRole('heading', { level: 1, name: /^Hola, / }).waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe('es')
    const meHtml = await documentOf(page, '/me')
    expect(occurrences(meHtml, unrendered(esCommon))).toBe(1)
    expectNoPageErrors(page)
    await context.close()
  })
})

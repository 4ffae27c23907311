import type { Browser, Page } from 'playwright-core'
import { formatCalendarDate } from '~/i18n/format'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  afterNavigation,
  checkA11y,
  completeCheckIn,
  expectBlinded,
  expectNoPageErrors,
  launch,
  messageText,
  PHONE,
  settle,
  signedIn,
  visit,
} from './support'
import {
  createCohortWithGroups,
  participantLogin,
  randomizedParticipants,
  recordMeetings,
  type FixtureCohort,
  type Login,
} from './fixtures'

let browser: Browser
let cohort: FixtureCohort
let me: Login
beforeAll(async () => {
  browser = await launch()
  // Their own cohort in week 5 (before the week-8 choice: everyone is in the group), weeks 1–4
  // held, and one person of the mindfulness group signed in: nothing shared with other tests.
  cohort = await createCohortWithGroups({ weeksAgo: 4 })
  const people = randomizedParticipants(cohort, 6)
  recordMeetings(cohort, people, 4)
  me = await participantLogin(
    cohort,
    people.find((p) => p.arm === 'mrocc')!,
  )
})
afterAll(async () => {
  await browser?.close()
})

/** Every participant page: navigate, check accessibility and blinding. */
async function see(page: Page, path: string) {
  const response = await visit(page, path)
  await expectBlinded(page)
  return response
}

/** After a click that navigates: accessibility (in afterNavigation) and blinding. */
async function go(page: Page, action: () => Promise<unknown>, url?: (u: URL) => boolean) {
  await afterNavigation(page, action, url)
  await expectBlinded(page)
}

/** A post answered by a redirect back to the same page: waits for its one-time message (ADR 008). */
async function posted(page: Page, action: () => Promise<unknown>, message: string) {
  await action()
  await page.getByRole('status').filter({ hasText: message }).waitFor()
  await settle(page)
  await checkA11y(page)
  await expectBlinded(page)
}

const entries = (page: Page) =>
  page.locator('section', { has: page.getByRole('heading', { name: 'My entries' }) }).locator('li')

describe('participant on a phone', () => {
  let page: Page

  beforeAll(async () => {
    ;({ page } = await signedIn(browser, me, PHONE))
  })

  it('home shows their group, this week’s practice and progress, and nothing about the arms', async () => {
    expect(new URL(page.url()).pathname).toBe('/me')
    await expectBlinded(page)
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(`Hi, ${me.name}`)
    expect(await page.getByRole('heading', { level: 2, name: cohort.groups.mrocc.name }).isVisible()).toBe(true)
    expect(await page.locator('main').innerText()).toMatch(/Next meeting: .+\(week [56]\)/)
    const guides = page
      .locator('section', { has: page.getByRole('heading', { name: "This week's practice" }) })
      .getByRole('link')
    expect(await guides.count()).toBeGreaterThan(1)
    expect(await page.getByRole('heading', { name: 'My progress' }).isVisible()).toBe(true)
    // The page fits the phone: no sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    expectNoPageErrors(page)
  })

  let guideSlug = ''
  let guideTitle = ''
  it('reads a guide and logs it with one tap', async () => {
    await see(page, '/me')
    const link = page
      .locator('section', { has: page.getByRole('heading', { name: "This week's practice" }) })
      .getByRole('link')
      .first()
    guideTitle = (await link.innerText()).trim()
    await go(
      page,
      () => link.click(),
      (u) => u.pathname.startsWith('/me/practice/'),
    )
    guideSlug = new URL(page.url()).pathname.split('/').pop()!
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(guideTitle)

    await see(page, '/me/practice')
    const before = await entries(page).count()
    await see(page, `/me/practice/${guideSlug}`)
    await go(
      page,
      () => page.getByRole('button', { name: /^I did this practice today/ }).click(),
      (u) => u.pathname === '/me/practice',
    )
    expect(await messageText(page, 'status')).toBe('Practice logged. Nice work.')
    const today = await page.getByLabel('Date').inputValue()
    expect(await entries(page).count()).toBe(before + 1)
    expect(
      await entries(page)
        .filter({ hasText: `${formatCalendarDate(today, 'en')}: ${guideTitle}` })
        .count(),
    ).toBeGreaterThan(0)
    expectNoPageErrors(page)
  })

  it('logs a practice with the form, and sees it in the entries', async () => {
    await see(page, '/me/practice')
    const today = await page.getByLabel('Date').inputValue()
    const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10)

    // Zero minutes: the browser's own validation stops the form (the server checks again).
    const minutes = page.getByLabel('Minutes', { exact: true })
    await minutes.fill('0')
    await page.getByRole('button', { name: 'Log it' }).click()
    expect(await minutes.evaluate((el: HTMLInputElement) => el.validity.rangeUnderflow)).toBe(true)
    expect(await page.getByRole('status').count()).toBe(0)

    const select = page.getByLabel('Which practice')
    const option = (await select.locator('option').allInnerTexts()).at(-1)!
    await select.selectOption({ label: option })
    await page.getByLabel('Date').fill(yesterday)
    await page.getByLabel('Minutes', { exact: true }).fill('13')
    await posted(page, () => page.getByRole('button', { name: 'Log it' }).click(), 'Practice logged. Nice work.')
    expect(
      await entries(page)
        .filter({ hasText: `${formatCalendarDate(yesterday, 'en')}: ${option}, 13 min` })
        .count(),
    ).toBe(1)

    // The quick button at the top of the practice page.
    await see(page, '/me/practice')
    const quick = page.getByRole('button', { name: /^I did .+ today \(\d+ min\)/ })
    const n = await entries(page).count()
    // It may repeat the guide's own tap above (same practice, today): within a minute that logs nothing new.
    await quick.click()
    const said = page.getByRole('status').filter({ hasText: /Practice logged\. Nice work\.|already logged/ })
    await said.waitFor()
    await settle(page)
    const logged = /^Practice logged/.test((await said.innerText()).trim())
    const after = await entries(page).count()
    expect(after).toBe(n + (logged ? 1 : 0))
    // A second tap straight away never logs a duplicate, and says so.
    await posted(page, () => quick.click(), 'That practice is already logged. Nice work.')
    expect(await entries(page).count()).toBe(after)
    expectNoPageErrors(page)
  })

  it('does the check-in when one is open, or is told when the next one opens', async () => {
    await see(page, '/me/check-in')
    const done = await completeCheckIn(page)
    await expectBlinded(page)
    if (done.weekly === null) {
      // nothing open, or this week's is already done
      expect(await page.locator('main').innerText()).toMatch(
        /No check-in is open right now\. The next one opens the day before your next meeting\.|Week \d+: your check-in is done|Thank you for telling us/,
      )
    }
    // Their own history, on its own page.
    await see(page, '/me/check-in/history')
    expect(await page.getByRole('heading', { name: 'My craving over time' }).isVisible()).toBe(true)
    expectNoPageErrors(page)
  })

  it('checks their own progress and support page', async () => {
    await see(page, '/me')
    const progress = page.locator('section', { has: page.getByRole('heading', { name: 'My progress' }) })
    const attended = Number(await progress.locator('dd').nth(0).innerText())
    const minutes = Number(await progress.locator('dd').nth(1).innerText())
    expect(attended).toBeGreaterThan(0)
    expect(minutes).toBeGreaterThanOrEqual(13)
    expect(await page.getByRole('heading', { name: 'My progress' }).isVisible()).toBe(true)
    await go(
      page,
      () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Get support' }).click(),
      (u) => u.pathname === '/me/support',
    )
    expect(await page.locator('main').innerText()).toContain('Programme team')
  })

  it('cannot open the other group’s guides or staff pages', async () => {
    expect((await see(page, '/me/practice/thought-record')).status()).toBe(404)
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Page not found')
    expect((await see(page, '/curriculum')).status()).toBe(404)
    expect((await see(page, '/curriculum/practices/breath-awareness')).status()).toBe(404)
    // Staff lists name no resource: refused outright.
    expect([403, 404]).toContain((await see(page, '/cohorts')).status())
    expect([403, 404]).toContain((await see(page, '/groups')).status())
    expect((await see(page, '/participants/1')).status()).toBe(404)
  })
})

describe('participant on a phone without JavaScript', () => {
  it('reads a guide and logs a practice', async () => {
    const { context, page } = await signedIn(browser, me, { ...PHONE, javaScriptEnabled: false })
    await expectBlinded(page)
    await see(page, '/me/practice')
    const before = await entries(page).count()
    const link = page
      .locator('section', { has: page.getByRole('heading', { name: 'This week' }) })
      .getByRole('link')
      .first()
    const title = (await link.innerText()).trim()
    await go(
      page,
      () => link.click(),
      (u) => u.pathname.startsWith('/me/practice/'),
    )
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(title)
    await go(
      page,
      () => page.getByRole('button', { name: /^I did this practice today/ }).click(),
      (u) => u.pathname === '/me/practice',
    )
    expect(await messageText(page, 'status')).toBe('Practice logged. Nice work.')
    expect(await entries(page).count()).toBe(before + 1)

    // …and the full form.
    await see(page, '/me/practice')
    await page.getByLabel('Minutes', { exact: true }).fill('7')
    await posted(page, () => page.getByRole('button', { name: 'Log it' }).click(), 'Practice logged. Nice work.')
    expect(await entries(page).count()).toBe(before + 2)
    await see(page, '/me/check-in')
    await context.close()
  })
})

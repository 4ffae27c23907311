import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createCohortWithGroups,
  createStaff,
  randomizedParticipants,
  recordMeetings,
  type FixtureCohort,
  type Login,
} from './fixtures'
import { afterNavigation, checkA11y, expectNoPageErrors, launch, login, newPage, visit } from './support'

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

describe('supervisor: curriculum and fidelity audit views', () => {
  let page: Page
  let supervisor: Login
  let cohort: FixtureCohort

  beforeAll(async () => {
    // A cohort in week 11, past the week-8 decision, with weeks 1–10 held and recorded.
    supervisor = await createStaff('supervisor')
    cohort = await createCohortWithGroups({ weeksAgo: 10 })
    recordMeetings(cohort, randomizedParticipants(cohort, 8), 10)
    ;({ page } = await newPage(browser))
    await login(page, supervisor)
  })

  it('browses the curriculum: both arms, 24 weeks, time-matched', async () => {
    await afterNavigation(
      page,
      () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Curriculum' }).click(),
      (u) => u.pathname === '/curriculum',
    )
    const rows = page.locator('table tbody tr')
    expect(await rows.count()).toBe(24)
    const headers = await page.locator('table thead th').allInnerTexts()
    expect(headers).toEqual(['Week', 'M-ROCC', 'Minutes', 'Recovery Support', 'Minutes', 'Matched'])
    expect(await page.getByText('✗ No').count()).toBe(0)
    expect(await page.getByRole('heading', { name: 'M-ROCC practice guides' }).isVisible()).toBe(true)
    expect(await page.getByRole('heading', { name: 'Recovery Support practice guides' }).isVisible()).toBe(true)
  })

  it('opens a lesson and moves between weeks', async () => {
    const week5 = page.locator('table tbody tr').nth(4).getByRole('link').first()
    const title = (await week5.innerText()).trim()
    await afterNavigation(
      page,
      () => week5.click(),
      (u) => u.pathname === '/curriculum/mrocc/5',
    )
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(title)
    const main = await page.locator('main').innerText()
    expect(main).toMatch(/M-ROCC · Week 5/i)
    expect(main).toMatch(/Agenda \(60 minutes\)/)
    expect(main).toContain('Fidelity: prescribed')
    expect(main).toContain('Must not happen')
    await afterNavigation(
      page,
      () => page.getByRole('link', { name: 'Week 6 →' }).click(),
      (u) => u.pathname === '/curriculum/mrocc/6',
    )
    await afterNavigation(
      page,
      () => page.getByRole('link', { name: '← Week 5' }).click(),
      (u) => u.pathname === '/curriculum/mrocc/5',
    )
    expectNoPageErrors(page)
  })

  it('the print view hides the site header and navigation on paper', async () => {
    await afterNavigation(
      page,
      () => page.getByRole('link', { name: 'Print view' }).click(),
      (u) => u.pathname === '/curriculum/mrocc/5/print',
    )
    const header = page.locator('header')
    const note = page.getByText('This page is laid out for printing.')
    expect(await header.isVisible()).toBe(true)
    expect(await note.isVisible()).toBe(true)

    await page.emulateMedia({ media: 'print' })
    expect(await header.isVisible()).toBe(false)
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false)
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(false)
    expect(await note.isVisible()).toBe(false)
    expect(await page.getByRole('heading', { level: 1 }).isVisible()).toBe(true)
    expect(await page.getByRole('region', { name: 'Agenda' }).isVisible()).toBe(true)
    await checkA11y(page)
    await page.emulateMedia({ media: 'screen' })
  })

  it('reads a practice guide from each arm', async () => {
    await visit(page, '/curriculum')
    const mroccGuides = page
      .locator('section', { has: page.getByRole('heading', { name: 'M-ROCC practice guides' }) })
      .getByRole('link')
    const first = mroccGuides.first()
    const title = (await first.innerText()).trim()
    await afterNavigation(
      page,
      () => first.click(),
      (u) => u.pathname.startsWith('/curriculum/practices/'),
    )
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(title)
    expect(await page.locator('main').innerText()).toContain('M-ROCC practice guide')

    await visit(page, '/curriculum/practices/thought-record')
    expect(await page.locator('main').innerText()).toContain('Recovery Support practice guide')
    const missing = await visit(page, '/curriculum/practices/no-such-guide')
    expect(missing.status()).toBe(404)
  })

  it('reads a cohort page, without the coordinator’s enrolment controls', async () => {
    await afterNavigation(
      page,
      () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cohorts' }).click(),
      (u) => u.pathname === '/cohorts',
    )
    expect(await page.getByRole('link', { name: 'New cohort' }).count()).toBe(0)
    await afterNavigation(
      page,
      () => page.getByRole('link', { name: cohort.name }).click(),
      (u) => u.pathname === `/cohorts/${cohort.id}`,
    )
    const main = await page.locator('main').innerText()
    expect(main).toContain(`week ${cohort.week} of 24`)
    expect(main).toContain('Minutes delivered per week (time matching)')
    expect(main).toContain('Week-8 continuation decision')
    const mroccHeading = page.getByRole('heading', { level: 2, name: new RegExp(`^${cohort.groups.mrocc.name}`) })
    expect(await mroccHeading.isVisible()).toBe(true)
    expect(
      await page
        .getByRole('heading', { level: 2, name: new RegExp(`^${cohort.groups.recovery_support.name}`) })
        .isVisible(),
    ).toBe(true)
    expect(await page.getByRole('link', { name: 'Enrol a participant' }).count()).toBe(0)

    // A participant's record, from the group's attendance table.
    const mroccSection = page.locator('section', { has: mroccHeading })
    const person = mroccSection.locator('tbody tr').first().getByRole('link')
    const who = (await person.innerText()).trim()
    const cohortPath = new URL(page.url()).pathname
    await afterNavigation(
      page,
      () => person.click(),
      (u) => /^\/participants\/\d+$/.test(u.pathname),
    )
    expect(await page.locator('main').innerText()).toContain(who)
    await visit(page, cohortPath)

    const refused = await visit(page, '/cohorts/new')
    expect(refused.status()).toBe(403)
    expectNoPageErrors(page)
  })

  it('audits a held session against its lesson: ratings, proscribed items, competence', async () => {
    await afterNavigation(
      page,
      () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cohorts' }).click(),
      (u) => u.pathname === '/cohorts',
    )
    await afterNavigation(
      page,
      () => page.getByRole('link', { name: cohort.name }).click(),
      (u) => u.pathname === `/cohorts/${cohort.id}`,
    )
    await afterNavigation(
      page,
      () => page.getByRole('link', { name: 'Audit M-ROCC week 1', exact: true }).click(),
      (u) => /^\/meetings\/\d+\/audit$/.test(u.pathname),
    )
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain(
      `Fidelity audit: ${cohort.groups.mrocc.name}, week 1`,
    )
    // Submitting with nothing rated is refused with messages.
    await page.getByRole('button', { name: 'Save audit' }).click()
    await page.getByText('Rate this item.').first().waitFor()
    await checkA11y(page)
    const prescribed = page.locator('fieldset', { has: page.locator('legend', { hasText: 'Prescribed items' }) })
    const items = prescribed.locator('li')
    for (let i = 0; i < (await items.count()); i++) await items.nth(i).getByLabel('Fully').check()
    const competence = page.locator('fieldset', { has: page.locator('legend', { hasText: 'Facilitator competence' }) })
    const domains = competence.locator('li')
    for (let i = 0; i < (await domains.count()); i++) await domains.nth(i).getByLabel('4 Good').check()
    await page
      .getByLabel('Comments and feedback for the facilitator')
      .fill('Warm, well paced; inquiry could go deeper.')
    await page.getByRole('button', { name: 'Save audit' }).click()
    await page.getByText('Audit saved.').waitFor()
    await checkA11y(page)
    const table = await page.getByRole('table').innerText()
    expect(table).toContain('100%')
    expect(table).toContain(supervisor.name)
    expectNoPageErrors(page)
  })
})

import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createCohortWithGroups,
  createStaff,
  randomizedParticipants,
  recordDecisions,
  recordMeetings,
  type FixtureCohort,
  type FixtureParticipant,
  type Login,
} from './fixtures'
import { afterNavigation, checkA11y, expectNoPageErrors, launch, messageText, reload, signedIn, visit } from './support'

/**
 * One facilitator leads the M-ROCC groups of two cohorts of their own: "cedar", in week 3 (its
 * meeting is today, nothing recorded yet), and "willow", in week 11 (weeks 1–8 held with everyone
 * present, so everyone is eligible, and a week-8 decision recorded for each). The other arm's
 * groups are led by someone else.
 */
let browser: Browser
let facilitator: Login
let cedarCohort: FixtureCohort
let willowCohort: FixtureCohort
let cedar: FixtureCohort['groups']['mrocc']
let willow: FixtureCohort['groups']['mrocc']

/** At least `min` people randomized into the cohort's M-ROCC group (the allocation is random). */
function mroccMembers(cohort: FixtureCohort, min: number): FixtureParticipant[] {
  const people = randomizedParticipants(cohort, 2 * min)
  while (people.filter((p) => p.arm === 'mrocc').length < min) people.push(...randomizedParticipants(cohort, 1))
  return people
}

beforeAll(async () => {
  browser = await launch()
  facilitator = await createStaff('facilitator')
  cedarCohort = await createCohortWithGroups({ weeksAgo: 2, facilitators: { mrocc: facilitator } })
  willowCohort = await createCohortWithGroups({ weeksAgo: 10, facilitators: { mrocc: facilitator } })
  ;({ mrocc: cedar } = cedarCohort.groups)
  ;({ mrocc: willow } = willowCohort.groups)
  mroccMembers(cedarCohort, 3)
  recordMeetings(willowCohort, mroccMembers(willowCohort, 2), 8)
  recordDecisions(willowCohort, 'continue')
})
afterAll(async () => {
  await browser?.close()
})

const groupCard = (page: Page, name: string) =>
  page.locator('li.card', { has: page.getByRole('heading', { level: 2, name }) })

/** The group hour's attendance fieldsets (the roster), in list order. */
const attendanceGroups = (page: Page) => page.getByRole('group', { name: /^Group attendance for / })
/** The check-in's attendance fieldsets (everyone still in the study), in list order. */
const checkinGroups = (page: Page) => page.getByRole('group', { name: /^Check-in attendance for / })
const saveButton = (page: Page) => page.getByRole('button', { name: /^Save (session|changes)$/ }).first()

/** The group minutes of a week as the cohort page's time-matching table shows them ("check-in + group min"). */
async function minutesCell(page: Page, week: number): Promise<string> {
  const row = page
    .locator('table', { has: page.locator('caption', { hasText: 'Group minutes per week' }) })
    .locator('tbody tr', { has: page.getByRole('rowheader', { name: String(week), exact: true }) })
  const text = (await row.locator('td').first().innerText()).trim()
  return /(\d+) min$/.exec(text)?.[1] ?? text
}

describe('facilitator: running sessions and week-8 decisions', () => {
  let page: Page
  let sessionPath = ''
  let cohortPath = ''
  let week = 0

  beforeAll(async () => {
    ;({ page } = await signedIn(browser, facilitator))
  })

  it('/groups shows both M-ROCC groups they lead', async () => {
    expect(new URL(page.url()).pathname).toBe('/groups')
    for (const name of [cedar.name, willow.name]) {
      const card = groupCard(page, name)
      expect(await card.count()).toBe(1)
      expect(await card.innerText()).toContain('M-ROCC')
    }
    expect(await groupCard(page, cedarCohort.groups.recovery_support.name).count()).toBe(0)
    expect(await groupCard(page, willowCohort.groups.recovery_support.name).count()).toBe(0)
    expect(await groupCard(page, cedar.name).innerText()).toContain('Week 3 of 24')
    expect(await groupCard(page, willow.name).innerText()).toContain('Week 11 of 24')
  })

  it('records the week-3 session with attendance, fidelity, minutes and notes', async () => {
    const record = groupCard(page, cedar.name).getByRole('link', { name: /^Record week \d+$/ })
    week = Number(/(\d+)/.exec(await record.innerText())![1])
    expect(week).toBe(3)
    await afterNavigation(
      page,
      () => record.click(),
      (u) => /^\/groups\/\d+\/weeks\/3$/.test(u.pathname),
    )
    sessionPath = new URL(page.url()).pathname
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(`${cedar.name}: week 3`)

    const checkin = checkinGroups(page)
    expect(await checkin.count()).toBeGreaterThanOrEqual(await attendanceGroups(page).count())
    await checkin.nth(0).getByLabel('Late').check()
    await page
      .getByRole('region', { name: 'Check-in (30 minutes)' })
      .getByRole('button', { name: 'Mark all present' })
      .click()
    expect(await checkin.nth(0).getByLabel('Late').isChecked()).toBe(true)
    expect(await checkin.nth(1).getByLabel('Present').isChecked()).toBe(true)
    const attendance = attendanceGroups(page)
    const n = await attendance.count()
    expect(n).toBeGreaterThan(2)
    await attendance.nth(0).getByLabel('Late').check()
    await attendance.nth(1).getByLabel('Absent').check()
    for (let i = 2; i < n; i++) await attendance.nth(i).getByLabel('Present').check()
    await page.getByText('Notes on attendance (optional)').click()
    await page
      .getByLabel(/^Note for /)
      .first()
      .fill('Joined by phone from the car park.')

    const fidelity = page.getByRole('group', { name: 'Fidelity checklist' }).getByRole('checkbox')
    expect(await fidelity.count()).toBeGreaterThan(0)
    for (const box of await fidelity.all()) await box.check()

    await page.getByRole('radio', { name: 'Held' }).check()
    await page.getByLabel('Check-in minutes (actual)').fill('31')
    await page.getByLabel('Group minutes (actual)').fill('59')
    await page.getByLabel('Session notes').fill('E2E: calm group, good practice discussion.')
    // The save redirects back to this page with a one-time message.
    await saveButton(page).click()
    expect(await messageText(page, 'status')).toBe('Week 3 saved.')
    await page.getByText('recorded (held)').waitFor()

    // What was saved comes back in the form.
    expect(await page.getByLabel('Group minutes (actual)').inputValue()).toBe('59')
    expect(await page.getByLabel('Session notes').inputValue()).toBe('E2E: calm group, good practice discussion.')
    expect(await attendanceGroups(page).nth(0).getByLabel('Late').isChecked()).toBe(true)
    expect(await attendanceGroups(page).nth(1).getByLabel('Absent').isChecked()).toBe(true)
    expect(await checkinGroups(page).nth(0).getByLabel('Late').isChecked()).toBe(true)
    expect(
      await page
        .getByLabel(/^Note for /)
        .first()
        .inputValue(),
    ).toBe('Joined by phone from the car park.')
    for (const box of await page.getByRole('group', { name: 'Fidelity checklist' }).getByRole('checkbox').all())
      expect(await box.isChecked()).toBe(true)
    // A full load of the saved page renders the record on the server; the message was one-time.
    await reload(page)
    expect(await page.getByLabel('Group minutes (actual)').inputValue()).toBe('59')
    expect(await page.getByText('Week 3 saved.').count()).toBe(0)
    expectNoPageErrors(page)
  })

  it('the cohort page shows the recorded session', async () => {
    await afterNavigation(
      page,
      () => page.getByRole('link', { name: cedarCohort.name }).click(),
      (u) => /^\/cohorts\/\d+$/.test(u.pathname),
    )
    cohortPath = new URL(page.url()).pathname
    expect(await minutesCell(page, 3)).toBe('59')
    const section = page.locator('section', {
      has: page.getByRole('heading', { level: 2, name: new RegExp(`^${cedar.name}`) }),
    })
    // one letter per week under its "Week N" column header: week 3 is the third week cell
    const week3 = (row: number) => section.locator('tbody tr').nth(row).locator('td.w').nth(2)
    expect((await week3(0).innerText()).trim()).toBe('L')
    expect((await week3(1).innerText()).trim()).toBe('A')
  })

  it('edits the same meeting with JavaScript disabled', async () => {
    const { context, page: nojs } = await signedIn(browser, facilitator, { javaScriptEnabled: false })
    await visit(nojs, sessionPath)
    expect(await nojs.locator('main').innerText()).toContain('recorded (held)')
    expect(await nojs.getByLabel('Group minutes (actual)').inputValue()).toBe('59')
    await attendanceGroups(nojs).nth(1).getByLabel('Excused').check()
    await nojs.getByLabel('Group minutes (actual)').fill('61')
    await nojs.getByLabel('Session notes').fill('E2E: edited without JavaScript.')
    await afterNavigation(nojs, () => saveButton(nojs).click())
    expect(await messageText(nojs, 'status')).toBe('Week 3 saved.')
    expect(await nojs.getByLabel('Group minutes (actual)').inputValue()).toBe('61')
    expect(await nojs.getByLabel('Session notes').inputValue()).toBe('E2E: edited without JavaScript.')
    expect(await attendanceGroups(nojs).nth(1).getByLabel('Excused').isChecked()).toBe(true)

    // A validation error round-trips without JavaScript too.
    await nojs.getByLabel('Group minutes (actual)').fill('')
    await afterNavigation(nojs, () => saveButton(nojs).click())
    await nojs.getByText('Enter the group minutes.').waitFor()

    await visit(nojs, cohortPath)
    expect(await minutesCell(nojs, 3)).toBe('61')
    await context.close()
  })

  it('the session timer runs through segments and survives a reload', async () => {
    await visit(page, sessionPath)
    const timer = page.locator('section', { has: page.getByRole('heading', { name: 'Session timer' }) })
    const nav = timer.getByRole('navigation', { name: 'Agenda segments' })
    const script = page.getByTestId('segment-script')
    const shownTitle = () => script.locator('article:not([hidden]) h3').innerText()
    expect(await shownTitle()).toMatch(/^1\. /)

    await timer.getByRole('button', { name: 'Start session' }).click()
    await nav.getByText('Segment 1 of').waitFor()
    await nav.getByRole('button', { name: 'Next segment' }).click()
    await nav.getByText('Segment 2 of').waitFor()
    // the script follows the segment
    expect(await shownTitle()).toMatch(/^2\. /)
    // The clock ticks once a second.
    await page.waitForFunction(() => document.querySelector('[role="timer"]')?.textContent !== '0:00', undefined, {
      timeout: 5_000,
    })
    const before = await timer.getByRole('timer').first().innerText()
    await checkA11y(page)

    await reload(page)
    await nav.getByText('Segment 2 of').waitFor()
    expect(await shownTitle()).toMatch(/^2\. /)
    expect(await timer.getByRole('button', { name: 'Pause' }).isVisible()).toBe(true)
    const after = await timer.getByRole('timer').first().innerText()
    const seconds = (t: string) => t.split(':').reduce((m, s) => m * 60 + Number(s), 0)
    expect(seconds(after)).toBeGreaterThanOrEqual(seconds(before))

    // Pausing stops the clock; "Use timer minutes" fills the group minutes.
    await timer.getByRole('button', { name: 'Pause' }).click()
    await timer.getByRole('button', { name: 'Resume' }).waitFor()
    const paused = await timer.getByRole('timer').first().innerText()
    await page.waitForTimeout(2_100)
    expect(await timer.getByRole('timer').first().innerText()).toBe(paused)
    await timer.getByRole('button', { name: 'Use timer minutes' }).click()
    expect(await page.getByLabel('Group minutes (actual)').inputValue()).toBe('0')

    // Back a segment, then reset.
    await nav.getByRole('button', { name: 'Previous segment' }).click()
    await nav.getByText('Segment 1 of').waitFor()
    await timer.getByRole('button', { name: 'Reset' }).click()
    await timer.getByRole('button', { name: 'Start session' }).waitFor()
    expectNoPageErrors(page)
  })

  it('corrects a week-8 decision of the second cohort group (in week 11: fixed, so a correction with a reason)', async () => {
    await visit(page, '/groups')
    await afterNavigation(
      page,
      () => groupCard(page, willow.name).getByRole('link', { name: 'Week-8 decisions' }).click(),
      (u) => /^\/groups\/\d+\/decisions$/.test(u.pathname),
    )
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(`Week-8 continuation: ${willow.name}`)

    // The cohort is past week 9: a recorded decision is fixed, and a change is a correction.
    const card: Locator = page
      .locator('li.card', { has: page.getByRole('button', { name: /^Save correction/ }) })
      .first()
    const name = (await card.getByRole('heading', { level: 2 }).innerText()).trim()
    expect(await card.innerText()).toContain('Eligible')
    const current = await card.getByRole('radio', { name: 'Chose not to continue' }).isChecked()
    const choice = current ? 'Still deciding' : 'Chose not to continue'
    await card.getByRole('radio', { name: choice }).check()
    await card.getByRole('checkbox', { name: 'Time or schedule' }).check()
    await card.getByLabel('Note (optional)').fill('E2E: will revisit after the holidays.')
    // Without a reason the correction is refused beside the field, and what was chosen stays.
    await card.getByRole('button', { name: /^Save correction/ }).click()
    const reason = card.getByLabel('Reason for the correction (required)')
    await card.locator('[aria-invalid="true"]').first().waitFor()
    expect(await reason.getAttribute('aria-invalid')).toBe('true')
    expect(await card.getByRole('radio', { name: choice }).isChecked()).toBe(true)
    await reason.fill('E2E: recorded against the wrong person at the session.')
    await card.getByRole('button', { name: /^Save correction/ }).click()
    expect(await messageText(page, 'status')).toBe('Correction saved and kept in the history.')
    await checkA11y(page)

    const saved = page.locator('li.card', { has: page.getByRole('heading', { level: 2, name }) })
    await saved.getByText(`Recorded: ${choice}`).waitFor()
    await saved.getByText(/Reason: E2E: recorded against the wrong person/).waitFor()
    await visit(page, new URL(page.url()).pathname)
    expect(await saved.getByRole('radio', { name: choice }).isChecked()).toBe(true)
    expect(await saved.getByRole('checkbox', { name: 'Time or schedule' }).isChecked()).toBe(true)
    expect(await saved.getByLabel('Note (optional)').inputValue()).toBe('E2E: will revisit after the holidays.')
    expectNoPageErrors(page)
  })
})

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCohortWithGroups, createStaff, participantLogin, randomizedParticipants } from './fixtures'
import {
  expectBlinded,
  expectNoPageErrors,
  fieldErrorText,
  launch,
  messageText,
  PHONE,
  signedIn,
  visit,
} from './support'

/** Issue 13: reminder choices (participant), reminder wording, outbox and alerts (staff). */
let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

describe('a participant chooses their reminders on a phone', () => {
  let page: Page
  beforeAll(async () => {
    const cohort = await createCohortWithGroups({ weeksAgo: 2 })
    const [participant] = randomizedParticipants(cohort, 1)
    ;({ page } = await signedIn(browser, await participantLogin(cohort, participant), PHONE))
  })

  it('shows the defaults, refuses a time inside the quiet hours, then saves', async () => {
    await visit(page, '/account/reminders')
    await expectBlinded(page)
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Email reminders')
    expect(await page.getByLabel('The day before each meeting').isChecked()).toBe(true)
    expect(await page.getByLabel('Time of day to send them').inputValue()).toBe('18:00')
    expect(await page.locator('main').innerText()).toMatch(/Reminders go to participant-.+@fixtures\.test/)

    await page.getByLabel('Time of day to send them').fill('22:30')
    await page.getByLabel('When the weekly check-in questions open').uncheck()
    await page.getByRole('button', { name: 'Save reminders' }).click()
    expect(await fieldErrorText(page, 'Time of day to send them')).toMatch(/inside your quiet hours/)

    await page.getByLabel('Time of day to send them').fill('09:30')
    await page.getByRole('button', { name: 'Save reminders' }).click()
    await page.getByRole('status').filter({ hasText: 'Your reminder choices are saved.' }).waitFor()
    expect(await messageText(page, 'status')).toMatch(/saved/)
    expect(await page.getByLabel('Time of day to send them').inputValue()).toBe('09:30')
    expect(await page.getByLabel('When the weekly check-in questions open').isChecked()).toBe(false)
    expect(await page.getByLabel('The day before each meeting').isChecked()).toBe(true)
    expectNoPageErrors(page)
  })
})

describe('staff', () => {
  it('read the wording of every reminder in both languages', async () => {
    const { page } = await signedIn(browser, await createStaff('coordinator'))
    await visit(page, '/reminders/preview')
    const text = await page.locator('main').innerText()
    expect(text).toContain('Your group meets tomorrow')
    expect(text).toContain('Su grupo se reúne mañana')
    expect(text).toContain('Your weekly check-in is tomorrow')
    expect(text).toContain('Último día para las preguntas de esta semana')
    expectNoPageErrors(page)
  })

  it('see alerts on their dashboards and the alerts page', async () => {
    const cohort = await createCohortWithGroups({ weeksAgo: 2 })
    randomizedParticipants(cohort, 2)
    const { page: coordinator } = await signedIn(browser, cohort.coordinator)
    expect(await coordinator.getByRole('heading', { name: /^Alerts/ }).isVisible()).toBe(true)
    await visit(coordinator, '/alerts')
    expect(await coordinator.getByRole('heading', { level: 1 }).innerText()).toBe('Alerts')
    const { page: facilitator } = await signedIn(browser, cohort.groups.mrocc.facilitator)
    expect(await facilitator.getByRole('heading', { name: /^Alerts/ }).isVisible()).toBe(true)
    expectNoPageErrors(coordinator)
    expectNoPageErrors(facilitator)
  })

  it('admins read the outbox', async () => {
    const { page } = await signedIn(browser, await createStaff('admin'))
    await visit(page, '/admin/outbox')
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Outbox')
    expect(await page.locator('main').innerText()).toMatch(/Demo mode without SMTP|SMTP is configured|No SMTP/)
    expectNoPageErrors(page)
  })
})

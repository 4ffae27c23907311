import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createCohortWithGroups,
  participantLogin,
  randomizedParticipants,
  type FixtureCohort,
  type FixtureParticipant,
} from './fixtures'
import { afterNavigation, expectNoPageErrors, launch, login, newPage, visit } from './support'

/**
 * ADR 008 without JavaScript: a rejected post re-renders the form with exactly what was typed and
 * the errors beside the fields. The forms are server-rendered with `noValidate`, so the browser
 * sends the incomplete form and the server's own checks refuse it. Nothing here is accepted. The
 * test's own cohort meets today (week 3), so its weekly check-in is open.
 */
let browser: Browser
let cohort: FixtureCohort
let people: FixtureParticipant[]
beforeAll(async () => {
  browser = await launch()
  cohort = await createCohortWithGroups({ weeksAgo: 2 })
  people = randomizedParticipants(cohort, 2)
})
afterAll(async () => {
  await browser?.close()
})

/** Posts the form with its submit button and returns the HTTP status of the (full-page) answer. */
async function submit(page: Page, button: Locator): Promise<number> {
  const answer = page.waitForResponse((r) => r.request().method() === 'POST')
  await afterNavigation(page, () => button.click())
  return (await answer).status()
}

/** The error text a field's aria-describedby points at. */
async function describedError(page: Page, field: Locator): Promise<string> {
  expect(await field.getAttribute('aria-invalid')).toBe('true')
  const ids = (await field.getAttribute('aria-describedby'))?.split(' ') ?? []
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()))
  return texts.join(' ').trim()
}

describe('no JavaScript: a rejected post keeps every typed value', () => {
  it('on the check-in: the chosen ratings, the yes/no and the ticked boxes come back, the missing rating is flagged', async () => {
    const { page } = await newPage(browser, { javaScriptEnabled: false })
    await login(page, await participantLogin(cohort, people[0]))
    await visit(page, '/me/check-in')
    const heading = page.getByRole('heading', { level: 2, name: 'Week 3 check-in' })
    // This week's check-in is open: the meeting is today and nothing was sent yet.
    expect(await heading.count()).toBe(1)
    const form = () => page.locator('form', { has: heading })
    const scales = () =>
      form()
        .getByRole('group')
        .filter({ has: page.getByRole('radio', { name: '10', exact: true }) })
    expect(await scales().count()).toBe(3)
    await scales().nth(0).getByText('3', { exact: true }).click()
    await scales().nth(1).getByText('7', { exact: true }).click()
    // The third rating is left unanswered.
    await form().getByRole('radio', { name: 'No', exact: true }).check()
    await form().getByRole('checkbox', { name: 'Alcohol' }).check()

    expect(await submit(page, form().getByRole('button', { name: 'Send my check-in' }))).toBe(400)

    expect(await heading.count()).toBe(1)
    expect(await scales().nth(0).getByRole('radio', { name: '3', exact: true }).isChecked()).toBe(true)
    expect(await scales().nth(1).getByRole('radio', { name: '7', exact: true }).isChecked()).toBe(true)
    expect(await scales().nth(2).locator('input:checked').count()).toBe(0)
    expect(await describedError(page, scales().nth(2))).toBe('Choose a number.')
    expect(await scales().nth(0).getAttribute('aria-invalid')).toBeNull()
    expect(await form().getByRole('radio', { name: 'No', exact: true }).isChecked()).toBe(true)
    expect(await form().getByRole('checkbox', { name: 'Alcohol' }).isChecked()).toBe(true)
    expect(await form().getByRole('checkbox', { name: 'Cocaine or crack' }).isChecked()).toBe(false)
    expectNoPageErrors(page)
  })

  it('on the staff participant page: the adverse-event text and the chosen values come back; nothing is chosen for staff', async () => {
    const { page } = await newPage(browser, { javaScriptEnabled: false })
    await login(page, cohort.coordinator)
    await visit(page, '/cohorts')
    await afterNavigation(page, () => page.locator(`main a[href="/cohorts/${cohort.id}"]`).first().click())
    await afterNavigation(page, () => page.locator('main a[href^="/participants/"]').first().click())
    const form = () =>
      page.locator('form', { has: page.getByRole('heading', { level: 3, name: 'Record an adverse event' }) })

    // Selects start empty and no date is filled in: every clinical value must be chosen.
    for (const label of ['Severity', 'Relatedness to the programme', 'Expectedness'])
      expect(await form().getByLabel(label).inputValue(), label).toBe('')
    for (const label of ['Yes, serious', 'No, not serious'])
      expect(await form().getByRole('radio', { name: label }).isChecked(), label).toBe(false)
    expect(await form().getByLabel('Onset date').inputValue()).toBe('')

    const description = 'E2E: light-headed after the session.\nSat down for ten minutes; better by evening.'
    await form().getByLabel('Description').fill(description)
    await form().getByLabel('Onset date').fill('2026-11-20')
    await form().getByLabel('Severity').selectOption('moderate')
    await form().getByLabel('Relatedness to the programme').selectOption('possibly')
    // Expectedness is left unchosen.
    await form().getByRole('radio', { name: 'Yes, serious' }).check()
    await form().getByLabel('Action taken').fill('Observed; advised rest.')

    expect(await submit(page, form().getByRole('button', { name: 'Save adverse event' }))).toBe(400)

    expect(await form().getByLabel('Description').inputValue()).toBe(description)
    expect(await form().getByLabel('Onset date').inputValue()).toBe('2026-11-20')
    expect(await form().getByLabel('Severity').inputValue()).toBe('moderate')
    expect(await form().getByLabel('Relatedness to the programme').inputValue()).toBe('possibly')
    expect(await form().getByRole('radio', { name: 'Yes, serious' }).isChecked()).toBe(true)
    expect(await form().getByLabel('Action taken').inputValue()).toBe('Observed; advised rest.')
    const expectedness = form().getByLabel('Expectedness')
    expect(await expectedness.inputValue()).toBe('')
    expect(await describedError(page, expectedness)).toBe('Choose expected or unexpected.')
    // The other forms on the page are not given this form's reply.
    const tox = page.locator('form', { has: page.getByRole('heading', { level: 3, name: 'Record a result' }) })
    expect(await tox.locator('[aria-invalid="true"]').count()).toBe(0)
    expectNoPageErrors(page)
  })
})

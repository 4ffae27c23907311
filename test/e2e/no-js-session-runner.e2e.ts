import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCohortWithGroups, randomizedParticipants, type FixtureCohort } from './fixtures'
import { localDate } from '~/domain/schedule'
import { afterNavigation, expectNoPageErrors, launch, signedIn, visit } from './support'

/**
 * Issue 8: a facilitator without JavaScript whose session record is refused sees exactly what they
 * typed (check-in and group attendance, notes, minutes, checklist), with the errors beside the
 * fields. Nothing is saved. Issue 9: "mark all present" works without JavaScript too (the form
 * comes back filled in, not saved).
 */
let browser: Browser
let cohort: FixtureCohort
beforeAll(async () => {
  browser = await launch()
  cohort = await createCohortWithGroups({ weeksAgo: 2 }) // in week 3: this week's meeting is today
  randomizedParticipants(cohort, 8)
})
afterAll(async () => {
  await browser?.close()
})

describe('session runner without JavaScript', () => {
  it('a rejected post keeps every typed value', async () => {
    const { mrocc } = cohort.groups
    const { context, page } = await signedIn(browser, mrocc.facilitator, { javaScriptEnabled: false })
    await visit(page, '/groups')
    const card = page.locator('li.card', { has: page.getByRole('heading', { level: 2, name: mrocc.name }) })
    const href = await card.locator('a[href*="/weeks/"]').first().getAttribute('href')
    expect(href).toMatch(/^\/groups\/\d+\/weeks\/\d+$/)
    await visit(page, href!)
    const recordedBefore = await page
      .locator('main p', { hasText: /recorded|not recorded yet/ })
      .first()
      .innerText()

    const checkin = page.getByRole('group', { name: /^Check-in attendance for / })
    const c = await checkin.count()
    expect(c).toBeGreaterThan(1)
    // At check-in the first person is left unmarked on purpose; everyone else is excused.
    for (let i = 1; i < c; i++) await checkin.nth(i).getByLabel('Excused').check()
    const attendance = page.getByRole('group', { name: /^Group attendance for / })
    const n = await attendance.count()
    expect(n).toBeGreaterThan(1)
    // In the group too: the first person unmarked; everyone else is late.
    for (let i = 1; i < n; i++) await attendance.nth(i).getByLabel('Late').check()
    // the per-person notes are folded away (a native disclosure, no script needed)
    await page.getByText('Notes on attendance (optional)').click()
    const notes = page.getByLabel(/^Note for /)
    await notes.nth(0).fill('Rang to say they were stuck at work.')
    await notes.nth(1).fill('Joined by phone.')
    const fidelity = page.getByRole('group', { name: 'Fidelity checklist' }).getByRole('checkbox')
    const boxes = await fidelity.count()
    expect(boxes).toBeGreaterThan(1)
    await fidelity.nth(0).check()
    await fidelity.nth(1).uncheck()
    await page.getByRole('radio', { name: 'Held' }).check()
    await page.getByLabel('Check-in minutes (actual)').fill('25')
    await page.getByLabel('Group minutes (actual)').fill('500')
    await page.getByLabel('Session notes').fill('E2E no-JS: typed notes survive a refusal.')

    await afterNavigation(page, () =>
      page
        .getByRole('button', { name: /^Save (session|changes)$/ })
        .first()
        .click(),
    )

    // The error sits beside the field, announced with it.
    await page.getByText('Group minutes cannot be more than 180 minutes.').waitFor()
    const group = page.getByLabel('Group minutes (actual)')
    expect(await group.getAttribute('aria-invalid')).toBe('true')
    // Every typed value is back.
    expect(await group.inputValue()).toBe('500')
    expect(await page.getByLabel('Check-in minutes (actual)').inputValue()).toBe('25')
    expect(await page.getByLabel('Session notes').inputValue()).toBe('E2E no-JS: typed notes survive a refusal.')
    expect(await page.getByRole('radio', { name: 'Held' }).isChecked()).toBe(true)
    expect(await notes.nth(0).inputValue()).toBe('Rang to say they were stuck at work.')
    expect(await notes.nth(1).inputValue()).toBe('Joined by phone.')
    for (const label of ['Present', 'Late', 'Excused', 'Absent']) {
      expect(await attendance.nth(0).getByLabel(label).isChecked(), `first person ${label}`).toBe(false)
      expect(await checkin.nth(0).getByLabel(label).isChecked(), `first person at check-in ${label}`).toBe(false)
    }
    for (let i = 1; i < n; i++) expect(await attendance.nth(i).getByLabel('Late').isChecked()).toBe(true)
    for (let i = 1; i < c; i++) expect(await checkin.nth(i).getByLabel('Excused').isChecked()).toBe(true)
    expect(await fidelity.nth(0).isChecked()).toBe(true)
    expect(await fidelity.nth(1).isChecked()).toBe(false)

    // "Mark all present" for the check-in, without JavaScript: the form comes back with the one
    // unmarked person marked present, everything else as typed, and nothing saved.
    await afterNavigation(page, () =>
      page
        .getByRole('region', { name: 'Check-in (30 minutes)' })
        .getByRole('button', { name: 'Mark all present' })
        .click(),
    )
    expect(await checkin.nth(0).getByLabel('Present').isChecked()).toBe(true)
    for (let i = 1; i < c; i++) expect(await checkin.nth(i).getByLabel('Excused').isChecked()).toBe(true)
    for (const label of ['Present', 'Late', 'Excused', 'Absent'])
      expect(await attendance.nth(0).getByLabel(label).isChecked(), `group, first person ${label}`).toBe(false)
    expect(await page.getByLabel('Group minutes (actual)').inputValue()).toBe('500')
    expect(await page.getByLabel('Session notes').inputValue()).toBe('E2E no-JS: typed notes survive a refusal.')
    expect(await notes.nth(1).inputValue()).toBe('Joined by phone.')
    expect(await fidelity.nth(0).isChecked()).toBe(true)

    // A held meeting with someone unmarked in the group is refused beside their row, all kept.
    await page.getByLabel('Group minutes (actual)').fill('60')
    await afterNavigation(page, () =>
      page
        .getByRole('button', { name: /^Save (session|changes)$/ })
        .first()
        .click(),
    )
    await page.getByText('One person is not marked yet.', { exact: false }).first().waitFor()
    expect(await attendance.nth(0).getAttribute('aria-invalid')).toBe('true')
    expect(await checkin.nth(0).getByLabel('Present').isChecked()).toBe(true)
    expect(await page.getByLabel('Group minutes (actual)').inputValue()).toBe('60')
    expect(await page.getByLabel('Session notes').inputValue()).toBe('E2E no-JS: typed notes survive a refusal.')

    // Nothing was written: a fresh load shows the record as it was.
    await visit(page, href!)
    expect(
      await page
        .locator('main p', { hasText: /recorded|not recorded yet/ })
        .first()
        .innerText(),
    ).toBe(recordedBefore)
    expect(await page.getByLabel('Group minutes (actual)').inputValue()).not.toBe('500')
    expectNoPageErrors(page)
    await context.close()
  })

  it('records a test result: the entry is asked for, and everything typed comes back with it', async () => {
    const { mrocc } = cohort.groups
    const { context, page } = await signedIn(browser, mrocc.facilitator, { javaScriptEnabled: false })
    const path = `/groups/${mrocc.id}/weeks/3`
    await visit(page, path)
    expect(await page.getByLabel('Person tested').count()).toBe(0)
    await page.getByLabel('Session notes').fill('Typed before asking for the test entry.')
    await page
      .getByRole('group', { name: /^Check-in attendance for / })
      .nth(0)
      .getByLabel('Late')
      .check()
    await afterNavigation(page, () => page.getByRole('button', { name: 'Record a test result' }).click())
    // the entry is there, nothing in it chosen; what was typed is back, and nothing was saved
    const person = page.getByLabel('Person tested')
    expect(await person.inputValue()).toBe('')
    const substances = page.locator('fieldset', { has: page.getByRole('radio', { name: 'negative' }) })
    expect(await substances.count()).toBe(8)
    expect(await substances.locator('input:checked').count()).toBe(0)
    expect(await page.getByLabel('Session notes').inputValue()).toBe('Typed before asking for the test entry.')
    expect(
      await page
        .getByRole('group', { name: /^Check-in attendance for / })
        .nth(0)
        .getByLabel('Late')
        .isChecked(),
    ).toBe(true)
    expect(await page.locator('main').innerText()).toContain('not recorded yet')

    const first = await person.locator('option').nth(1).innerText()
    await person.selectOption({ label: first })
    await page.getByLabel('Collected on').fill(localDate(new Date(), cohort.schedule.timeZone))
    for (let i = 0; i < 8; i++) await substances.nth(i).getByRole('radio', { name: 'negative' }).check()
    await afterNavigation(page, () => page.getByRole('button', { name: 'Save test result' }).click())
    await page.getByText(`Toxicology result saved for ${first}`).waitFor()
    // open and cleared for the next person; the meeting's notes still as typed
    expect(await page.getByLabel('Person tested').inputValue()).toBe('')
    expect(await page.getByLabel('Session notes').inputValue()).toBe('Typed before asking for the test entry.')
    expect(await page.getByRole('list', { name: 'Toxicology recorded this week' }).innerText()).toContain(first)
    expectNoPageErrors(page)
    await context.close()
  })
})

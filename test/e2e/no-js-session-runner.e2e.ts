import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { afterNavigation, expectNoPageErrors, launch, signedIn, visit } from './support'

/**
 * Issue 8: a facilitator without JavaScript whose session record is refused sees exactly what they
 * typed (attendance, notes, minutes, checklist), with the errors beside the fields. Nothing is saved.
 */
let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

describe('session runner without JavaScript', () => {
  it('a rejected post keeps every typed value', async () => {
    const { context, page } = await signedIn(browser, 'facilitator', { javaScriptEnabled: false })
    await visit(page, '/groups')
    const card = page.locator('li.card', { has: page.getByRole('heading', { level: 2, name: 'Cedar Group' }) })
    const href = await card.locator('a[href*="/weeks/"]').first().getAttribute('href')
    expect(href).toMatch(/^\/groups\/\d+\/weeks\/\d+$/)
    await visit(page, href!)
    const recordedBefore = await page
      .locator('main p', { hasText: /recorded|not recorded yet/ })
      .first()
      .innerText()

    const attendance = page.getByRole('group', { name: /^Attendance for / })
    const n = await attendance.count()
    expect(n).toBeGreaterThan(1)
    // The first person is left unmarked on purpose; everyone else is late.
    for (let i = 1; i < n; i++) await attendance.nth(i).getByLabel('Late').check()
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

    await afterNavigation(page, () => page.getByRole('button', { name: /^Save (session|changes)$/ }).click())

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
    for (const label of ['Present', 'Late', 'Excused', 'Absent'])
      expect(await attendance.nth(0).getByLabel(label).isChecked(), `first person ${label}`).toBe(false)
    for (let i = 1; i < n; i++) expect(await attendance.nth(i).getByLabel('Late').isChecked()).toBe(true)
    expect(await fidelity.nth(0).isChecked()).toBe(true)
    expect(await fidelity.nth(1).isChecked()).toBe(false)

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
})

import fs from 'node:fs'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authSessions } from '#db/schema'
import { getDb } from '~/db.server'
import { localDate } from '~/domain/schedule'
import { createCohortWithGroups, randomizedParticipants, type FixtureCohort, type Login } from './fixtures'
import { afterNavigation, checkA11y, expectNoPageErrors, launch, login, newPage, settle, visit } from './support'

/**
 * Issue 9, the session screen: one screen at tablet width (script, clocks and attendance in view
 * together), nothing typed lost to a lapsed session, and two tabs saving the same week meet a
 * conflict screen instead of overwriting each other.
 */
let browser: Browser
let cohort: FixtureCohort
let facilitator: Login
let sessionPath = ''

beforeAll(async () => {
  browser = await launch()
  cohort = await createCohortWithGroups({ weeksAgo: 2 }) // in week 3: this week's meeting is today
  randomizedParticipants(cohort, 8)
  facilitator = cohort.groups.mrocc.facilitator
  sessionPath = `/groups/${cohort.groups.mrocc.id}/weeks/3`
})
afterAll(async () => {
  await browser?.close()
})

const TABLET = { viewport: { width: 1024, height: 768 } }

async function signedInAt(pathname: string, options = TABLET) {
  const { context, page } = await newPage(browser, options)
  await login(page, facilitator)
  await visit(page, pathname)
  return { context, page }
}

/** Marks everyone present in both parts, held, with minutes and notes. */
async function fillHeld(page: Page, notes: string, groupMinutes = '60') {
  for (const button of await page.getByRole('button', { name: 'Mark all present' }).all()) await button.click()
  await page.getByRole('radio', { name: 'Held' }).check()
  await page.getByLabel('Check-in minutes (actual)').fill('30')
  await page.getByLabel('Group minutes (actual)').fill(groupMinutes)
  await page.getByLabel('Session notes').fill(notes)
}

const saveButton = (page: Page) => page.getByRole('button', { name: /^Save (session|changes)$/ }).first()

async function expectSaved(page: Page) {
  await page.getByRole('status').filter({ hasText: 'Week 3 saved.' }).waitFor()
  await settle(page)
}

/** The whole box is inside the viewport (within `tolerance` px). */
async function inView(locator: Locator, page: Page, what: string, { partial = false } = {}) {
  const box = await locator.boundingBox()
  expect(box, `${what} is rendered`).not.toBeNull()
  const { width, height } = page.viewportSize()!
  expect(box!.x, `${what}: left edge`).toBeGreaterThanOrEqual(0)
  expect(box!.y, `${what}: top edge`).toBeGreaterThanOrEqual(0)
  expect(box!.x + box!.width, `${what}: right edge`).toBeLessThanOrEqual(width)
  // a scrolling region (the script) needs its start in view, not all of it
  const bottom = partial ? box!.y + Math.min(box!.height, 120) : box!.y + box!.height
  expect(bottom, `${what}: bottom edge`).toBeLessThanOrEqual(height)
}

describe('the session screen', () => {
  it('at 1024×768 shows the current segment’s script, both timers and the attendance list at once', async () => {
    const { context, page } = await signedInAt(sessionPath)
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(`${cohort.groups.mrocc.name}: week 3`)
    // Nothing is preset: everyone starts unmarked, at check-in and in the group.
    expect(await page.locator('input[type="radio"][name*="status"]:checked').count()).toBe(0)
    await page.getByRole('button', { name: 'Start session' }).click()
    const nav = page.getByRole('navigation', { name: 'Agenda segments' })
    await nav.getByText('Segment 1 of').waitFor()
    await nav.getByRole('button', { name: 'Next segment' }).click()
    await nav.getByText('Segment 2 of').waitFor()
    await page.waitForFunction(
      () => document.querySelector('[aria-label="Whole session time"]')?.textContent !== '0:00',
      undefined,
      { timeout: 5_000 },
    )

    fs.mkdirSync('test-results', { recursive: true })
    await page.screenshot({ path: path.join('test-results', 'session-screen-1024.png') })

    const current = page.locator('[data-testid="segment-script"] article[data-current="true"]')
    expect(await current.count()).toBe(1)
    expect(await current.getByRole('heading', { level: 3 }).innerText()).toMatch(/^2\. /)
    // its script is there (the lesson's own content), and only this segment is shown
    expect((await current.innerText()).length).toBeGreaterThan(80)
    expect(await page.locator('[data-testid="segment-script"] article:not([hidden])').count()).toBe(1)

    await inView(current.getByRole('heading', { level: 3 }), page, 'segment title')
    await inView(page.getByTestId('segment-script'), page, 'segment script', { partial: true })
    await inView(page.getByTestId('whole-session-timer'), page, 'whole-session timer')
    await inView(page.getByTestId('segment-timer'), page, 'segment timer')
    await inView(nav, page, 'previous/next segment')
    await inView(page.getByRole('heading', { name: 'Check-in (30 minutes)' }), page, 'check-in attendance heading')
    await inView(page.getByRole('group', { name: /^Check-in attendance for / }).first(), page, 'first check-in row')
    await inView(page.getByRole('heading', { name: 'Group (60 minutes)' }), page, 'group attendance heading')
    // check-in comes first, then the group
    const checkinBox = (await page.getByTestId('checkin-attendance').boundingBox())!
    const groupBox = (await page.getByTestId('group-attendance').boundingBox())!
    expect(checkinBox.y).toBeLessThan(groupBox.y)

    // Scrolling the record (notes at the bottom) keeps the clocks and the script in view.
    await page.getByLabel('Session notes').scrollIntoViewIfNeeded()
    await inView(page.getByTestId('whole-session-timer'), page, 'whole-session timer after scrolling')
    await inView(page.getByTestId('segment-script'), page, 'script after scrolling', { partial: true })

    // Keyboard: previous segment from the keyboard.
    await nav.getByRole('button', { name: 'Previous segment' }).focus()
    await page.keyboard.press('Enter')
    await nav.getByText('Segment 1 of').waitFor()
    await checkA11y(page)
    await page.getByRole('button', { name: 'Reset' }).click()
    expectNoPageErrors(page)
    await context.close()
  })

  it('on a phone the columns stack and stay accessible', async () => {
    const { context, page } = await signedInAt(sessionPath, { viewport: { width: 390, height: 844 } })
    const script = (await page.getByTestId('segment-script').boundingBox())!
    const checkin = (await page.getByTestId('checkin-attendance').boundingBox())!
    expect(checkin.y).toBeGreaterThan(script.y + script.height - 1)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    expectNoPageErrors(page)
    await context.close()
  })

  it('the lesson brief, opened, can be read to its last item on a phone and at 1024×768', async () => {
    for (const viewport of [
      { width: 390, height: 844 },
      { width: 1024, height: 768 },
    ]) {
      const { context, page } = await signedInAt(sessionPath, { viewport })
      await page.getByText('preparation, what must not happen, the guide').click()
      const items = page.locator('#lesson-brief li')
      expect(await items.count()).toBeGreaterThan(3)
      for (const item of [items.first(), items.last()]) {
        await item.scrollIntoViewIfNeeded()
        // nothing drawn over it: the element at its centre is the item itself
        const onTop = await item.evaluate((li) => {
          const r = li.getBoundingClientRect()
          const hit = document.elementFromPoint(r.x + Math.min(20, r.width / 2), r.y + r.height / 2)
          return !!hit && li.contains(hit)
        })
        expect(onTop, `${viewport.width}px: ${await item.innerText()}`).toBe(true)
      }
      expectNoPageErrors(page)
      await context.close()
    }
  })

  it('two tabs saving the same week: the second sees what changed, keeps its input, and saves on purpose', async () => {
    const { context, page: tabA } = await signedInAt(sessionPath)
    const tabB = await context.newPage()
    await tabB.goto(sessionPath)
    await settle(tabB)

    // B types first; A saves before B does.
    await fillHeld(tabB, 'Notes typed in tab B.', '58')
    await tabB
      .getByRole('group', { name: /^Group attendance for / })
      .first()
      .getByLabel('Late')
      .check()
    await fillHeld(tabA, 'Notes typed in tab A.')
    await saveButton(tabA).click()
    await expectSaved(tabA)

    await saveButton(tabB).click()
    const notice = tabB.getByRole('alert').filter({ hasText: 'Not saved: this record was changed' })
    await notice.waitFor()
    const row = (label: string | RegExp) => notice.getByRole('row', { name: label })
    expect(await row(/^Session notes/).innerText()).toMatch(/Notes typed in tab A\.\s+Notes typed in tab B\./)
    expect(await row(/^Group minutes/).innerText()).toMatch(/60\s+58/)
    expect(
      await row(/^Group: /)
        .first()
        .innerText(),
    ).toMatch(/Present\s+Late/)
    await checkA11y(tabB)
    // B's input is all still there.
    expect(await tabB.getByLabel('Session notes').inputValue()).toBe('Notes typed in tab B.')
    expect(await tabB.getByLabel('Group minutes (actual)').inputValue()).toBe('58')
    expect(
      await tabB
        .getByRole('group', { name: /^Group attendance for / })
        .first()
        .getByLabel('Late')
        .isChecked(),
    ).toBe(true)

    // Saving again applies B's record, now that B has seen A's.
    await saveButton(tabB).click()
    await expectSaved(tabB)
    expect(await tabB.getByRole('alert').filter({ hasText: 'Not saved' }).count()).toBe(0)
    await visit(tabA, sessionPath)
    expect(await tabA.getByLabel('Session notes').inputValue()).toBe('Notes typed in tab B.')
    expect(await tabA.getByLabel('Group minutes (actual)').inputValue()).toBe('58')
    expectNoPageErrors(tabA)
    expectNoPageErrors(tabB)
    await context.close()
  })

  it('left open past the idle limit with input, then saved: the input survives signing in again and is saved', async () => {
    const { context, page } = await signedInAt(sessionPath)
    await fillHeld(page, 'Typed during a long session, saved after the idle limit.', '61')
    // The facilitator's session lapses while the page is open (last seen an hour ago).
    getDb()
      .update(authSessions)
      .set({ lastSeenAt: new Date(Date.now() - 3600_000).toISOString() })
      .where(eq(authSessions.userId, facilitator.id))
      .run()

    await afterNavigation(
      page,
      () => saveButton(page).click(),
      (u) => u.pathname === '/login',
    )
    await page.getByLabel('Email').fill(facilitator.email)
    await page.getByLabel('Password').fill(facilitator.password)
    await afterNavigation(
      page,
      () => page.getByRole('button', { name: 'Sign in' }).click(),
      (u) => u.pathname === sessionPath,
    )
    // Back on the session screen with everything typed, and a note to check it and save.
    await page.getByText('Your session had ended before this was saved.').first().waitFor()
    expect(await page.getByLabel('Session notes').inputValue()).toBe(
      'Typed during a long session, saved after the idle limit.',
    )
    expect(await page.getByLabel('Group minutes (actual)').inputValue()).toBe('61')
    await saveButton(page).click()
    await expectSaved(page)
    await visit(page, sessionPath)
    expect(await page.getByLabel('Session notes').inputValue()).toBe(
      'Typed during a long session, saved after the idle limit.',
    )
    expect(await page.getByLabel('Group minutes (actual)').inputValue()).toBe('61')
    expectNoPageErrors(page)
    await context.close()
  })

  it('records a toxicology result from the check-in section without losing anything typed for the meeting', async () => {
    const { context, page } = await signedInAt(sessionPath)
    await page.getByLabel('Session notes').fill('Typed before recording a test.')
    // the entry is drawn when asked for, and its first field takes the focus
    expect(await page.getByLabel('Person tested').count()).toBe(0)
    await page.getByRole('button', { name: 'Record a test result' }).click()
    const person = page.getByLabel('Person tested')
    await expect.poll(() => person.evaluate((el) => el === document.activeElement)).toBe(true)
    const first = await person.locator('option').nth(1).innerText()
    await person.selectOption({ label: first })
    // today where the group meets (the app refuses a collection after the cohort's local date)
    await page.getByLabel('Collected on').fill(localDate(new Date(), cohort.schedule.timeZone))
    const substances = page.locator('fieldset', { has: page.getByRole('radio', { name: 'negative' }) })
    expect(await substances.count()).toBe(8)
    // nothing preset
    expect(await substances.locator('input:checked').count()).toBe(0)
    for (let i = 0; i < 8; i++)
      await substances
        .nth(i)
        .getByRole('radio', { name: i === 1 ? 'positive' : 'negative' })
        .check()
    await page.getByRole('button', { name: 'Save test result' }).click()
    await page
      .getByRole('status')
      .filter({ hasText: `Toxicology result saved for ${first}` })
      .waitFor()
    await settle(page)
    expect(await page.getByRole('list', { name: 'Toxicology recorded this week' }).innerText()).toContain(first)
    // the entry is cleared for the next person; the meeting's notes are as typed (not saved)
    expect(await person.inputValue()).toBe('')
    expect(await page.getByLabel('Session notes').inputValue()).toBe('Typed before recording a test.')
    await checkA11y(page)
    expectNoPageErrors(page)
    await context.close()
  })

  it('a test result half typed comes back with its entry open after a reload', async () => {
    const { context, page } = await signedInAt(sessionPath)
    await page.getByLabel('Session notes').fill('Typed with a test result half done.')
    await page.getByRole('button', { name: 'Record a test result' }).click()
    const person = page.getByLabel('Person tested')
    const second = await person.locator('option').nth(2).innerText()
    await person.selectOption({ label: second })
    const substances = page.locator('fieldset', { has: page.getByRole('radio', { name: 'negative' }) })
    await substances.nth(3).getByRole('radio', { name: 'positive' }).check()

    await page.reload()
    await settle(page)
    await page.getByRole('status').filter({ hasText: 'We brought back what you typed' }).waitFor()
    // the entry opened by itself and holds what was typed; so does the rest of the form
    await expect.poll(() => page.getByLabel('Person tested').count()).toBe(1)
    await expect.poll(() => page.getByLabel('Person tested').inputValue()).not.toBe('')
    expect(await page.getByLabel('Person tested').locator('option:checked').innerText()).toBe(second)
    expect(await substances.nth(3).getByRole('radio', { name: 'positive' }).isChecked()).toBe(true)
    expect(await substances.locator('input:checked').count()).toBe(1)
    expect(await page.getByLabel('Session notes').inputValue()).toBe('Typed with a test result half done.')

    // typing elsewhere afterwards keeps the entry in the draft
    await page.getByLabel('Session notes').fill('Typed again after the reload.')
    await page.reload()
    await settle(page)
    await expect.poll(() => page.getByLabel('Person tested').count()).toBe(1)
    await expect.poll(() => page.getByLabel('Person tested').inputValue()).not.toBe('')
    expect(await page.getByLabel('Session notes').inputValue()).toBe('Typed again after the reload.')

    // set aside: the entry closes, cleared, and the notes stay as typed
    await page.getByRole('button', { name: 'Set this entry aside' }).click()
    await page.getByRole('button', { name: 'Record a test result' }).waitFor()
    expect(await page.getByLabel('Person tested').count()).toBe(0)
    expect(await page.getByLabel('Session notes').inputValue()).toBe('Typed again after the reload.')
    await checkA11y(page)
    expectNoPageErrors(page)
    await context.close()
  })
})

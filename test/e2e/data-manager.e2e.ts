import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listCriteria, saveScreening } from '~/domain/screening.server'
import { addDays, localDate } from '~/domain/schedule'
import {
  createCohortWithGroups,
  createStaff,
  randomizedParticipants,
  recordMeetings,
  type FixtureCohort,
  type Login,
} from './fixtures'
import { afterNavigation, checkA11y, expectNoPageErrors, launch, login, newPage } from './support'

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

const OUT = path.resolve('test-results')

describe('data manager: outcomes, CONSORT flow and exports', () => {
  let page: Page
  let dataManager: Login
  let cohort: FixtureCohort

  beforeAll(async () => {
    dataManager = await createStaff('data_manager')
    // A cohort in week 11 with weeks 1–10 held, and a screening log: 2 not eligible, 1 declined,
    // and the 6 randomized participants linked to their entries.
    cohort = await createCohortWithGroups({ weeksAgo: 10 })
    const people = randomizedParticipants(cohort, 6)
    recordMeetings(cohort, people, 10)
    const criteria = listCriteria()
    const today = localDate(new Date(), cohort.schedule.timeZone)
    const base = {
      referredOn: addDays(today, -90),
      screenedOn: addDays(today, -88),
      eligible: true,
      failedCriteria: [] as number[],
      consent: 'consented' as const,
      consentedOn: addDays(today, -87),
      baselineCompletedOn: addDays(today, -86),
      participantId: null as number | null,
    }
    const by = cohort.coordinator.id
    saveScreening(
      cohort.id,
      null,
      0,
      {
        ...base,
        eligible: false,
        failedCriteria: [criteria[0].id],
        consent: 'pending',
        consentedOn: null,
        baselineCompletedOn: null,
      },
      by,
    )
    saveScreening(
      cohort.id,
      null,
      0,
      {
        ...base,
        eligible: false,
        failedCriteria: [criteria[1].id],
        consent: 'pending',
        consentedOn: null,
        baselineCompletedOn: null,
      },
      by,
    )
    saveScreening(
      cohort.id,
      null,
      0,
      { ...base, consent: 'declined', consentedOn: null, baselineCompletedOn: null },
      by,
    )
    for (const p of people) saveScreening(cohort.id, null, 0, { ...base, participantId: p.id }, by)
    ;({ page } = await newPage(browser, { acceptDownloads: true }))
    await login(page, dataManager)
  })

  it('opens the CONSORT figure: an accessible SVG with its table, screenshot taken', async () => {
    await afterNavigation(
      page,
      () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'CONSORT' }).click(),
      (u) => u.pathname === '/data/consort',
    )
    const figure = page.locator('svg[aria-labelledby="consort-title consort-desc"]')
    expect(await figure.locator('title').textContent()).toBe('CONSORT flow diagram of the programme')
    const desc = (await figure.locator('desc').textContent()) ?? ''
    expect(desc).toMatch(/Assessed for eligibility \(n = \d+\)/)
    expect(desc).toMatch(/Randomized \(n = \d+\)/)
    expect(desc).toContain('Allocated to M-ROCC')
    expect(desc).toContain('Allocated to Recovery Support')
    expect(desc).toMatch(/Declined to participate \(n = [1-9]\d*\)/)
    expect(await page.getByRole('heading', { name: 'The same counts as a table' }).isVisible()).toBe(true)
    fs.mkdirSync(OUT, { recursive: true })
    await page
      .locator('figure')
      .first()
      .screenshot({ path: path.join(OUT, 'consort.png') })
    expect(fs.statSync(path.join(OUT, 'consort.png')).size).toBeGreaterThan(5_000)
    await checkA11y(page)
    expectNoPageErrors(page)
  })

  it('opens the outcomes by arm', async () => {
    await afterNavigation(
      page,
      () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outcomes' }).click(),
      (u) => u.pathname === '/data/outcomes',
    )
    expect(await page.getByRole('heading', { name: 'Summary by arm' }).isVisible()).toBe(true)
    expectNoPageErrors(page)
  })

  it('downloads the REDCap-ready export as a valid zip', async () => {
    await afterNavigation(
      page,
      () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Exports' }).click(),
      (u) => u.pathname === '/data/exports',
    )
    await page.getByLabel(/REDCap-ready zip/).check()
    const downloading = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Prepare and download' }).click()
    const download = await downloading
    expect(download.suggestedFilename()).toMatch(/^mrocc-redcap-\d{4}-\d{2}-\d{2}\.zip$/)
    const file = path.join(OUT, 'redcap-export.zip')
    await download.saveAs(file)
    const listing = execFileSync('unzip', ['-l', file]).toString()
    for (const name of ['data_dictionary.csv', 'events.csv', 'event_form_mappings.csv', 'records.csv'])
      expect(listing).toContain(name)
    expect(execFileSync('unzip', ['-t', file]).toString()).toContain('No errors detected')
    expect(await page.getByRole('status').filter({ hasText: 'Preparing' }).count()).toBe(1)
    await checkA11y(page)
    expectNoPageErrors(page)
  })
})

describe('coordinator: the screening log behind the CONSORT flow', () => {
  let page: Page
  let cohort: FixtureCohort

  beforeAll(async () => {
    cohort = await createCohortWithGroups({ weeksAgo: 2 })
    ;({ page } = await newPage(browser))
    await login(page, cohort.coordinator)
  })

  it('finds the log from the Screening page and adds a person who is not eligible', async () => {
    await afterNavigation(
      page,
      () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Screening' }).click(),
      (u) => u.pathname === '/screening/criteria',
    )
    await afterNavigation(
      page,
      () => page.getByRole('link', { name: cohort.name }).click(),
      (u) => u.pathname === `/cohorts/${cohort.id}/screening`,
    )
    const today = localDate(new Date(), cohort.schedule.timeZone)
    await page.getByLabel('Referred on').fill(addDays(today, -3))
    await page.getByLabel('Screened on').fill(addDays(today, -2))
    await page.getByLabel('Not eligible').check()
    await page.getByLabel(/Does not meet: Aged 18 or older/).check()
    await page.getByLabel('Not yet asked / pending').check()
    await page.getByRole('button', { name: 'Add to the log' }).click()
    await page.getByRole('heading', { name: 'Entries (1)' }).waitFor()
    const row = page.locator('table tbody tr').first()
    expect(await row.innerText()).toContain('Not eligible')
    expect(await row.innerText()).toContain('Aged 18 or older')
    await checkA11y(page)
    expectNoPageErrors(page)
  })
})

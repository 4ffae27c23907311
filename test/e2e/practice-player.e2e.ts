import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { guideRecordings } from '#db/schema'
import { listGuides } from '~/content/content.server'
import { getDb } from '~/db.server'
import { recordingsDir } from '~/domain/recordings.server'
import { createCohortWithGroups, participantLogin, randomizedParticipants, type Login } from './fixtures'
import {
  afterNavigation,
  checkA11y,
  expectBlinded,
  expectNoPageErrors,
  launch,
  login,
  newPage,
  PHONE,
  visit,
} from './support'

/**
 * Issue 12, guided practice with sound, on a phone: the player on a guide runs a timer from
 * timestamps (pause, resume, stop), reads the steps aloud with a clear stop, offers "Log this
 * practice" when it finishes, passes axe while running, and is absent without JavaScript.
 */
let browser: Browser
let participant: Login
let coordinator: Login
let guidePath: string
let recordedPath: string
let recordedSlug: string

beforeAll(async () => {
  browser = await launch()
  // In week 7: the guides of low-dose weeks have timed pauses in their steps.
  const cohort = await createCohortWithGroups({ weeksAgo: 6 })
  const people = randomizedParticipants(cohort, 6)
  const person = people.find((p) => p.arm === 'mrocc') ?? people[0]
  participant = await participantLogin(cohort, person)
  coordinator = cohort.coordinator
  const withPauses = listGuides(person.arm).find((g) => g.steps.some((s) => s.pauseSeconds !== null))
  guidePath = `/me/practice/${(withPauses ?? listGuides(person.arm)[0]).slug}`
  // Another guide of theirs with a recording in English (written where the server keeps them).
  recordedSlug = listGuides(person.arm).find((g) => !guidePath.endsWith(`/${g.slug}`))!.slug
  recordedPath = `/me/practice/${recordedSlug}`
  const fileName = `e2e-${Date.now()}.mp3`
  const bytes = Buffer.alloc(5000, 7)
  bytes.write('ID3', 0, 'latin1')
  fs.mkdirSync(recordingsDir(), { recursive: true })
  fs.writeFileSync(path.join(recordingsDir(), fileName), bytes)
  getDb()
    .insert(guideRecordings)
    .values({
      slug: recordedSlug,
      lang: 'en',
      fileName,
      mime: 'audio/mpeg',
      bytes: bytes.length,
      uploadedBy: cohort.coordinator.id,
      uploadedAt: new Date().toISOString(),
    })
    .onConflictDoNothing()
    .run()
})
afterAll(async () => {
  await browser?.close()
})

const timeLeft = (page: Page) => page.getByRole('timer', { name: 'Time left' }).innerText()

describe('the practice player on a phone', () => {
  it('starts, moves, pauses, resumes and stops; reads aloud with a stop; passes axe', async () => {
    const { page, context } = await newPage(browser, PHONE)
    await login(page, participant)
    await visit(page, guidePath)
    await page.getByRole('heading', { level: 2, name: 'Practice player' }).waitFor()
    const full = await timeLeft(page)
    expect(full).toMatch(/^\d+:00$/)

    await page.getByLabel('Soft bells in between').selectOption('1')
    await page.getByRole('button', { name: 'Start' }).click()
    await page.getByRole('button', { name: 'Pause' }).waitFor()
    await page.waitForFunction((start) => document.querySelector('[role="timer"]')?.textContent !== start, full, {
      timeout: 5_000,
    })
    expect(await timeLeft(page)).not.toBe(full)
    await checkA11y(page) // while running

    await page.getByRole('button', { name: 'Pause' }).click()
    const paused = await timeLeft(page)
    await page.waitForTimeout(1_500)
    expect(await timeLeft(page)).toBe(paused)
    await page.getByRole('button', { name: 'Resume' }).click()
    await page.getByRole('button', { name: 'Stop', exact: true }).click()
    expect(await timeLeft(page)).toBe(full)
    await page.getByRole('button', { name: 'Start' }).waitFor()

    const readAloud = page.getByRole('button', { name: 'Read the steps aloud' })
    if (await page.evaluate(() => 'speechSynthesis' in window)) {
      await readAloud.click()
      await page.locator('li[aria-current="step"]').first().waitFor()
      await checkA11y(page) // while reading, with the current step highlighted
      await page.getByRole('button', { name: 'Stop reading' }).click()
      await readAloud.waitFor()
      expect(await page.locator('li[aria-current="step"]').count()).toBe(0)
    }
    await expectBlinded(page)
    expectNoPageErrors(page)
    await context.close()
  })

  it('when the timer finishes, one tap logs the practice and a message says so', async () => {
    const { page, context } = await newPage(browser, PHONE)
    await login(page, participant)
    // A fake clock from here on, so the practice's minutes pass at once.
    await page.clock.install()
    await visit(page, guidePath)
    await page.getByRole('button', { name: 'Start' }).click()
    await page.getByRole('button', { name: 'Pause' }).waitFor()
    await page.clock.fastForward('01:00:00')
    const logIt = page.getByRole('button', { name: /^Log this practice \(\d+ min\)$/ })
    await logIt.waitFor()
    expect(await timeLeft(page)).toBe('0:00')
    await checkA11y(page)
    await afterNavigation(
      page,
      () => logIt.click(),
      (u) => u.pathname === '/me/practice',
    )
    await page.getByText('Practice logged. Nice work.').waitFor()
    expectNoPageErrors(page)
    await context.close()
  })

  it('where a recording exists it plays instead, and phones can seek in it (byte ranges)', async () => {
    const { page, context } = await newPage(browser, PHONE)
    await login(page, participant)
    await visit(page, recordedPath)
    await page.getByRole('heading', { level: 2, name: 'Listen to this practice' }).waitFor()
    expect(await page.getByRole('heading', { name: 'Practice player' }).count()).toBe(0)
    const src = await page.locator('audio source').getAttribute('src')
    expect(src).toBe(`/recordings/${recordedSlug}/en`)
    const part = await page.request.get(src!, { headers: { Range: 'bytes=0-99' } })
    expect(part.status()).toBe(206)
    expect(part.headers()['content-range']).toBe('bytes 0-99/5000')
    expect((await part.body()).length).toBe(100)
    expect((await page.request.get(src!, { headers: { Range: 'bytes=9000-' } })).status()).toBe(416)
    expectNoPageErrors(page)
    await context.close()
  })

  it('a coordinator uploads a recording from the staff guide page; a file that is not audio is refused', async () => {
    const { page, context } = await newPage(browser)
    await login(page, coordinator)
    await visit(page, `/curriculum/practices/${recordedSlug}`)
    await afterNavigation(
      page,
      () => page.getByRole('link', { name: 'Recordings' }).click(),
      (u) => u.pathname.endsWith('/recordings'),
    )
    await page.getByLabel('Language').selectOption('es')
    await page.getByLabel('Audio file').setInputFiles({
      name: 'notes.mp3',
      mimeType: 'audio/mpeg',
      buffer: Buffer.from('%PDF-1.7 not audio'),
    })
    await page.getByRole('button', { name: 'Upload' }).click()
    await page.getByText(/contents are not MP3/).waitFor()
    await checkA11y(page)
    const mp3 = Buffer.alloc(3000, 9)
    mp3.write('ID3', 0, 'latin1')
    await page.getByLabel('Audio file').setInputFiles({ name: 'grabacion.mp3', mimeType: 'audio/mpeg', buffer: mp3 })
    await page.getByRole('button', { name: 'Upload' }).click()
    await page.getByText('Spanish recording saved.').waitFor()
    await page.getByText(/^Spanish: audio\/mpeg, 0\.0 MB/).waitFor()
    await checkA11y(page)
    expectNoPageErrors(page)
    await context.close()
  })

  it('without JavaScript the guide is as before and no player shows', async () => {
    const { page, context } = await newPage(browser, { ...PHONE, javaScriptEnabled: false })
    await login(page, participant)
    await visit(page, guidePath)
    await page.getByRole('button', { name: /^I did this practice today/ }).waitFor()
    expect(await page.getByRole('heading', { name: 'Practice player' }).count()).toBe(0)
    await context.close()
  })
})

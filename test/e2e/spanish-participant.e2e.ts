import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spanishForbiddenWordsIn } from '../../app/i18n/blinding-es'
import {
  afterNavigation,
  checkA11y,
  expectBlinded,
  expectNoPageErrors,
  launch,
  newPage,
  perceivableText,
  PHONE,
  settle,
  signedIn,
  login,
  visit,
} from './support'
import { createCohortWithGroups, participantLogin, randomizedParticipants, type Login } from './fixtures'

/**
 * Issue 12 on a phone, in Spanish: a participant of their own fixture cohort, enrolled in
 * English, switches language once without JavaScript; then home, a guide with its player, the
 * check-in and support are in Spanish, pass axe (in `visit`) and show nothing that unblinds them
 * in either language.
 */
let browser: Browser
let me: Login
beforeAll(async () => {
  browser = await launch()
  const cohort = await createCohortWithGroups({ weeksAgo: 2 })
  me = await participantLogin(cohort, randomizedParticipants(cohort, 4)[0])
})
afterAll(async () => {
  await browser?.close()
})

async function expectSpanishBlinded(page: Page) {
  await expectBlinded(page)
  const text = await perceivableText(page)
  expect(spanishForbiddenWordsIn(text), `Spanish blinding words on ${new URL(page.url()).pathname}`).toEqual([])
  expect(await page.locator('html').getAttribute('lang')).toBe('es')
}

describe('a Spanish-speaking participant on a phone', () => {
  it('switches language without JavaScript, and it is saved on their account', async () => {
    const { page, context } = await newPage(browser, { ...PHONE, javaScriptEnabled: false })
    await login(page, me)
    await visit(page, '/me/support')
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    await afterNavigation(page, () => page.getByRole('button', { name: 'Español' }).click())
    expect(new URL(page.url()).pathname).toBe('/me/support')
    await page.getByRole('heading', { level: 1, name: 'Pedir ayuda' }).waitFor()
    await expectSpanishBlinded(page)
    await context.close()
  })

  it('home, a guide, the check-in and support are in Spanish', async () => {
    const { page, context } = await signedIn(browser, me, PHONE)
    await visit(page, '/me')
    await page.getByRole('heading', { level: 1, name: /^Hola, / }).waitFor()
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Inicio' }).count()).toBe(1)
    await expectSpanishBlinded(page)

    const guide = page.locator('a[href^="/me/practice/"]').first()
    const href = await guide.getAttribute('href')
    await visit(page, href!)
    await page
      .getByText(/^Unos \d+ minutos$/)
      .first()
      .waitFor()
    await page.getByRole('button', { name: /^Hice esta práctica hoy/ }).waitFor()
    // The practice player speaks Spanish too.
    await page.getByRole('heading', { name: 'Reproductor de la práctica' }).waitFor()
    await page.getByRole('button', { name: 'Empezar' }).waitFor()
    // The guide itself is the Spanish one, crisis note included (content/practices/es/).
    await page.getByRole('heading', { level: 2, name: 'Pasos' }).waitFor()
    await page.getByRole('complementary', { name: 'Ayuda en una crisis' }).waitFor()
    expect(await page.getByRole('heading', { level: 2, name: 'Steps' }).count()).toBe(0)
    await expectSpanishBlinded(page)

    await visit(page, '/me/check-in')
    await page.getByRole('heading', { level: 1, name: 'Mi registro' }).waitFor()
    const weekly = page.getByRole('heading', { level: 2, name: /^Registro de la semana \d+$/ })
    if (await weekly.count()) {
      await page.getByText('¿Cuántas ganas tiene de usar opioides en este momento?').waitFor()
      await page.getByRole('button', { name: 'Enviar mi registro' }).waitFor()
    }
    await expectSpanishBlinded(page)

    await visit(page, '/me/support')
    await page.getByText(/Llame al 988 y marque 2 para español/).waitFor()
    await expectSpanishBlinded(page)
    expectNoPageErrors(page)

    // Back to English, with JavaScript this time.
    await page.getByRole('button', { name: 'English' }).click()
    await page.getByRole('heading', { level: 1, name: 'Get support' }).waitFor()
    await settle(page)
    await checkA11y(page)
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    expectNoPageErrors(page)
    await context.close()
  })
})

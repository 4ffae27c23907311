import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ACCOUNTS,
  afterNavigation,
  baseUrl,
  checkA11y,
  DEMO_PASSWORD,
  expectNoPageErrors,
  launch,
  login,
  messageText,
  newPage,
  visit,
  type Role,
} from './support'

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

describe('signing in and out', () => {
  for (const role of Object.keys(ACCOUNTS) as Role[]) {
    it(`${role} lands on ${ACCOUNTS[role].start}`, async () => {
      const { context, page } = await newPage(browser)
      await login(page, role)
      expect(new URL(page.url()).pathname).toBe(ACCOUNTS[role].start)
      await checkA11y(page)
      expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true)
      expectNoPageErrors(page)
      await context.close()
    })
  }

  it('a wrong password shows an error and keeps you on the sign-in page', async () => {
    const { context, page } = await newPage(browser)
    await visit(page, '/login')
    await page.getByLabel('Email').fill(ACCOUNTS.coordinator.email)
    await page.getByLabel('Password').fill('not-the-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    expect(await messageText(page, 'alert')).toContain('That email and password do not match an active account.')
    expect(new URL(page.url()).pathname).toBe('/login')
    await checkA11y(page)

    // Empty fields: per-field messages.
    await page.getByLabel('Email').fill('')
    await page.getByLabel('Password').fill('')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.locator('#f-password-error').waitFor()
    expect(await page.locator('#f-password-error').innerText()).toContain('Enter your password.')
    await checkA11y(page)
    await context.close()
  })

  it('signing out ends the session', async () => {
    const { context, page } = await newPage(browser)
    await login(page, 'facilitator')
    await afterNavigation(
      page,
      () => page.getByRole('button', { name: 'Sign out' }).click(),
      (u) => u.pathname === '/login',
    )
    // The old session no longer opens staff pages: back to sign-in.
    await visit(page, '/groups')
    expect(new URL(page.url()).pathname).toBe('/login')
    expect(await page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true)
    await context.close()
  })

  it('signed-out visitors are sent to sign in, and back afterwards', async () => {
    const { context, page } = await newPage(browser)
    await visit(page, '/curriculum')
    const url = new URL(page.url())
    expect(url.pathname).toBe('/login')
    expect(url.searchParams.get('redirectTo')).toBe('/curriculum')
    await page.getByLabel('Email').fill(ACCOUNTS.supervisor.email)
    await page.getByLabel('Password').fill(DEMO_PASSWORD)
    await afterNavigation(
      page,
      () => page.getByRole('button', { name: 'Sign in' }).click(),
      (u) => u.pathname === '/curriculum',
    )
    await context.close()
  })
})

describe('cross-site form posts', () => {
  it('are refused with 403 when the Origin is another site', async () => {
    const body = new URLSearchParams({ email: ACCOUNTS.admin.email, password: DEMO_PASSWORD })
    const res = await fetch(`${baseUrl()}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://evil.example' },
      body,
      redirect: 'manual',
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('set-cookie')).toBeNull()

    const sameOrigin = await fetch(`${baseUrl()}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl() },
      body,
      redirect: 'manual',
    })
    expect(sameOrigin.status).toBe(302)
  })

  it('are refused when a page on another origin submits a form to the app', async () => {
    const { context, page } = await newPage(browser)
    const port = new URL(baseUrl()).port
    // 127.0.0.1 and localhost are different sites to the browser.
    await visit(page, `http://127.0.0.1:${port}/login`)
    const response = await Promise.all([
      page.waitForResponse((r) => r.url() === `${baseUrl()}/login` && r.request().method() === 'POST'),
      page.evaluate(
        ({ action, email, password }) => {
          const form = document.createElement('form')
          form.method = 'post'
          form.action = action
          for (const [name, value] of Object.entries({ email, password })) {
            const input = document.createElement('input')
            input.name = name
            input.value = value
            form.append(input)
          }
          document.body.append(form)
          form.submit()
        },
        { action: `${baseUrl()}/login`, email: ACCOUNTS.admin.email, password: DEMO_PASSWORD },
      ),
    ]).then(([r]) => r)
    expect(response.status()).toBe(403)
    await page.waitForLoadState('load')
    expect(await page.locator('body').innerText()).toContain('Cross-site form posts are not accepted.')
    expect((await context.cookies(baseUrl())).some((c) => c.name === '__session')).toBe(false)
    await context.close()
  })
})

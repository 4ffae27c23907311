import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '#db/schema'
import {
  createCohortWithGroups,
  createStaff,
  participantLogin,
  randomizedParticipants,
  START_PAGE,
  type Login,
} from './fixtures'
import {
  afterNavigation,
  baseUrl,
  checkA11y,
  expectNoPageErrors,
  launch,
  login,
  messageText,
  newPage,
  visit,
} from './support'

const ROLES: Role[] = ['admin', 'data_manager', 'coordinator', 'supervisor', 'facilitator', 'participant']

let browser: Browser
/** One login of each role, made for this file (fixtures.ts), never the demo accounts. */
const accounts = {} as Record<Role, Login>
beforeAll(async () => {
  browser = await launch()
  for (const role of ['admin', 'data_manager', 'coordinator', 'supervisor', 'facilitator'] as const)
    accounts[role] = await createStaff(role)
  const cohort = await createCohortWithGroups({ weeksAgo: 1 })
  const [someone] = randomizedParticipants(cohort, 1)
  accounts.participant = await participantLogin(cohort, someone)
})
afterAll(async () => {
  await browser?.close()
})

describe('signing in and out', () => {
  for (const role of ROLES) {
    it(`${role} lands on ${START_PAGE[role]}`, async () => {
      const { context, page } = await newPage(browser)
      await login(page, accounts[role])
      expect(new URL(page.url()).pathname).toBe(START_PAGE[role])
      await checkA11y(page)
      expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true)
      expectNoPageErrors(page)
      await context.close()
    })
  }

  it('a wrong password shows an error and keeps you on the sign-in page', async () => {
    const { context, page } = await newPage(browser)
    await visit(page, '/login')
    await page.getByLabel('Email').fill(accounts.coordinator.email)
    await page.getByLabel('Password').fill('not-the-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    expect(await messageText(page, 'alert')).toContain('That email and password do not match an active account.')
    expect(new URL(page.url()).pathname).toBe('/login')
    await checkA11y(page)

    // Empty fields: per-field messages.
    await page.getByLabel('Email').fill('')
    await page.getByLabel('Password').fill('')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByText('Enter your password.').waitFor()
    // …beside the field: the input points at its message with aria-describedby.
    const describedBy = await page.getByLabel('Password').getAttribute('aria-describedby')
    expect(describedBy).toBeTruthy()
    expect(await page.locator(`[id="${describedBy!.split(' ').pop()}"]`).innerText()).toContain('Enter your password.')
    await checkA11y(page)
    await context.close()
  })

  it('signing out ends the session', async () => {
    const { context, page } = await newPage(browser)
    await login(page, accounts.facilitator)
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
    await page.getByLabel('Email').fill(accounts.supervisor.email)
    await page.getByLabel('Password').fill(accounts.supervisor.password)
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
    const body = new URLSearchParams({ email: accounts.admin.email, password: accounts.admin.password })
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
    // 127.0.0.1 and localhost are different sites to the browser. The attacker's page is plain
    // HTML of its own (the app's own pages forbid posting elsewhere through their CSP).
    const attacker = `http://127.0.0.1:${port}/attacker.html`
    await page.route(attacker, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<!doctype html><title>Elsewhere</title><body></body>',
      }),
    )
    await page.goto(attacker)
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
        { action: `${baseUrl()}/login`, email: accounts.admin.email, password: accounts.admin.password },
      ),
    ]).then(([r]) => r)
    expect(response.status()).toBe(403)
    await page.waitForLoadState('load')
    expect(await page.locator('body').innerText()).toContain('Cross-site form posts are not accepted.')
    expect((await context.cookies(baseUrl())).some((c) => c.name === '__session')).toBe(false)
    await context.close()
  })
})

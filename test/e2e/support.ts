import fs from 'node:fs'
import { createRequire } from 'node:module'
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
  type Response,
} from 'playwright-core'
import { expect, inject } from 'vitest'

const require = createRequire(import.meta.url)

export const DEMO_PASSWORD = 'demo-pass-2026'

export const ACCOUNTS = {
  admin: { email: 'admin@demo.test', start: '/admin/users' },
  dataManager: { email: 'data.manager@demo.test', start: '/admin/allocation' },
  coordinator: { email: 'coordinator@demo.test', start: '/cohorts' },
  supervisor: { email: 'supervisor@demo.test', start: '/cohorts' },
  facilitator: { email: 'facilitator@demo.test', start: '/groups' },
  participant: { email: 'participant@demo.test', start: '/me' },
} as const

export type Role = keyof typeof ACCOUNTS

/** Base URL of the server started by global-setup.ts (http://localhost:<port>). */
export function baseUrl(): string {
  const url = inject('baseUrl') ?? process.env.E2E_BASE_URL
  if (!url) throw new Error('E2E_BASE_URL is not set: run through `npm run test:e2e`.')
  return url
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-gpu',
      '--no-first-run',
    ],
  })
}

export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
}

const pageErrors = new WeakMap<Page, string[]>()
const jsDisabled = new WeakSet<Page>()

/** A fresh context (own cookies and storage) and page; records uncaught page errors and console errors. */
export async function newPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl(), ...options })
  context.setDefaultTimeout(15_000)
  context.setDefaultNavigationTimeout(30_000)
  const page = await context.newPage()
  const errors: string[] = []
  pageErrors.set(page, errors)
  if (options.javaScriptEnabled === false) jsDisabled.add(page)
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    // Expected 4xx responses are logged by the browser as failed resources; they are asserted elsewhere.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`console.error: ${m.text()}`)
  })
  return { context, page }
}

/** Fails when the page threw or logged an error (e.g. a React hydration mismatch). */
export function expectNoPageErrors(page: Page) {
  expect(pageErrors.get(page) ?? [], 'errors in the browser console').toEqual([])
}

/** Waits until the page is loaded and, with JavaScript, until the app has hydrated and gone quiet. */
export async function settle(page: Page) {
  await page.waitForLoadState('load')
  if (!jsDisabled.has(page)) {
    await page.waitForLoadState('networkidle')
    await page
      .waitForFunction(
        () => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined,
        undefined,
        { timeout: 10_000 },
      )
      .catch(() => undefined)
  }
}

/** Goes to a path, waits for it to settle and checks it with axe. Returns the navigation response. */
export async function visit(page: Page, path: string): Promise<Response> {
  const response = await page.goto(path)
  if (!response) throw new Error(`No response for ${path}`)
  await settle(page)
  await checkA11y(page)
  return response
}

/** Reloads the current page, waits for it to settle and checks it with axe. */
export async function reload(page: Page) {
  await page.reload()
  await settle(page)
  await checkA11y(page)
}

/**
 * Every navigation the test causes by clicking or submitting goes through here: runs the action,
 * waits until the URL satisfies `until` (client-side or full navigation) — or, without `until`,
 * for the next full document load (JavaScript disabled) — then settles and checks with axe.
 */
export async function afterNavigation(page: Page, action: () => Promise<unknown>, until?: (u: URL) => boolean) {
  if (until?.(new URL(page.url()))) {
    throw new Error(
      `afterNavigation: the page is already at ${page.url()}, so the navigation could not be told apart; start from another URL.`,
    )
  }
  const navigated = until ? page.waitForURL(until, { waitUntil: 'load' }) : page.waitForEvent('load')
  await action()
  await navigated
  await settle(page)
  await checkA11y(page)
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

type AxeNode = { target: unknown[]; html: string; failureSummary?: string }
type AxeViolation = { id: string; impact: string | null; help: string; helpUrl: string; nodes: AxeNode[] }

/**
 * Runs axe-core (WCAG 2.0/2.1/2.2 A and AA) on the current page and fails with a readable list.
 * axe needs timers, which never fire in a context with JavaScript disabled; for such a page the
 * rendered DOM (scripts removed) is re-served at the same URL, with the same viewport, to a
 * scratch context with JavaScript on, and checked there.
 */
export async function checkA11y(page: Page) {
  const url = page.url()
  let target = page
  let scratch: BrowserContext | undefined
  if (jsDisabled.has(page)) {
    const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '')
    scratch = await page.context().browser()!.newContext({ viewport: page.viewportSize(), baseURL: baseUrl() })
    target = await scratch.newPage()
    await target.route(
      (u) => u.href === url,
      (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    )
    await target.goto(url, { waitUntil: 'load' })
  }
  try {
    // Every stylesheet applied first: under load axe could otherwise measure unstyled links.
    await target.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].every((link) => link.sheet !== null),
      undefined,
      { timeout: 10_000 },
    )
    // Evaluated through the DevTools protocol: leaves the DOM as the app rendered it and is not
    // an inline script, so the page's Content-Security-Policy stays in force for the app itself.
    await target.evaluate(AXE_SOURCE)
    const violations = (await target.evaluate(async (tags) => {
      const axe = (
        window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }
      ).axe
      const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
      return result.violations
    }, AXE_TAGS)) as AxeViolation[]
    if (violations.length) {
      const lines = violations.map((v) => {
        const nodes = v.nodes.slice(0, 3).map((n) => `      ${n.target.map(String).join(' ')}  ${n.html.slice(0, 160)}`)
        const more = v.nodes.length > 3 ? [`      … and ${v.nodes.length - 3} more`] : []
        return [`  - ${v.id} (${v.impact ?? 'n/a'}): ${v.help}`, ...nodes, ...more].join('\n')
      })
      const where = `${new URL(url).pathname}${jsDisabled.has(page) ? ' (JavaScript disabled)' : ''}`
      throw new Error(`Accessibility violations on ${where}:\n${lines.join('\n')}`)
    }
    // A named control with no form owner is never sent: it is outside every form (our builders
    // give no `form` attribute), or it names its form (`form="…"`, as conform's props do) by an
    // id that belongs to something else on the page (a heading, say), or to nothing.
    const unsent = await target.evaluate(() =>
      [
        ...document.querySelectorAll<HTMLInputElement>(
          '[form], input[name], select[name], textarea[name], button[name]',
        ),
      ]
        .filter((control) => !control.form)
        .map((control) => `${control.outerHTML.slice(0, 120)} (form "${control.getAttribute('form') ?? ''}")`),
    )
    if (unsent.length)
      throw new Error(`Controls with no form on ${new URL(url).pathname}, never sent:\n  ${unsent.join('\n  ')}`)
  } finally {
    await scratch?.close()
  }
}

/** Signs in through the form and waits for the start page. */
export async function login(page: Page, role: Role | { email: string; password: string; start?: string }) {
  const account = typeof role === 'string' ? { ...ACCOUNTS[role], password: DEMO_PASSWORD } : role
  await visit(page, '/login')
  await page.getByLabel('Email').fill(account.email)
  await page.getByLabel('Password').fill(account.password)
  const start = 'start' in account && account.start ? account.start : undefined
  await afterNavigation(
    page,
    () => page.getByRole('button', { name: 'Sign in' }).click(),
    (u) => (start ? u.pathname === start : u.pathname !== '/login'),
  )
}

/** A signed-in page, in its own context, for a fixture login (test/e2e/fixtures.ts) or a demo role. */
export async function signedIn(
  browser: Browser,
  account: Role | { email: string; password: string; start?: string },
  options: BrowserContextOptions = {},
) {
  const { context, page } = await newPage(browser, options)
  await login(page, account)
  return { context, page }
}

/** Text a person can perceive on the page (rendered body text, including screen-reader-only text, and the title). */
export async function perceivableText(page: Page): Promise<string> {
  return `${await page.title()}\n${await page.locator('body').innerText()}`
}

/** Blinding: nothing a participant can see may name or describe the arms. */
export const BLINDING_WORDS = [
  'control',
  'experimental',
  'intervention',
  'comparator',
  'comparison',
  'recovery support',
  'm-rocc',
  'other group',
]
const BLINDING = new RegExp(
  `\\b(${BLINDING_WORDS.map((w) => w.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&').replace(/ /g, '\\s+')).join('|')})\\b`,
  'gi',
)

export async function expectBlinded(page: Page) {
  const text = await perceivableText(page)
  const hits = [...text.matchAll(BLINDING)].map(
    (m) =>
      `"${m[0]}" in “…${text.slice(Math.max(0, m.index! - 40), m.index! + m[0].length + 40).replace(/\s+/g, ' ')}…”`,
  )
  expect(hits, `blinding words visible on ${new URL(page.url()).pathname}`).toEqual([])
}

/** The text of the first element matching a role=status or role=alert message. */
export async function messageText(page: Page, role: 'status' | 'alert') {
  const el = page.getByRole(role).first()
  await el.waitFor()
  return (await el.innerText()).trim()
}

/**
 * On /me/check-in: completes the one check-in form — the weekly questions (three 0–10 scales,
 * past-7-day use) and PROMIS, whichever are open — with one submit. Returns the weeks submitted
 * (null when that part was not open). English pages.
 */
export async function completeCheckIn(page: Page): Promise<{ weekly: number | null; promis: number | null }> {
  const result: { weekly: number | null; promis: number | null } = { weekly: null, promis: null }
  const weekly = page.getByRole('heading', { level: 2, name: /^Week \d+ check-in$/ })
  const promis = page.getByRole('heading', { level: 2, name: 'How you have been feeling' })
  if (!(await weekly.count()) && !(await promis.count())) return result
  const form = page.locator('form#check-in')
  if (await weekly.count()) {
    result.weekly = Number(/\d+/.exec(await weekly.innerText())![0])
    const part = page.locator('section', { has: weekly })
    const scales = part.getByRole('group').filter({ has: page.getByRole('radio', { name: '10', exact: true }) })
    expect(await scales.count()).toBe(3)
    for (const [i, value] of ['3', '5', '4'].entries()) {
      // The numbers are big tap targets (labels); the radio inside is visually hidden.
      await scales.nth(i).getByText(value, { exact: true }).click()
      expect(await scales.nth(i).getByRole('radio', { name: value, exact: true }).isChecked()).toBe(true)
    }
    await part.getByRole('radio', { name: 'No', exact: true }).check()
  }
  if (await promis.count()) {
    const part = page.locator('section', { has: promis })
    result.promis = Number(await part.locator('input[name="promis.week"]').inputValue())
    const items = part.getByRole('group')
    expect(await items.count()).toBe(8)
    for (let i = 0; i < 8; i++)
      await items
        .nth(i)
        .getByRole('radio', { name: i % 2 ? 'Rarely' : 'Sometimes' })
        .check()
  }
  // One submit for both parts; the answer is a redirect back to this page with a one-time message (ADR 008).
  await form.getByRole('button', { name: /^Send my (check-in|answers)$/ }).click()
  await page.getByRole('status').filter({ hasText: 'Thank you. Your answers are saved.' }).waitFor()
  await settle(page)
  await checkA11y(page)
  expect(await weekly.count()).toBe(0)
  expect(await promis.count()).toBe(0)
  if (result.weekly !== null) {
    await visit(page, '/me/check-in/history')
    const row = page.getByRole('row').filter({ hasText: new RegExp(`^\\s*Week ${result.weekly}(?!\\d)`) })
    expect(await row.innerText()).toContain('4')
    await visit(page, '/me/check-in')
  }
  return result
}

/**
 * The error a person hears for a field: waits until the labelled control is marked invalid, then
 * reads the elements its aria-describedby points to (so it also checks the wiring).
 */
export async function fieldErrorText(page: Page, label: string): Promise<string> {
  const field = page.getByLabel(label, { exact: true })
  await expect.poll(() => field.getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true')
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean)
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()))
  return texts.join(' ')
}

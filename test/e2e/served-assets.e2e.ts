import fs from 'node:fs'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publicAssets } from '../../server/asset-gate.js'
import { createCohortWithGroups, createStaff, participantLogin, randomizedParticipants } from './fixtures'
import { baseUrl, expectNoPageErrors, launch, newPage, signedIn, visit } from './support'

/**
 * What the server hands out besides pages (issue 10): route chunks that name the programmes go
 * only to signed-in staff; every public chunk is free of programme and phase names; pages carry a
 * Content-Security-Policy that the app itself never violates; loader data is never cached.
 */
const PROGRAMME_WORDS = [
  /M-ROCC/,
  /Recovery Support/i,
  /\bmrocc\b/,
  /recovery[_-]support/,
  /Low-dose/i,
  /Intensive mindful/i,
  /Twelve-step/i,
  /Motivational interviewing/i,
  /Community reinforcement/i,
  /Cognitive behav/i,
]

function manifest() {
  const file = fs.readdirSync('build/client/assets').find((f) => /^manifest-.*\.js$/.test(f))!
  const text = fs.readFileSync(path.join('build/client/assets', file), 'utf8')
  return JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1))
}

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

/** A randomized participant of a new fixture cohort. */
async function aParticipant() {
  const cohort = await createCohortWithGroups({ weeksAgo: 2 })
  const [participant] = randomizedParticipants(cohort, 1)
  return participantLogin(cohort, participant)
}

describe('client code', () => {
  const m = manifest()
  const open = [...publicAssets(m)]
  const staffChunk = m.routes['routes/cohorts.new'].module as string

  it('public chunks name no programme or phase', () => {
    expect(open.length).toBeGreaterThan(3)
    for (const file of open) {
      const text = fs.readFileSync(path.join('build/client', file), 'utf8')
      for (const word of PROGRAMME_WORDS) expect(text, `${file} contains ${word}`).not.toMatch(word)
    }
    expect(open).not.toContain(staffChunk)
  })

  it('a staff route chunk is refused to a signed-out visitor and to a participant, served to staff', async () => {
    expect((await fetch(new URL(staffChunk, baseUrl()))).status).toBe(404)
    const participant = await signedIn(browser, await aParticipant())
    expect((await participant.page.request.get(staffChunk)).status()).toBe(404)
    const coordinator = await signedIn(browser, await createStaff('coordinator'))
    const res = await coordinator.page.request.get(staffChunk)
    expect(res.status()).toBe(200)
    await participant.context.close()
    await coordinator.context.close()
  })

  it('a staff page hydrates under its Content-Security-Policy, without violations', async () => {
    const { page, context } = await signedIn(browser, await createStaff('coordinator'))
    const response = await visit(page, '/cohorts/new')
    const csp = (await response.allHeaders())['content-security-policy']
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/)
    expect(csp).toMatch(/frame-ancestors 'none'/)
    expectNoPageErrors(page)
    await context.close()
  })
})

describe('loader data', () => {
  it('is never cached', async () => {
    const { page, context } = await signedIn(browser, await aParticipant())
    const res = await page.request.get('/me.data')
    expect(res.status()).toBe(200)
    expect(res.headers()['cache-control']).toMatch(/no-store/)
    await context.close()
  })
})

describe('the app icon', () => {
  it('is linked from every page and served, so no page asks for a missing /favicon.ico', async () => {
    const { page, context } = await newPage(browser)
    const asked: string[] = []
    page.on('request', (r) => asked.push(new URL(r.url()).pathname))
    await visit(page, '/login')
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.svg')
    const icon = await page.request.get('/favicon.svg')
    expect(icon.status()).toBe(200)
    expect(icon.headers()['content-type']).toMatch(/^image\/svg\+xml/)
    expect(asked).not.toContain('/favicon.ico')
    await context.close()
  })
})

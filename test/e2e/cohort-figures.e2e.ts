import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AttendanceStatus } from '~/domain/meetings.server'
import { recordOfferedDecision } from '~/domain/decisions.server'
import { TOX_CLASSES } from '~/domain/instruments'
import { recordToxResult } from '~/domain/measures.server'
import { saveMeeting } from '~/domain/meetings.server'
import { meetingDate, meetingInstant } from '~/domain/schedule'
import { createCohortWithGroups, randomizedParticipants, type FixtureCohort, type FixtureParticipant } from './fixtures'
import { expectNoPageErrors, launch, login, newPage, visit } from './support'

/**
 * What a coordinator reads on the cohort page in week 11 (ADR 012): the adherence outlook in
 * words, the "not offered yet" flag after week 9, 2-week periods without a tox test, and time
 * matching with its flag and cumulative minutes per arm. The figures themselves are pinned in
 * test/integration/cohort-page-figures.test.ts; this checks they reach the screen as text.
 */
let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

describe('coordinator: the cohort page’s figures', () => {
  let page: Page
  let cohort: FixtureCohort
  let mrocc: FixtureParticipant[]
  let rs: FixtureParticipant[]

  beforeAll(async () => {
    // Week 11; weeks 1–10 recorded. 8 people: at least 3 in each arm (permuted blocks of 4–8).
    cohort = await createCohortWithGroups({ weeksAgo: 10 })
    const people = randomizedParticipants(cohort, 8)
    mrocc = people.filter((p) => p.arm === 'mrocc')
    rs = people.filter((p) => p.arm === 'recovery_support')
    const attendanceOf: Record<'mrocc' | 'recovery_support', (i: number, w: number) => AttendanceStatus | null> = {
      // Everyone through week 8; only the first (who continues) in weeks 9–10.
      mrocc: (i, w) => (w <= 8 || i === 0 ? 'present' : null),
      // The first never came (0/10, cannot reach 15 with 14 weeks left); the second came weeks 1–5 (at risk).
      recovery_support: (i, w) => (i === 0 ? 'absent' : i === 1 ? (w <= 5 ? 'present' : 'absent') : 'present'),
    }
    for (let week = 1; week <= 10; week++) {
      if (week === 9)
        recordOfferedDecision(
          { id: cohort.groups.mrocc.id, schedule: cohort.schedule },
          {
            participantId: mrocc[0].id,
            offeredAt: meetingDate(cohort.schedule, 8),
            decision: 'continue',
            reasons: [],
            note: null,
            version: 0,
          },
          cohort.coordinator.id,
        )
      for (const [arm, members] of [
        ['mrocc', mrocc],
        ['recovery_support', rs],
      ] as const) {
        saveMeeting(
          {
            version: 0,
            groupId: cohort.groups[arm].id,
            week,
            scheduledAt: meetingInstant(cohort.schedule, week).toISOString(),
            status: 'held',
            checkinMinutes: 30,
            groupMinutes: arm === 'recovery_support' && week === 3 ? 55 : 60,
            notes: null,
            lesson: null,
            facilitatorIds: [cohort.groups[arm].facilitator.id],
            attendance: members.flatMap((p, i) => {
              const status = attendanceOf[arm](i, week)
              return status ? [{ participantId: p.id, status, note: null }] : []
            }),
            fidelity: {},
          },
          cohort.groups[arm].facilitator.id,
        )
      }
    }
    // The continuer was tested in every 2-week period so far; nobody else was.
    for (let period = 1; period <= 5; period++) {
      const results = Object.fromEntries(TOX_CLASSES.map((c) => [c, 'negative']))
      const saved = recordToxResult(
        mrocc[0].id,
        { collectedOn: meetingDate(cohort.schedule, period * 2), panel: 'Oral fluid 8-panel', results },
        cohort.coordinator.id,
      )
      expect(saved.ok).toBe(true)
    }
    ;({ page } = await newPage(browser))
    await login(page, cohort.coordinator)
    await visit(page, `/cohorts/${cohort.id}`)
  })

  const row = (p: FixtureParticipant) => page.locator('tbody tr', { hasText: p.studyId }).first()

  it('shows each person’s adherence outlook in words', async () => {
    expect(cohort.week).toBe(11)
    expect(await row(mrocc[0]).innerText()).toMatch(/10\/10\s+On track/)
    expect(await row(mrocc[1]).innerText()).toMatch(/8\/8\s+On track/)
    expect(await row(rs[0]).innerText()).toMatch(/0\/10\s+Cannot reach 15/)
    expect(await row(rs[1]).innerText()).toMatch(/5\/10\s+At risk/)
    expect(await row(rs[2]).innerText()).toMatch(/10\/10\s+On track/)
  })

  it('flags, in words, the eligible M-ROCC participants never offered the choice', async () => {
    const notOffered = mrocc.length - 1
    const flag = page.getByRole('note').filter({ hasText: 'Week 9 has started' })
    expect(await flag.innerText()).toContain(
      `Week 9 has started and ${notOffered} eligible participant${notOffered > 1 ? 's have' : ' has'} not been offered the choice to continue`,
    )
    expect(await row(mrocc[1]).innerText()).toContain('⚠ Not offered yet (week 9 has started)')
    expect(await row(mrocc[0]).innerText()).not.toContain('Not offered yet')
    expect(await page.getByTestId('funnel-mrocc').innerText()).toContain(`not offered yet ${notOffered}`)
  })

  it('flags 2-week periods that ended without a toxicology test', async () => {
    expect(await row(mrocc[0]).innerText()).toContain('Up to date')
    expect(await row(rs[2]).innerText()).toContain(
      '⚠ No test in periods 1 (weeks 1–2), 2 (weeks 3–4), 3 (weeks 5–6), 4 (weeks 7–8), 5 (weeks 9–10)',
    )
  })

  it('shows time matching week by week with its flag, and cumulative minutes per arm', async () => {
    expect(await page.getByRole('note').filter({ hasText: 'Not time-matched' }).innerText()).toContain(
      '⚠ Not time-matched in week 3.',
    )
    const week3 = page.locator('section[aria-labelledby="minutes-heading"] tbody tr').nth(2)
    expect(await week3.innerText()).toContain('Not matched: group differs by 5 min')
    const cumulative = page.getByTestId('cumulative-minutes')
    expect(await cumulative.locator('thead').innerText()).toMatch(
      /M-ROCC check-in\s+M-ROCC group\s+Recovery Support check-in\s+Recovery Support group/,
    )
    expect((await cumulative.locator('tbody tr').nth(9).innerText()).split(/\s+/)).toEqual([
      '10',
      '300',
      '600',
      '300',
      '595',
    ])
    expect(await page.locator('svg title', { hasText: 'Cumulative check-in and group minutes' }).count()).toBe(1)
    expectNoPageErrors(page)
  })

  it('the participant page says which periods have no test', async () => {
    await visit(page, `/participants/${rs[2].id}`)
    expect(await page.getByRole('note').innerText()).toContain(
      'No test recorded for 2-week periods 1 (weeks 1–2), 2 (weeks 3–4), 3 (weeks 5–6), 4 (weeks 7–8), 5 (weeks 9–10)',
    )
    expectNoPageErrors(page)
  })
})

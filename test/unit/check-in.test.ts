import { renderToStaticMarkup } from 'react-dom/server'
import { createElement } from 'react'
import { describe, expect, test } from 'vitest'
import { LineChart } from '~/components/charts'
import { OVERDOSE_SAFETY, OVERDOSE_SAFETY_ES, overdoseSafety } from '~/content/overdose-safety'
import { forbiddenWordsIn } from '~/domain/arms'
import { checkInHistory, checkInProblems, cravingSeries, openAnswerReportingUse } from '~/domain/check-in'
import type { CohortSchedule } from '~/domain/schedule'
import { spanishForbiddenWordsIn } from '~/i18n/blinding-es'

// Tuesdays 18:00 New York; week 1 = 2026-10-06.
const cohort: CohortSchedule = { startDate: '2026-10-06', weekday: 2, startTime: '18:00', timeZone: 'America/New_York' }
const answer = (week: number, usedOpioids = false, score = 3) => ({
  week,
  cravingScore: score,
  usedOpioids,
  otherSubstances: { alcohol: week === 2, cocaine: false },
})

describe('checkInProblems: one form, each part sent must be the one due', () => {
  test('both parts due and both sent: accepted', () => {
    expect(checkInProblems({ weekly: 8, promis: 8 }, { weekly: { week: 8 }, promis: { week: 8 } })).toEqual([])
  })

  test('only the part that is due may be sent; a part that closed meanwhile is refused with its reason', () => {
    expect(checkInProblems({ weekly: 3, promis: null }, { weekly: { week: 3 } })).toEqual([])
    expect(checkInProblems({ weekly: null, promis: 0 }, { promis: { week: 0 } })).toEqual([])
    expect(checkInProblems({ weekly: 3, promis: null }, { weekly: { week: 3 }, promis: { week: 0 } })).toEqual([
      { message: 'checkIn.promisClosed' },
    ])
    expect(checkInProblems({ weekly: 4, promis: 0 }, { weekly: { week: 3 }, promis: { week: 0 } })).toEqual([
      { message: 'checkIn.closed' },
    ])
  })

  test('a post with no part at all is refused', () => {
    expect(checkInProblems({ weekly: null, promis: null }, {})).toEqual([{ message: 'checkIn.closed' }])
    expect(checkInProblems({ weekly: 2, promis: null }, {})).toEqual([{ message: 'form.fixBelow' }])
  })
})

describe('openAnswerReportingUse: the reply after reported use', () => {
  test('the answer of a still-open week that reported use', () => {
    expect(openAnswerReportingUse([answer(1, true), answer(2, true)], [2])?.week).toBe(2)
  })
  test('none when the open week reported no use, or no open week was answered', () => {
    expect(openAnswerReportingUse([answer(1, true), answer(2, false)], [2])).toBeNull()
    expect(openAnswerReportingUse([answer(1, true)], [2])).toBeNull()
    expect(openAnswerReportingUse([], [])).toBeNull()
  })
})

describe('checkInHistory: own answers week by week, missed weeks kept', () => {
  // Thursday of week 4 (grace 2 days: week 4 closes on Thursday the 29th, so it is still open)
  const now = new Date('2026-10-29T16:00:00Z')
  const rows = checkInHistory({
    schedule: cohort,
    graceDays: 2,
    now,
    weekly: [answer(1, false, 4), answer(2, true, 6.333333)],
    promis: [{ week: 0 }],
  })

  test('one row per week up to the current one, answered, missed or still open', () => {
    expect(rows.map((r) => [r.week, r.status])).toEqual([
      [1, 'answered'],
      [2, 'answered'],
      [3, 'missed'],
      [4, 'open'],
    ])
    expect(rows[0].date).toBe('2026-10-06')
  })

  test('the craving score to one decimal, the use answers, and no PROMIS score', () => {
    expect(rows[1]).toMatchObject({ craving: 6.3, usedOpioids: true, otherSubstances: ['alcohol'], promisDone: null })
    expect(rows[2]).toMatchObject({ craving: null, usedOpioids: null, otherSubstances: [] })
    expect(Object.keys(rows[0]).sort()).toEqual(
      ['craving', 'date', 'otherSubstances', 'promisDone', 'status', 'usedOpioids', 'week'].sort(),
    )
  })

  test('a PROMIS week says only whether those questions were answered', () => {
    const week8 = checkInHistory({
      schedule: cohort,
      graceDays: 2,
      now: new Date('2026-11-26T16:00:00Z'),
      weekly: [],
      promis: [{ week: 0 }],
    }).find((r) => r.week === 8)
    expect(week8?.promisDone).toBe(false)
  })

  test('nothing before the first meeting', () => {
    expect(
      checkInHistory({ schedule: cohort, graceDays: 2, now: new Date('2026-09-20T12:00:00Z'), weekly: [], promis: [] }),
    ).toEqual([])
  })

  test('the chart series has a gap (null) for every week without an answer', () => {
    expect(cravingSeries(rows)).toEqual({ weeks: [1, 2, 3, 4], values: [4, 6.3, null, null] })
  })
})

describe('LineChart with gaps', () => {
  const render = (gaps: boolean) =>
    renderToStaticMarkup(
      createElement(LineChart, {
        title: 'Craving',
        description: 'x',
        categories: [1, 2, 3, 4, 5],
        series: [{ label: 'Craving', values: [4, 5, null, 3, 2] }],
        max: 10,
        gaps,
      }),
    )
  const moves = (svg: string) => (svg.match(/<path d="([^"]+)"/)?.[1].match(/M/g) ?? []).length

  test('a missed week breaks the line into two pieces; every week keeps its label on the axis', () => {
    expect(moves(render(true))).toBe(2)
    expect(moves(render(false))).toBe(1)
    for (const week of ['1', '2', '3', '4', '5']) expect(render(true)).toContain(`>${week}</text>`)
  })

  test('24 weeks on a phone-width drawing: every other label, always the last, so none overlap', () => {
    const svg = renderToStaticMarkup(
      createElement(LineChart, {
        title: 'Craving',
        description: 'x',
        categories: Array.from({ length: 24 }, (_, i) => i + 1),
        series: [{ label: 'Craving', values: Array.from({ length: 24 }, (_, i) => (i % 3 ? i % 10 : null)) }],
        max: 10,
        width: 360,
        gaps: true,
      }),
    )
    const labels = [...svg.matchAll(/>(\d+)<\/text>/g)].map((m) => Number(m[1])) // x labels (and the 0–10 y ticks)
    expect(labels).toContain(24)
    expect(labels).not.toContain(23)
    expect(labels).toContain(22)
  })
})

describe('the overdose-safety reply', () => {
  test('the same text for both arms in each language, and blinding-safe in both', () => {
    const es = [OVERDOSE_SAFETY_ES.heading, ...OVERDOSE_SAFETY_ES.points].join('\n')
    expect(spanishForbiddenWordsIn(es)).toEqual([])
    expect(spanishForbiddenWordsIn(es, 'mrocc')).toEqual([])
    expect(spanishForbiddenWordsIn(es, 'recovery_support')).toEqual([])
    expect(forbiddenWordsIn(es)).toEqual([])
    expect(OVERDOSE_SAFETY_ES.points).toHaveLength(OVERDOSE_SAFETY.points.length)
    for (const needed of [/naloxona/i, /no use a solas/i, /911/, /médico que le receta/i]) expect(es).toMatch(needed)
    expect(overdoseSafety('es')).toBe(OVERDOSE_SAFETY_ES)
    expect(overdoseSafety('en')).toBe(OVERDOSE_SAFETY)
  })
})

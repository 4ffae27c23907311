import { describe, expect, test } from 'vitest'
import {
  acknowledgeRefusal,
  adherencePercent,
  auditEditRefusal,
  auditShapeProblems,
  COMPETENCE_SCALES,
  meanCompetence,
  selfRatingAgreement,
} from '~/domain/fidelity'

describe('fidelity scoring', () => {
  const items = ['a', 'b', 'c', 'd']

  test('adherence is rated points over the maximum of 2 per prescribed item', () => {
    expect(adherencePercent({ a: 2, b: 2, c: 2, d: 2 }, items)).toBe(100)
    expect(adherencePercent({ a: 2, b: 1, c: 0, d: 1 }, items)).toBe(50)
    expect(adherencePercent({ a: 2 }, items)).toBe(25) // unrated items count as not done
    expect(adherencePercent({}, [])).toBe(0)
  })

  test('competence is the mean of the rated domains, one decimal', () => {
    expect(meanCompetence({ a: 5, b: 4, c: 4, d: 3, e: 5 })).toBe(4.2)
    expect(meanCompetence({ a: 5, b: 4, old: 1 }, ['a', 'b'])).toBe(4.5)
    expect(meanCompetence({ structure: 3 })).toBe(3)
    expect(meanCompetence({})).toBe(0)
  })

  test('agreement compares the facilitator’s ticks with the rater’s done / not done', () => {
    expect(selfRatingAgreement({ a: true, b: true, c: false, d: false }, { a: 2, b: 1, c: 0, d: 0 }, items)).toBe(100)
    expect(selfRatingAgreement({ a: true, b: true, c: true, d: true }, { a: 2, b: 0, c: 0, d: 1 }, items)).toBe(50)
  })
})

describe('competence scales (ADR 014)', () => {
  test('M-ROCC is rated 1–6 (MBI:TAC), Recovery Support 1–5 (MI/CBT-style global)', () => {
    expect(COMPETENCE_SCALES.mrocc.points.map((p) => p.value)).toEqual([1, 2, 3, 4, 5, 6])
    expect(COMPETENCE_SCALES.recovery_support.points.map((p) => p.value)).toEqual([1, 2, 3, 4, 5])
  })

  test('an audit must rate the lesson’s own items and domains, in range for the arm', () => {
    const lesson = { itemIds: ['i1', 'i2'], domainIds: ['d1'], proscribedIds: ['p1'] }
    const ok = { items: ['i1', 'i2'], domains: [{ id: 'd1', rating: 6 }], proscribed: ['p1'] }
    expect(auditShapeProblems(ok, lesson, COMPETENCE_SCALES.mrocc)).toEqual([])
    expect(auditShapeProblems(ok, lesson, COMPETENCE_SCALES.recovery_support)).toEqual([
      { path: 'domains[0].rating', message: 'Rate this domain from 1 to 5.' },
    ])
    expect(auditShapeProblems({ ...ok, items: ['i2', 'i1'] }, lesson, COMPETENCE_SCALES.mrocc)).toHaveLength(1)
    expect(auditShapeProblems({ ...ok, proscribed: ['other'] }, lesson, COMPETENCE_SCALES.mrocc)).toHaveLength(1)
  })
})

describe('release and edit rules', () => {
  test('only the rater edits, and only until released', () => {
    expect(auditEditRefusal({ raterId: 1, releasedAt: null }, 1)).toBeNull()
    expect(auditEditRefusal({ raterId: 1, releasedAt: null }, 2)).toMatch(/Only the rater/)
    expect(auditEditRefusal({ raterId: 1, releasedAt: '2026-11-01T00:00:00Z' }, 1)).toMatch(/released/)
  })

  test('a facilitator of the group acknowledges released feedback once', () => {
    const released = { releasedAt: '2026-11-01T00:00:00Z', acknowledgedAt: null }
    expect(acknowledgeRefusal(released, 7, [7, 8])).toBeNull()
    expect(acknowledgeRefusal(released, 9, [7, 8])).toMatch(/Only a facilitator/)
    expect(acknowledgeRefusal({ releasedAt: null, acknowledgedAt: null }, 7, [7])).toMatch(/not been released/)
    expect(acknowledgeRefusal({ ...released, acknowledgedAt: '2026-11-02T00:00:00Z' }, 7, [7])).toMatch(/already/)
  })
})

import { describe, expect, test } from 'vitest'
import { adherencePercent, COMPETENCE_DOMAINS, meanCompetence, selfRatingAgreement } from '~/domain/fidelity'

describe('fidelity scoring', () => {
  const items = ['a', 'b', 'c', 'd']

  test('adherence is rated points over the maximum of 2 per prescribed item', () => {
    expect(adherencePercent({ a: 2, b: 2, c: 2, d: 2 }, items)).toBe(100)
    expect(adherencePercent({ a: 2, b: 1, c: 0, d: 1 }, items)).toBe(50)
    expect(adherencePercent({ a: 2 }, items)).toBe(25) // unrated items count as not done
    expect(adherencePercent({}, [])).toBe(0)
  })

  test('competence is the mean of the rated domains, one decimal', () => {
    const all = Object.fromEntries(COMPETENCE_DOMAINS.map((d, i) => [d.id, [5, 4, 4, 3, 5][i]]))
    expect(meanCompetence(all)).toBe(4.2)
    expect(meanCompetence({ structure: 3 })).toBe(3)
    expect(meanCompetence({})).toBe(0)
  })

  test('agreement compares the facilitator’s ticks with the rater’s done / not done', () => {
    expect(selfRatingAgreement({ a: true, b: true, c: false, d: false }, { a: 2, b: 1, c: 0, d: 0 }, items)).toBe(100)
    expect(selfRatingAgreement({ a: true, b: true, c: true, d: true }, { a: 2, b: 0, c: 0, d: 1 }, items)).toBe(50)
  })
})

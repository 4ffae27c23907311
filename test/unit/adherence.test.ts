import { describe, expect, test } from 'vitest'
import { ADHERENCE_THRESHOLD, adherenceStatus, isAttended } from '~/domain/adherence'

describe('adherenceStatus: adherent = at least 15 of 24 sessions', () => {
  test('the threshold is 15', () => {
    expect(ADHERENCE_THRESHOLD).toBe(15)
  })

  test('15 or more attended is adherent, whatever remains', () => {
    expect(adherenceStatus(15, 0)).toBe('adherent')
    expect(adherenceStatus(15, 9)).toBe('adherent')
    expect(adherenceStatus(24, 0)).toBe('adherent')
  })

  test('14 attended at the end cannot reach 15', () => {
    expect(adherenceStatus(14, 0)).toBe('cannot-reach')
  })

  test('cannot-reach when more sessions are needed than remain', () => {
    expect(adherenceStatus(0, 14)).toBe('cannot-reach')
    expect(adherenceStatus(9, 5)).toBe('cannot-reach') // needs 6, 5 left
  })

  test('at-risk when reachable with no more than 1 session to spare', () => {
    expect(adherenceStatus(10, 5)).toBe('at-risk') // needs 5 of 5
    expect(adherenceStatus(10, 6)).toBe('at-risk') // needs 5 of 6
    expect(adherenceStatus(14, 1)).toBe('at-risk') // needs 1 of 1
    expect(adherenceStatus(14, 2)).toBe('at-risk') // needs 1 of 2
    expect(adherenceStatus(0, 15)).toBe('at-risk')
    expect(adherenceStatus(0, 16)).toBe('at-risk')
  })

  test('on-track with 2 or more sessions to spare', () => {
    expect(adherenceStatus(10, 7)).toBe('on-track') // needs 5 of 7
    expect(adherenceStatus(14, 3)).toBe('on-track')
    expect(adherenceStatus(0, 17)).toBe('on-track')
    expect(adherenceStatus(0, 24)).toBe('on-track')
  })

  test('the status steps through the boundaries as remaining weeks grow (8 attended)', () => {
    // needs 7
    expect([6, 7, 8, 9, 10].map((r) => adherenceStatus(8, r))).toEqual([
      'cannot-reach',
      'at-risk',
      'at-risk',
      'on-track',
      'on-track',
    ])
  })
})

describe('attendance helpers', () => {
  test('present and late count as attended; others do not', () => {
    expect(isAttended('present')).toBe(true)
    expect(isAttended('late')).toBe(true)
    expect(isAttended('absent')).toBe(false)
    expect(isAttended('excused')).toBe(false)
    expect(isAttended('')).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { openCountLabel } from '~/components/staff-alerts'

describe('the open alert count a dashboard and /alerts show', () => {
  it('is the number, with a plus when the count stopped at its cap', () => {
    expect(openCountLabel({ total: 3, more: false })).toBe('3')
    expect(openCountLabel({ total: 1000, more: false })).toBe('1,000')
    expect(openCountLabel({ total: 1000, more: true })).toBe('1,000+')
  })
})

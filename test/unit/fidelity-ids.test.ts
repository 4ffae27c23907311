import { describe, expect, test } from 'vitest'
import { currentFidelityItemId, currentFidelityItemIds } from '~/content/fidelity-ids'

const lesson = {
  fidelity: [
    { id: 'm09-welcome', text: 'Leader welcomes each person by name' },
    { id: 'm09-names-new-shape', text: 'Leader names that the group has changed', formerly: ['m09-acknowledge-shape'] },
    // "guides the practice and leads inquiry" was split into two items: both list the old id
    { id: 'm09-guides-practice', text: 'Leader guides the sitting practice', formerly: ['m09-practice-inquiry'] },
    {
      id: 'm09-leads-inquiry',
      text: 'Leader asks open questions after the practice',
      formerly: ['m09-practice-inquiry', 'm09-inquiry'],
    },
  ],
  proscribed: [{ id: 'm09-no-pressure', text: 'Pressuring anyone to share', formerly: ['m09-no-push'] }],
}

describe('currentFidelityItemId: ids stored by past checklists and audits still map', () => {
  test('a current id maps to itself', () => {
    expect(currentFidelityItemId(lesson, 'm09-welcome')).toBe('m09-welcome')
    expect(currentFidelityItemId(lesson, 'm09-no-pressure')).toBe('m09-no-pressure')
  })

  test('a renamed id maps to the item that lists it in formerly', () => {
    expect(currentFidelityItemId(lesson, 'm09-acknowledge-shape')).toBe('m09-names-new-shape')
    expect(currentFidelityItemId(lesson, 'm09-inquiry')).toBe('m09-leads-inquiry')
    expect(currentFidelityItemId(lesson, 'm09-no-push')).toBe('m09-no-pressure')
  })

  test('a split item maps to the first of its successors; currentFidelityItemIds gives all', () => {
    expect(currentFidelityItemId(lesson, 'm09-practice-inquiry')).toBe('m09-guides-practice')
    expect(currentFidelityItemIds(lesson, 'm09-practice-inquiry')).toEqual(['m09-guides-practice', 'm09-leads-inquiry'])
  })

  test('an id that maps to nothing is null', () => {
    expect(currentFidelityItemId(lesson, 'm09-gone')).toBeNull()
    expect(currentFidelityItemIds(lesson, 'm09-gone')).toEqual([])
    expect(currentFidelityItemId({ fidelity: [] }, 'm09-welcome')).toBeNull()
  })
})

import { describe, expect, test } from 'vitest'
import { changedFields } from '~/domain/record-version'

describe('changedFields', () => {
  const labels = { status: 'Status', notes: 'Notes', minutes: 'Group minutes' }

  test('lists only the fields that differ, in the order of the labels, with both values', () => {
    expect(
      changedFields(
        { status: 'held', notes: 'Ana led the practice', minutes: '60' },
        { status: 'held', notes: 'Quiet group', minutes: '55' },
        labels,
      ),
    ).toEqual([
      { field: 'notes', label: 'Notes', yours: 'Ana led the practice', saved: 'Quiet group' },
      { field: 'minutes', label: 'Group minutes', yours: '60', saved: '55' },
    ])
  })

  test('a missing value and an empty one are the same; surrounding spaces do not count', () => {
    expect(changedFields({ notes: '  ' }, {}, labels)).toEqual([])
    expect(changedFields({ status: 'held ' }, { status: 'held' }, labels)).toEqual([])
  })

  test('fields without a label are not compared', () => {
    expect(changedFields({ secret: 'a' }, { secret: 'b' }, labels)).toEqual([])
  })
})

import { parseWithZod } from '@conform-to/zod'
import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { emptyList, fixedList, withListLength } from '~/utils/fixed-list'

const Schema = z.object({ items: fixedList(z.number({ required_error: 'Choose an answer.' }).int().min(1).max(5), 4) })
const parse = (entries: [string, string][]) => {
  const fd = new FormData()
  for (const [k, v] of entries) fd.append(k, v)
  return parseWithZod(fd, { schema: Schema })
}

describe('fixedList: one answer per fixed row', () => {
  test('complete answers parse as numbers in row order', () => {
    const s = parse([
      ['items[0]', '1'],
      ['items[1]', '5'],
      ['items[2]', '3'],
      ['items[3]', '2'],
    ])
    expect(s.status === 'success' && s.value.items).toEqual([1, 5, 3, 2])
  })

  test('each missing answer is an error at its own row, including trailing and all-missing ones', () => {
    expect(Object.keys(parse([['items[0]', '1']]).reply().error ?? {})).toEqual(['items[1]', 'items[2]', 'items[3]'])
    expect(Object.keys(parse([]).reply().error ?? {})).toEqual(['items[0]', 'items[1]', 'items[2]', 'items[3]'])
  })
})

describe('withListLength: a refused reply renders every row', () => {
  test('pads what was typed to the row count, keeping the answers given', () => {
    const result = parse([
      ['items[0]', '2'],
      ['items[1]', '4'],
    ]).reply()
    expect(result.initialValue?.items).toEqual(['2', '4'])
    expect(withListLength(result, 'items', 4).initialValue?.items).toEqual(['2', '4', '', ''])
    expect(withListLength(parse([]).reply(), 'items', 4).initialValue?.items).toEqual(['', '', '', ''])
  })

  test('no reply stays no reply; a fresh form starts with empty rows', () => {
    expect(withListLength(undefined, 'items', 4)).toBeUndefined()
    expect(emptyList(3)).toEqual(['', '', ''])
  })
})

describe('withListLength inside a part of the form', () => {
  test('a dotted name pads the nested list and leaves the other parts as typed', () => {
    const result = {
      initialValue: { weekly: { week: '1', craving: ['3'] }, promis: { week: '0', items: ['2', null, '4'] } },
    }
    const padded = withListLength(withListLength(result, 'weekly.craving', 3), 'promis.items', 5)
    expect(padded.initialValue).toEqual({
      weekly: { week: '1', craving: ['3', '', ''] },
      promis: { week: '0', items: ['2', '', '4', '', ''] },
    })
  })
  test('a part that was not sent stays absent', () => {
    expect(withListLength({ initialValue: { promis: { items: [] } } }, 'weekly.craving', 3).initialValue).toEqual({
      promis: { items: [] },
    })
  })
})

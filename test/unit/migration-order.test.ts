import { describe, expect, test } from 'vitest'
import { outOfOrderMigrations } from '../../db/migration-order'

const m = (tag: string, when: number) => ({ tag, when, hash: `h-${tag}` })

describe('migrations out of order', () => {
  test('a fresh database and an up-to-date one are fine', () => {
    expect(outOfOrderMigrations([m('0000', 1), m('0001', 2)], [])).toEqual([])
    const applied = [
      { hash: 'h-0000', createdAt: 1 },
      { hash: 'h-0001', createdAt: 2 },
    ]
    expect(outOfOrderMigrations([m('0000', 1), m('0001', 2)], applied)).toEqual([])
  })

  test('newer pending migrations are normal', () => {
    expect(outOfOrderMigrations([m('0000', 1), m('0001', 2)], [{ hash: 'h-0000', createdAt: 1 }])).toEqual([])
  })

  test('a pending migration older than the newest applied one is reported', () => {
    const files = [m('0000', 1), m('0001-branch', 5), m('0002', 9)]
    const applied = [
      { hash: 'h-0000', createdAt: 1 },
      { hash: 'h-0002', createdAt: 9 },
    ]
    expect(outOfOrderMigrations(files, applied).map((x) => x.tag)).toEqual(['0001-branch'])
  })
})

import { describe, expect, test } from 'vitest'
import { BLOCK_SIZES, completeBlocksBalanced, generateBlocks, type Allocation } from '~/domain/randomization'

/** A deterministic stand-in for the CSPRNG: a small LCG, always within [0, max). */
function seededRng(seed: number) {
  let state = seed >>> 0
  return (max: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state % max
  }
}

/** Groups a sequence into its blocks, keeping order. */
function blocksOf(seq: Allocation[]) {
  const blocks = new Map<number, Allocation[]>()
  for (const a of seq) blocks.set(a.block, [...(blocks.get(a.block) ?? []), a])
  return [...blocks.values()]
}

/** The invariants every generated sequence must satisfy. */
function expectWellFormed(seq: Allocation[], minLength: number, firstBlock = 1, firstPosition = 1) {
  expect(seq.length).toBeGreaterThanOrEqual(minLength)
  seq.forEach((a, i) => expect(a.position).toBe(firstPosition + i))
  const blocks = blocksOf(seq)
  blocks.forEach((block, i) => {
    expect(block[0].block).toBe(firstBlock + i)
    const size = block[0].blockSize
    expect([4, 6, 8]).toContain(size)
    expect(block.every((a) => a.blockSize === size)).toBe(true)
    // generateBlocks always finishes the block it starts
    expect(block).toHaveLength(size)
    expect(block.filter((a) => a.arm === 'mrocc')).toHaveLength(size / 2)
    expect(block.filter((a) => a.arm === 'recovery_support')).toHaveLength(size / 2)
  })
  // no more blocks than needed: without the last block the sequence would be too short
  const last = blocks[blocks.length - 1]
  if (last) expect(seq.length - last.length).toBeLessThan(minLength)
}

describe('generateBlocks with an injected deterministic RNG', () => {
  test('block sizes are exactly 4, 6 and 8', () => {
    expect([...BLOCK_SIZES]).toEqual([4, 6, 8])
  })

  test('an RNG that always says 0 gives blocks of 4 with a fixed, exactly known order', () => {
    // size index 0 -> 4; Fisher–Yates with j = 0: [m,m,r,r] -> [r,m,r,m] -> [r,m,r,m] -> [m,r,r,m]
    const seq = generateBlocks(8, () => 0)
    expect(seq.map((a) => a.arm)).toEqual([
      'mrocc',
      'recovery_support',
      'recovery_support',
      'mrocc',
      'mrocc',
      'recovery_support',
      'recovery_support',
      'mrocc',
    ])
    expect(seq.map((a) => a.block)).toEqual([1, 1, 1, 1, 2, 2, 2, 2])
    expect(seq.every((a) => a.blockSize === 4)).toBe(true)
  })

  test('an RNG that always says max-1 gives blocks of 8 left in their initial order', () => {
    const seq = generateBlocks(1, (max) => max - 1)
    expect(seq).toHaveLength(8)
    expect(seq.map((a) => a.arm)).toEqual([
      'mrocc',
      'mrocc',
      'mrocc',
      'mrocc',
      'recovery_support',
      'recovery_support',
      'recovery_support',
      'recovery_support',
    ])
    expect(seq.every((a) => a.blockSize === 8 && a.block === 1)).toBe(true)
  })

  test('the size RNG call picks index 1 -> block of 6', () => {
    // first call (size) answers 1; shuffle calls answer 0
    let calls = 0
    const seq = generateBlocks(6, () => (calls++ === 0 ? 1 : 0))
    expect(seq).toHaveLength(6)
    expect(seq.every((a) => a.blockSize === 6)).toBe(true)
    expect(seq.filter((a) => a.arm === 'mrocc')).toHaveLength(3)
  })

  test('the same seed gives the same sequence (the RNG is the only source of randomness)', () => {
    expect(generateBlocks(40, seededRng(42))).toEqual(generateBlocks(40, seededRng(42)))
  })

  test('length is at least the requested length, overshooting only to finish the last block', () => {
    for (const n of [1, 3, 4, 5, 7, 9, 17, 50, 101]) {
      for (let seed = 1; seed <= 20; seed++) {
        expectWellFormed(generateBlocks(n, seededRng(seed)), n)
      }
    }
  })

  test('length 5 with blocks of 4 is two full blocks (8)', () => {
    expect(generateBlocks(5, () => 0)).toHaveLength(8)
  })

  test('zero requested gives an empty sequence', () => {
    expect(generateBlocks(0, () => 0)).toEqual([])
  })

  test('positions continue from firstPosition and blocks from firstBlock (extending a sequence)', () => {
    const seq = generateBlocks(10, seededRng(7), 5, 33)
    expect(seq[0]).toMatchObject({ position: 33, block: 5 })
    expectWellFormed(seq, 10, 5, 33)
    expect(seq.map((a) => a.position)).toEqual(Array.from({ length: seq.length }, (_, i) => 33 + i))
  })
})

describe('generateBlocks with the default crypto RNG', () => {
  test('every sequence is well formed', () => {
    for (let i = 0; i < 200; i++) expectWellFormed(generateBlocks(30), 30)
  })

  test('over many sequences all three block sizes occur', () => {
    const seen = new Set<number>()
    for (let i = 0; i < 100; i++) for (const a of generateBlocks(24)) seen.add(a.blockSize)
    expect([...seen].sort((a, b) => a - b)).toEqual([4, 6, 8])
  })

  test('orders within blocks vary (not a fixed pattern)', () => {
    const patterns = new Set<string>()
    for (let i = 0; i < 100; i++)
      patterns.add(
        generateBlocks(24)
          .map((a) => a.arm[0])
          .join(''),
      )
    expect(patterns.size).toBeGreaterThan(50)
  })
})

describe('completeBlocksBalanced', () => {
  const a = (block: number, blockSize: number, arm: Allocation['arm']) => ({ block, blockSize, arm })

  test('true for generated sequences', () => {
    expect(completeBlocksBalanced(generateBlocks(60, seededRng(3)))).toBe(true)
    expect(completeBlocksBalanced(generateBlocks(60))).toBe(true)
  })

  test('true for an empty sequence', () => {
    expect(completeBlocksBalanced([])).toBe(true)
  })

  test('false for a complete block of 4 with 3:1', () => {
    expect(
      completeBlocksBalanced([
        a(1, 4, 'mrocc'),
        a(1, 4, 'recovery_support'),
        a(1, 4, 'mrocc'),
        a(1, 4, 'recovery_support'),
        a(2, 4, 'mrocc'),
        a(2, 4, 'mrocc'),
        a(2, 4, 'mrocc'),
        a(2, 4, 'recovery_support'),
      ]),
    ).toBe(false)
  })

  test('false for a complete block of 6 that is all one arm', () => {
    expect(completeBlocksBalanced(Array.from({ length: 6 }, () => a(1, 6, 'recovery_support')))).toBe(false)
  })

  test('false when one allocation of a generated block is flipped', () => {
    const seq = generateBlocks(16, seededRng(11))
    const flipped = seq.map((x, i) =>
      i === 0 ? { ...x, arm: x.arm === 'mrocc' ? ('recovery_support' as const) : ('mrocc' as const) } : x,
    )
    expect(completeBlocksBalanced(flipped)).toBe(false)
  })

  test('true when the trailing block is incomplete (a truncated sequence)', () => {
    expect(
      completeBlocksBalanced([
        a(1, 4, 'mrocc'),
        a(1, 4, 'recovery_support'),
        a(1, 4, 'recovery_support'),
        a(1, 4, 'mrocc'),
        a(2, 8, 'mrocc'),
        a(2, 8, 'mrocc'),
        a(2, 8, 'mrocc'),
      ]),
    ).toBe(true)
    const seq = generateBlocks(20, seededRng(5))
    expect(completeBlocksBalanced(seq.slice(0, seq.length - 1))).toBe(true)
  })

  test('an unbalanced complete block is caught even when followed by an incomplete one', () => {
    expect(
      completeBlocksBalanced([
        a(1, 4, 'mrocc'),
        a(1, 4, 'mrocc'),
        a(1, 4, 'mrocc'),
        a(1, 4, 'recovery_support'),
        a(2, 6, 'mrocc'),
      ]),
    ).toBe(false)
  })
})

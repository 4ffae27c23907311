import { randomInt } from 'node:crypto'
import type { Arm } from '#db/schema'

/**
 * 1:1 permuted blocks of randomly varying size (4, 6 or 8). Each block holds equal numbers of
 * both arms in a random order. `randomIntBelow` defaults to node's CSPRNG; tests inject one.
 */
export const BLOCK_SIZES = [4, 6, 8] as const

export type Allocation = { position: number; block: number; blockSize: number; arm: Arm }

export function generateBlocks(
  minLength: number,
  randomIntBelow: (max: number) => number = (max) => randomInt(max),
  firstBlock = 1,
  firstPosition = 1,
): Allocation[] {
  const out: Allocation[] = []
  let block = firstBlock
  while (out.length < minLength) {
    const size = BLOCK_SIZES[randomIntBelow(BLOCK_SIZES.length)]
    const arms: Arm[] = [...Array<Arm>(size / 2).fill('mrocc'), ...Array<Arm>(size / 2).fill('recovery_support')]
    for (let i = arms.length - 1; i > 0; i--) {
      const j = randomIntBelow(i + 1)
      ;[arms[i], arms[j]] = [arms[j], arms[i]]
    }
    for (const arm of arms) {
      out.push({ position: firstPosition + out.length, block, blockSize: size, arm })
    }
    block++
  }
  return out
}

/** True when every complete block in a sequence is balanced 1:1. */
export function completeBlocksBalanced(allocations: Pick<Allocation, 'block' | 'blockSize' | 'arm'>[]) {
  const byBlock = new Map<number, Allocation['arm'][]>()
  for (const a of allocations) byBlock.set(a.block, [...(byBlock.get(a.block) ?? []), a.arm])
  return [...byBlock.entries()].every(([block, arms]) => {
    const size = allocations.find((a) => a.block === block)!.blockSize
    if (arms.length < size) return true
    return arms.filter((a) => a === 'mrocc').length === size / 2
  })
}

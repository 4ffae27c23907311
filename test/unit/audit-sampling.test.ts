import { describe, expect, test } from 'vitest'
import {
  auditDraw,
  DEFAULT_AUDIT_RATES,
  drawSessionAudit,
  drawOnHold,
  drawStratifiedAudits,
  floorCount,
  type DrawnSoFar,
  fnv1a32,
  minimumCount,
  strataOf,
  type HeldSession,
} from '~/domain/audit-sampling'

const SEED = 'programme-2026-fidelity'

/** 10,000 synthetic held sessions: 10 facilitators, both arms, ids 1…10000. */
const many: HeldSession[] = Array.from({ length: 10_000 }, (_, i) => ({
  sessionId: i + 1,
  facilitatorIds: [`f${i % 10}`],
  arm: i % 2 ? 'mrocc' : 'recovery_support',
}))

describe('the hash', () => {
  test('FNV-1a 32-bit published test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5)
    expect(fnv1a32('a')).toBe(0xe40c292c)
    expect(fnv1a32('foobar')).toBe(0xbf9cf968)
  })
  test('draws are in [0, 1), stable, and depend on seed, stream and id', () => {
    const d = auditDraw(SEED, 'sample', 42)
    expect(d).toBeGreaterThanOrEqual(0)
    expect(d).toBeLessThan(1)
    expect(auditDraw(SEED, 'sample', 42)).toBe(d)
    expect(auditDraw(SEED, 'sample', '42')).toBe(d) // ids are compared as text
    expect(auditDraw(SEED + 'x', 'sample', 42)).not.toBe(d)
    expect(auditDraw(SEED, 'second', 42)).not.toBe(d)
    expect(auditDraw(SEED, 'sample', 43)).not.toBe(d)
    // length prefixes: moving characters between seed and id changes the text hashed
    expect(auditDraw('ab', 'sample', 'c')).not.toBe(auditDraw('a', 'sample', 'bc'))
  })
  test('sample draws are uniform: decile χ² over 10,000 below the 0.1% critical value 27.88 (df 9)', () => {
    const counts = Array(10).fill(0)
    for (const s of many) counts[Math.floor(auditDraw(SEED, 'sample', s.sessionId) * 10)]++
    const chi2 = counts.reduce((a, c) => a + (c - 1000) ** 2 / 1000, 0)
    expect(chi2).toBeLessThan(27.88)
  })
  test('the two streams are uncorrelated: |r| < 4/√10000 = 0.04', () => {
    const xs = many.map((s) => auditDraw(SEED, 'sample', s.sessionId))
    const ys = many.map((s) => auditDraw(SEED, 'second', s.sessionId))
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length
    const mx = mean(xs)
    const my = mean(ys)
    let sxy = 0
    let sxx = 0
    let syy = 0
    for (let i = 0; i < xs.length; i++) {
      sxy += (xs[i] - mx) * (ys[i] - my)
      sxx += (xs[i] - mx) ** 2
      syy += (ys[i] - my) ** 2
    }
    expect(Math.abs(sxy / Math.sqrt(sxx * syy))).toBeLessThan(0.04)
  })
})

describe('drawSessionAudit: the draw when a session is held', () => {
  test('defaults: 20% sampled, 20% of those double-rated', () => {
    expect(DEFAULT_AUDIT_RATES).toEqual({ sampleRate: 0.2, secondRaterRate: 0.2 })
  })

  test('rate within tolerance over 10,000 sessions (±4 SD of the binomial)', () => {
    const draws = many.map((s) => drawSessionAudit(s, SEED))
    const sampled = draws.filter((d) => d.sampled).length
    // expected 2,000; SD √(10000·0.2·0.8) = 40 → 1,840–2,160
    expect(sampled).toBeGreaterThanOrEqual(1840)
    expect(sampled).toBeLessThanOrEqual(2160)
    const second = draws.filter((d) => d.secondRater).length
    // of ~2,000 sampled, expected 20%: SD √(m·0.2·0.8) ≈ 17.9 → ±4 SD ≈ ±72
    const sd = Math.sqrt(sampled * 0.16)
    expect(Math.abs(second - 0.2 * sampled)).toBeLessThanOrEqual(4 * sd)
    expect(draws.every((d) => !d.secondRater || d.sampled)).toBe(true)
  })

  test('other rates and string ids: 10% of 10,000 within ±4 SD (SD 30)', () => {
    const draws = many.map((s) =>
      drawSessionAudit({ ...s, sessionId: `c${s.sessionId}-w7` }, 'another seed', {
        sampleRate: 0.1,
        secondRaterRate: 0.5,
      }),
    )
    const sampled = draws.filter((d) => d.sampled).length
    expect(Math.abs(sampled - 1000)).toBeLessThanOrEqual(120)
    const second = draws.filter((d) => d.secondRater).length
    expect(Math.abs(second - 0.5 * sampled)).toBeLessThanOrEqual(4 * Math.sqrt(sampled * 0.25))
  })

  test('reproducible: the same inputs give the same answer, and facilitators do not change it', () => {
    const s = many[123]
    const a = drawSessionAudit(s, SEED)
    expect(drawSessionAudit(s, SEED)).toEqual(a)
    const b = drawSessionAudit({ ...s, facilitatorIds: ['someone-else'] }, SEED)
    expect([b.sampled, b.secondRater, b.sampleDraw]).toEqual([a.sampled, a.secondRater, a.sampleDraw])
  })

  test('rate 0 samples nothing, rate 1 samples everything', () => {
    expect(
      many.slice(0, 500).some((s) => drawSessionAudit(s, SEED, { sampleRate: 0, secondRaterRate: 1 }).sampled),
    ).toBe(false)
    const all = many.slice(0, 500).map((s) => drawSessionAudit(s, SEED, { sampleRate: 1, secondRaterRate: 1 }))
    expect(all.every((d) => d.sampled && d.secondRater)).toBe(true)
  })

  test('bad inputs are refused', () => {
    expect(() => drawSessionAudit(many[0], '')).toThrow(RangeError)
    expect(() => drawSessionAudit(many[0], SEED, { sampleRate: 1.2, secondRaterRate: 0.2 })).toThrow(RangeError)
    expect(() => drawSessionAudit(many[0], SEED, { sampleRate: 0.2, secondRaterRate: Number.NaN })).toThrow(RangeError)
  })
})

describe('strata and minimums', () => {
  test('minimumCount = ceil(rate × n), robust to float error', () => {
    expect(minimumCount(0.2, 5)).toBe(1) // 1.0
    expect(minimumCount(0.2, 3)).toBe(1) // 0.6 → 1
    expect(minimumCount(0.2, 1)).toBe(1) // 0.2 → 1
    expect(minimumCount(0.2, 10)).toBe(2)
    expect(minimumCount(0.2, 11)).toBe(3) // 2.2 → 3
    expect(minimumCount(0.7, 10)).toBe(7) // 7.000000000000001 in floating point
    expect(minimumCount(0.2, 0)).toBe(0)
    expect(minimumCount(0, 10)).toBe(0)
    expect(minimumCount(1, 7)).toBe(7)
  })
  test('a co-led session counts in each facilitator × arm stratum; none → "none"', () => {
    expect(strataOf({ facilitatorIds: [7, 3, 7], arm: 'mrocc' })).toEqual(['3|mrocc', '7|mrocc'])
    expect(strataOf({ facilitatorIds: [], arm: 'recovery_support' })).toEqual(['none|recovery_support'])
  })
})

describe('drawStratifiedAudits', () => {
  // Uneven strata: facilitator f<k> has k+1 sessions in each arm (1…8), some co-led.
  const uneven: HeldSession[] = []
  let id = 1
  for (let k = 0; k < 8; k++)
    for (const arm of ['mrocc', 'recovery_support'] as const)
      for (let j = 0; j <= k; j++)
        uneven.push({ sessionId: id++, facilitatorIds: j === 0 && k > 0 ? [`f${k}`, 'f0'] : [`f${k}`], arm })

  function stratumCounts(sessions: HeldSession[], draws: ReturnType<typeof drawStratifiedAudits>) {
    const out = new Map<string, { n: number; sampled: number }>()
    sessions.forEach((s, i) => {
      for (const key of strataOf(s)) {
        const c = out.get(key) ?? { n: 0, sampled: 0 }
        c.n++
        if (draws[i].sampled) c.sampled++
        out.set(key, c)
      }
    })
    return out
  }

  test('every facilitator × arm stratum gets at least ceil(0.2 × n)', () => {
    const draws = drawStratifiedAudits(uneven, SEED)
    const counts = stratumCounts(uneven, draws)
    expect(counts.size).toBe(16)
    for (const [, c] of counts) expect(c.sampled).toBeGreaterThanOrEqual(minimumCount(0.2, c.n))
    // hand count: f0 leads 1 session alone plus co-leads 7 (one per f1…f7) → 8 per arm, minimum 2;
    // f1 has 2 per arm → 1; f4 has 5 → 1; f5 has 6 → 2; f7 has 8 → 2
    expect([...counts.entries()].filter(([k]) => k.endsWith('|mrocc')).map(([k, c]) => [k, c.n])).toEqual([
      ['f0|mrocc', 8],
      ['f1|mrocc', 2],
      ['f2|mrocc', 3],
      ['f3|mrocc', 4],
      ['f4|mrocc', 5],
      ['f5|mrocc', 6],
      ['f6|mrocc', 7],
      ['f7|mrocc', 8],
    ])
    expect(counts.get('f0|mrocc')!.sampled).toBeGreaterThanOrEqual(2)
    expect(counts.get('f1|mrocc')!.sampled).toBeGreaterThanOrEqual(1)
  })

  test('holds at scale: 10,000 sessions, every stratum ≥ ceil(0.2 n), overall close to 20%', () => {
    const draws = drawStratifiedAudits(many, SEED)
    for (const [, c] of stratumCounts(many, draws)) expect(c.sampled).toBeGreaterThanOrEqual(minimumCount(0.2, c.n))
    // 10 strata of 1,000 (facilitator k leads only one arm). The total is exactly the random draw
    // plus, per stratum, what it lacks of its minimum of 200.
    const random = many.map((s) => drawSessionAudit(s, SEED).sampled)
    let expected = random.filter(Boolean).length
    for (let k = 0; k < 10; k++) {
      const got = random.filter((r, i) => r && i % 10 === k).length
      expected += Math.max(0, 200 - got)
    }
    const sampled = draws.filter((d) => d.sampled).length
    expect(sampled).toBe(expected)
    expect(sampled / 10_000).toBeGreaterThanOrEqual(0.2)
    expect(sampled / 10_000).toBeLessThan(0.23)
  })

  test('a superset of the per-session draw: nothing drawn at hold time is ever un-sampled', () => {
    const draws = drawStratifiedAudits(uneven, SEED)
    uneven.forEach((s, i) => {
      if (drawSessionAudit(s, SEED).sampled) expect(draws[i]).toMatchObject({ sampled: true, how: 'random' })
    })
  })

  test('top-ups take the lowest sample draws among the unsampled', () => {
    const solo = Array.from({ length: 10 }, (_, i) => ({
      sessionId: `s${i}`,
      facilitatorIds: ['only'],
      arm: 'mrocc' as const,
    }))
    // rate 0.5 over 10 → at least 5; the sampled set is exactly the 5 lowest draws when the
    // random draw gave fewer than 5, or everything below 0.5 otherwise
    const draws = drawStratifiedAudits(solo, SEED, { sampleRate: 0.5, secondRaterRate: 0 })
    const sampled = draws.filter((d) => d.sampled)
    expect(sampled.length).toBeGreaterThanOrEqual(5)
    const maxSampled = Math.max(...sampled.map((d) => d.sampleDraw))
    const minUnsampled = Math.min(...draws.filter((d) => !d.sampled).map((d) => d.sampleDraw))
    expect(maxSampled).toBeLessThan(minUnsampled)
  })

  test('reproducible, and independent of the order sessions are listed', () => {
    const a = drawStratifiedAudits(uneven, SEED)
    expect(drawStratifiedAudits(uneven, SEED)).toEqual(a)
    const reversed = drawStratifiedAudits([...uneven].reverse(), SEED)
    const key = (ds: typeof a) =>
      ds
        .filter((d) => d.sampled)
        .map((d) => `${d.sessionId}:${d.secondRater}`)
        .sort()
    expect(key(reversed)).toEqual(key(a))
  })

  test('no session twice: one result per session, in input order; a repeated id is refused', () => {
    const draws = drawStratifiedAudits(many, SEED)
    expect(draws.map((d) => d.sessionId)).toEqual(many.map((s) => s.sessionId))
    expect(new Set(draws.map((d) => String(d.sessionId))).size).toBe(many.length)
    expect(() => drawStratifiedAudits([many[0], { ...many[0], arm: 'mrocc' }], SEED)).toThrow(RangeError)
    expect(() =>
      drawStratifiedAudits(
        [
          { ...many[0], sessionId: 1 },
          { ...many[1], sessionId: '1' },
        ],
        SEED,
      ),
    ).toThrow(RangeError)
  })

  test('sessions already sampled (by hand or earlier) stay sampled and count toward the minimum', () => {
    const solo = Array.from({ length: 10 }, (_, i) => ({
      sessionId: i + 1,
      facilitatorIds: ['f'],
      arm: 'mrocc' as const,
    }))
    const rates = { sampleRate: 0.2, secondRaterRate: 0 }
    // pick the two sessions with the highest draws: never chosen by the draw or by a top-up
    const ranked = solo
      .map((s) => ({ id: s.sessionId, u: auditDraw(SEED, 'sample', s.sessionId) }))
      .sort((a, b) => b.u - a.u)
    const handPicked = [ranked[0].id, ranked[1].id]
    const draws = drawStratifiedAudits(solo, SEED, rates, { alreadySampled: handPicked })
    for (const h of handPicked)
      expect(draws.find((d) => d.sessionId === h)).toMatchObject({ sampled: true, how: 'already' })
    // the minimum of ceil(0.2 × 10) = 2 is met by the hand-picked pair: no top-up needed
    expect(draws.filter((d) => d.how === 'stratum-minimum')).toEqual([])
  })

  test('second rater: at least ceil(20% of the sampled) per arm; only sampled sessions', () => {
    const draws = drawStratifiedAudits(uneven, SEED)
    for (const arm of ['mrocc', 'recovery_support'] as const) {
      const inArm = draws.filter((_, i) => uneven[i].arm === arm)
      const sampled = inArm.filter((d) => d.sampled).length
      expect(inArm.filter((d) => d.secondRater).length).toBeGreaterThanOrEqual(minimumCount(0.2, sampled))
    }
    expect(draws.every((d) => !d.secondRater || d.sampled)).toBe(true)
  })

  test('already second-rated sessions stay second-rated', () => {
    const draws = drawStratifiedAudits(uneven, SEED, DEFAULT_AUDIT_RATES, { alreadySecondRated: [5] })
    expect(draws.find((d) => d.sessionId === 5)).toMatchObject({ sampled: true, secondRater: true })
  })

  test('rate 0: nothing sampled, no minimum; empty list: empty result', () => {
    const draws = drawStratifiedAudits(uneven, SEED, { sampleRate: 0, secondRaterRate: 0.2 })
    expect(draws.some((d) => d.sampled || d.secondRater)).toBe(false)
    expect(drawStratifiedAudits([], SEED)).toEqual([])
  })
})

describe('drawOnHold: the draw made once, when a session is recorded as held', () => {
  /** Replays sessions in the order they are held, keeping the counts the server keeps. */
  function replay(sessions: HeldSession[], rates = DEFAULT_AUDIT_RATES, seed = SEED) {
    const strata: DrawnSoFar['strata'] = {}
    const arms: Record<string, DrawnSoFar['arm']> = {}
    const drawn = new Set<string>()
    return sessions.map((s) => {
      if (drawn.has(String(s.sessionId))) throw new Error('drawn twice')
      drawn.add(String(s.sessionId))
      const arm = (arms[s.arm] ??= { sampled: 0, secondRated: 0 })
      const d = drawOnHold(s, seed, rates, { strata: { ...strata }, arm: { ...arm } })
      for (const key of d.strata) {
        const c = (strata[key] ??= { held: 0, sampled: 0 })
        c.held++
        if (d.sampled) c.sampled++
      }
      if (d.sampled) arm.sampled++
      if (d.secondRater) arm.secondRated++
      return d
    })
  }

  test('floorCount = floor(rate × n), robust to float error', () => {
    expect(floorCount(0.2, 4)).toBe(0)
    expect(floorCount(0.2, 5)).toBe(1)
    expect(floorCount(0.7, 10)).toBe(7)
    expect(floorCount(0.1, 30)).toBe(3)
  })

  test('the rate: about 20% of 10,000 held sessions, and never far below in any stratum', () => {
    const draws = replay(many)
    const sampled = draws.filter((d) => d.sampled).length
    expect(Math.abs(sampled - 2000)).toBeLessThan(4 * 40 + 50) // ±4 SD plus the catch-ups
    for (let f = 0; f < 10; f++)
      for (const arm of ['mrocc', 'recovery_support']) {
        const key = `f${f}|${arm}`
        const members = draws.filter((d) => d.strata.includes(key))
        expect(members.filter((d) => d.sampled).length).toBeGreaterThanOrEqual(floorCount(0.2, members.length))
      }
  })

  test('every prefix keeps each stratum at floor(rate × held) or more (catch-up)', () => {
    const sessions = many.slice(0, 200)
    const draws = replay(sessions)
    for (let n = 1; n <= sessions.length; n++) {
      const prefix = draws.slice(0, n)
      const key = prefix[n - 1].strata[0]
      const members = prefix.filter((d) => d.strata.includes(key))
      expect(members.filter((d) => d.sampled).length).toBeGreaterThanOrEqual(floorCount(0.2, members.length))
    }
  })

  test('the first session of a stratum is not sampled unless its own draw says so (nothing predictable)', () => {
    const draws = replay(many.slice(0, 20))
    for (const d of draws.slice(0, 10)) expect(d.how === 'catch-up').toBe(false)
  })

  test('reproducible: the same seed, ids and order give the same draws; another seed another sample', () => {
    const a = replay(many.slice(0, 500))
    expect(replay(many.slice(0, 500))).toEqual(a)
    const b = replay(many.slice(0, 500), DEFAULT_AUDIT_RATES, 'another seed')
    expect(b.map((d) => d.sampled)).not.toEqual(a.map((d) => d.sampled))
  })

  test('a random draw agrees with drawSessionAudit: the catch-up only adds', () => {
    const draws = replay(many.slice(0, 1000))
    draws.forEach((d, i) => {
      if (drawSessionAudit(many[i], SEED).sampled) expect(d).toMatchObject({ sampled: true, how: 'random' })
    })
  })

  test('second rater: about 20% of the sampled in each arm, at least floor(20%), only sampled sessions', () => {
    const draws = replay(many)
    for (const arm of ['mrocc', 'recovery_support'] as const) {
      const sampled = draws.filter((d, i) => d.sampled && many[i].arm === arm)
      const second = sampled.filter((d) => d.secondRater).length
      expect(second).toBeGreaterThanOrEqual(floorCount(0.2, sampled.length))
      expect(second / sampled.length).toBeGreaterThan(0.15)
      expect(second / sampled.length).toBeLessThan(0.27)
    }
    expect(draws.filter((d) => !d.sampled && d.secondRater)).toHaveLength(0)
  })

  test('rate 0 samples nothing and never catches up; rate 1 samples everything', () => {
    expect(replay(many.slice(0, 300), { sampleRate: 0, secondRaterRate: 0.2 }).some((d) => d.sampled)).toBe(false)
    expect(
      replay(many.slice(0, 300), { sampleRate: 1, secondRaterRate: 0 }).every((d) => d.sampled && !d.secondRater),
    ).toBe(true)
  })
})

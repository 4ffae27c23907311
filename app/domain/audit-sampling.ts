import type { Arm } from '#db/schema'

/**
 * Which held sessions are audited for fidelity, and which of those get a second rater.
 * Deterministic and reproducible: every draw is a hash of the programme's seed and the session
 * id, so the same inputs always give the same answer, on the server or in a browser, and anyone
 * holding the seed can re-derive the sample. Pure: no database, no clock, no Math.random.
 */

export type AuditRates = {
  /** share of held sessions sampled for audit (0–1) */
  sampleRate: number
  /** share of the sampled sessions that also get a second rater (0–1) */
  secondRaterRate: number
}

export const DEFAULT_AUDIT_RATES: AuditRates = { sampleRate: 0.2, secondRaterRate: 0.2 }

export type SessionId = string | number

export type HeldSession = {
  sessionId: SessionId
  /** the session's facilitator(s); a co-led session belongs to each facilitator's stratum */
  facilitatorIds: readonly SessionId[]
  arm: Arm
}

export type AuditDraw = {
  sessionId: SessionId
  sampled: boolean
  secondRater: boolean
  /** why it is sampled: the random draw, a stratum's minimum, or already sampled (by hand or earlier) */
  how: 'random' | 'stratum-minimum' | 'catch-up' | 'already' | null
  /** the uniform draws in [0, 1) behind the decision, for the log */
  sampleDraw: number
  secondDraw: number
  /** facilitator × arm strata the session counts in */
  strata: string[]
}

/** FNV-1a, 32-bit, over the UTF-8 bytes of the text. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** MurmurHash3's 32-bit finaliser: spreads FNV's weak low-bit mixing over all 32 bits. */
function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * A uniform draw in [0, 1) for one session and one purpose ("sample" or "second"). Each part is
 * length-prefixed so no two different (seed, stream, id) triples hash the same text.
 */
export function auditDraw(seed: string, stream: 'sample' | 'second', sessionId: SessionId): number {
  const id = String(sessionId)
  return fmix32(fnv1a32(`${seed.length}:${seed}|${stream.length}:${stream}|${id.length}:${id}`)) / 2 ** 32
}

function checkInputs(seed: string, rates: AuditRates) {
  if (typeof seed !== 'string' || seed.length === 0) throw new RangeError('The programme needs a sampling seed')
  for (const r of [rates.sampleRate, rates.secondRaterRate]) {
    if (!(typeof r === 'number' && r >= 0 && r <= 1)) throw new RangeError('Sampling rates must be between 0 and 1')
  }
}

export function strataOf(s: Pick<HeldSession, 'facilitatorIds' | 'arm'>): string[] {
  const ids = [...new Set(s.facilitatorIds.map(String))].sort()
  return (ids.length ? ids : ['none']).map((f) => `${f}|${s.arm}`)
}

/**
 * The draw made when one session is recorded as held: sampled when its sample draw is below the
 * rate, second-rated when sampled and its (independent) second draw is below the second rate.
 * Depends only on the seed and the session id, so editing a session's facilitators later does
 * not change it.
 */
export function drawSessionAudit(
  session: HeldSession,
  seed: string,
  rates: AuditRates = DEFAULT_AUDIT_RATES,
): AuditDraw {
  checkInputs(seed, rates)
  const sampleDraw = auditDraw(seed, 'sample', session.sessionId)
  const secondDraw = auditDraw(seed, 'second', session.sessionId)
  const sampled = sampleDraw < rates.sampleRate
  return {
    sessionId: session.sessionId,
    sampled,
    secondRater: sampled && secondDraw < rates.secondRaterRate,
    how: sampled ? 'random' : null,
    sampleDraw,
    secondDraw,
    strata: strataOf(session),
  }
}

/** ceil(rate × n), without 0.7 × 10 = 7.000000000000001 turning into 8. */
export function minimumCount(rate: number, n: number): number {
  return Math.max(0, Math.ceil(rate * n - 1e-9))
}

/**
 * The sample over a list of held sessions, guaranteeing every facilitator × arm stratum at least
 * ceil(sampleRate × n) sampled sessions (n = the stratum's sessions), and every arm at least
 * ceil(secondRaterRate × sampled) second-rated sessions (agreement is computed per arm: the arms
 * use different competence scales).
 * - Every session the per-session draw samples stays sampled (this is a superset of it), and so
 *   does every id in `alreadySampled` (added by hand, or drawn earlier); likewise for
 *   `alreadySecondRated`. Nothing is ever un-sampled.
 * - Top-ups take the stratum's unsampled sessions in order of their sample draw (then id), so the
 *   result is reproducible. Strata are topped up in sorted order; a co-led session sampled for
 *   one facilitator counts for the other too.
 * - Each session appears once in the result, in input order; a repeated id is an error.
 */
export function drawStratifiedAudits(
  sessions: readonly HeldSession[],
  seed: string,
  rates: AuditRates = DEFAULT_AUDIT_RATES,
  options: { alreadySampled?: Iterable<SessionId>; alreadySecondRated?: Iterable<SessionId> } = {},
): AuditDraw[] {
  checkInputs(seed, rates)
  const seen = new Set<string>()
  for (const s of sessions) {
    const id = String(s.sessionId)
    if (seen.has(id)) throw new RangeError(`Session ${id} is listed twice`)
    seen.add(id)
  }
  const already = new Set([...(options.alreadySampled ?? [])].map(String))
  const alreadySecond = new Set([...(options.alreadySecondRated ?? [])].map(String))

  const draws = sessions.map((s) => {
    const d = drawSessionAudit(s, seed, rates)
    const id = String(s.sessionId)
    if (!d.sampled && (already.has(id) || alreadySecond.has(id))) {
      d.sampled = true
      d.how = 'already'
    }
    d.secondRater = d.sampled && (alreadySecond.has(id) || d.secondDraw < rates.secondRaterRate)
    return d
  })

  const byDraw = (a: AuditDraw, b: AuditDraw) =>
    a.sampleDraw - b.sampleDraw || String(a.sessionId).localeCompare(String(b.sessionId))
  const strata = new Map<string, AuditDraw[]>()
  for (const d of draws)
    for (const key of d.strata) {
      const members = strata.get(key)
      if (members) members.push(d)
      else strata.set(key, [d])
    }
  for (const key of [...strata.keys()].sort()) {
    const members = strata.get(key)!
    let missing = minimumCount(rates.sampleRate, members.length) - members.filter((d) => d.sampled).length
    for (const d of members.filter((d) => !d.sampled).sort(byDraw)) {
      if (missing <= 0) break
      d.sampled = true
      d.how = 'stratum-minimum'
      d.secondRater = d.secondDraw < rates.secondRaterRate
      missing--
    }
  }

  const bySecond = (a: AuditDraw, b: AuditDraw) =>
    a.secondDraw - b.secondDraw || String(a.sessionId).localeCompare(String(b.sessionId))
  const arms = [...new Set(sessions.map((s) => s.arm))].sort()
  for (const arm of arms) {
    const sampled = draws.filter((d, i) => d.sampled && sessions[i].arm === arm)
    let missing = minimumCount(rates.secondRaterRate, sampled.length) - sampled.filter((d) => d.secondRater).length
    for (const d of sampled.filter((d) => !d.secondRater).sort(bySecond)) {
      if (missing <= 0) break
      d.secondRater = true
      missing--
    }
  }
  return draws
}

/** What is already drawn, before this session: per facilitator × arm stratum, and in its arm. */
export type DrawnSoFar = {
  /** held sessions drawn so far, and how many of those are sampled, per stratum key (strataOf) */
  strata: Record<string, { held: number; sampled: number }>
  /** sampled sessions in the session's arm so far, and how many of those have a second rater */
  arm: { sampled: number; secondRated: number }
}

/** floor(rate × n), without 0.7 × 10 = 6.999999999999999 turning into 6. */
export function floorCount(rate: number, n: number): number {
  return Math.max(0, Math.floor(rate * n + 1e-9))
}

/**
 * The draw made once, at the moment a session is recorded as held (the online form of
 * drawStratifiedAudits, which never revisits a session already drawn):
 * - sampled when its random draw is below the rate ('random');
 * - otherwise sampled as a catch-up when one of its facilitator × arm strata would fall below
 *   floor(rate × held) counting this session ('catch-up'), so chance cannot leave a facilitator
 *   unaudited for long, while no fixed week (such as the first) is predictably audited;
 * - second-rated when sampled and its own second draw is below the second-rater rate, or when the
 *   arm's second-rated share would fall below floor(secondRate × sampled) counting this one.
 * Same seed, same session id and same history give the same answer.
 */
export function drawOnHold(session: HeldSession, seed: string, rates: AuditRates, sofar: DrawnSoFar): AuditDraw {
  const d = drawSessionAudit(session, seed, rates)
  if (!d.sampled && rates.sampleRate > 0) {
    const behind = d.strata.some((key) => {
      const c = sofar.strata[key] ?? { held: 0, sampled: 0 }
      return c.sampled < floorCount(rates.sampleRate, c.held + 1)
    })
    if (behind) {
      d.sampled = true
      d.how = 'catch-up'
    }
  }
  if (d.sampled) {
    const ownDraw = d.secondDraw < rates.secondRaterRate
    const behind =
      rates.secondRaterRate > 0 && sofar.arm.secondRated < floorCount(rates.secondRaterRate, sofar.arm.sampled + 1)
    d.secondRater = ownDraw || behind
  }
  return d
}

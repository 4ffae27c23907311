/**
 * Agreement between raters (fidelity audits): percentage agreement and Cohen's kappa for
 * categorical item ratings (e.g. delivered yes / partly / no), intraclass correlation for
 * continuous ratings (competence). Pure functions; a statistic that is undefined for the data
 * (no pairs, no variance, a single category) is `null` with a reason, never NaN.
 */

export type Rating = string | number
type Maybe<T> = T | null | undefined

/** A statistic, or null with the reason it cannot be computed. */
export type Estimate = { value: number; reason: null } | { value: null; reason: AgreementReason }
export type AgreementReason = 'no-pairs' | 'single-category' | 'too-few-targets' | 'too-few-raters' | 'no-variance'

const ok = (value: number): Estimate => ({ value, reason: null })
const none = (reason: AgreementReason): Estimate => ({ value: null, reason })

/** Pairs where both raters gave a rating; a missing rating on either side drops the pair. */
function completePairs<T extends Rating>(a: Maybe<T>[], b: Maybe<T>[]): [T, T][] {
  if (a.length !== b.length) throw new RangeError('Both raters must rate the same list of items')
  const pairs: [T, T][] = []
  for (let i = 0; i < a.length; i++) {
    const x = a[i]
    const y = b[i]
    if (x == null || y == null || (typeof x === 'number' && !Number.isFinite(x))) continue
    if (typeof y === 'number' && !Number.isFinite(y)) continue
    pairs.push([x, y])
  }
  return pairs
}

/**
 * Lines up two raters' item ratings of the same session by item id, in a stable order
 * (ids sorted); items only one rater rated are left out.
 */
export function pairRatings<T extends Rating>(
  a: Record<string, Maybe<T>>,
  b: Record<string, Maybe<T>>,
): { items: string[]; a: T[]; b: T[] } {
  const items = Object.keys(a)
    .filter((k) => a[k] != null && b[k] != null)
    .sort()
  return { items, a: items.map((k) => a[k] as T), b: items.map((k) => b[k] as T) }
}

export type PercentAgreement = Estimate & { n: number; agreed: number }

/** Share of complete pairs (0–1) on which the two raters gave the same rating. */
export function percentAgreement<T extends Rating>(a: Maybe<T>[], b: Maybe<T>[]): PercentAgreement {
  const pairs = completePairs(a, b)
  const agreed = pairs.filter(([x, y]) => x === y).length
  if (pairs.length === 0) return { ...none('no-pairs'), n: 0, agreed: 0 }
  return { ...ok(agreed / pairs.length), n: pairs.length, agreed }
}

export type KappaResult = Estimate & {
  n: number
  /** observed agreement p_o, null without pairs */
  po: number | null
  /** agreement expected by chance p_e = Σ (row_i / n)(col_i / n), null without pairs */
  pe: number | null
  categories: Rating[]
  /** table[i][j] = pairs rated categories[i] by rater a and categories[j] by rater b */
  table: number[][]
}

/**
 * Cohen's (1960) unweighted kappa for two raters: κ = (p_o − p_e) / (1 − p_e).
 * `categories` fixes the order of the table (ratings outside it are an error); by default the
 * categories seen, sorted. κ is undefined when p_e = 1, which happens only when both raters used
 * one and the same category for every pair: null with reason 'single-category'.
 */
export function cohenKappa<T extends Rating>(a: Maybe<T>[], b: Maybe<T>[], categories?: readonly T[]): KappaResult {
  const pairs = completePairs(a, b)
  const seen = [...new Set(pairs.flat())].sort((x, y) =>
    typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)),
  )
  const cats: Rating[] = categories ? [...categories] : seen
  const index = new Map<Rating, number>(cats.map((c, i) => [c, i]))
  for (const c of seen) if (!index.has(c)) throw new RangeError(`Rating ${String(c)} is not one of the categories`)
  const table = cats.map(() => cats.map(() => 0))
  for (const [x, y] of pairs) table[index.get(x)!][index.get(y)!]++
  const n = pairs.length
  if (n === 0) return { ...none('no-pairs'), n, po: null, pe: null, categories: cats, table }
  // integer arithmetic first: Σ diag and Σ row·col, so p_e = 1 is detected exactly
  let diag = 0
  let chance = 0
  for (let i = 0; i < cats.length; i++) {
    diag += table[i][i]
    const row = table[i].reduce((s, v) => s + v, 0)
    const col = table.reduce((s, r) => s + r[i], 0)
    chance += row * col
  }
  const po = diag / n
  const pe = chance / (n * n)
  if (chance === n * n) return { ...none('single-category'), n, po, pe, categories: cats, table }
  return { ...ok((diag * n - chance) / (n * n - chance)), n, po, pe, categories: cats, table }
}

export type AnovaTable = {
  /** between-targets mean square */
  BMS: number
  /** within-target mean square (one-way model) */
  WMS: number
  /** between-judges (raters) mean square */
  JMS: number
  /** residual (error) mean square */
  EMS: number
}

export type IccResult = {
  /** targets used (complete rows) and raters */
  n: number
  k: number
  /** targets dropped because a rating was missing */
  dropped: number
  anova: AnovaTable | null
  /** ICC(1,1): one-way random, single rater */
  icc11: Estimate
  /** ICC(2,1): two-way random, absolute agreement, single rater */
  icc21: Estimate
  /** ICC(3,1): two-way mixed, consistency, single rater */
  icc31: Estimate
  /** ICC(1,k), ICC(2,k), ICC(3,k): reliability of the mean of the k raters */
  icc1k: Estimate
  icc2k: Estimate
  icc3k: Estimate
}

/**
 * Intraclass correlations after Shrout & Fleiss (1979), from the two-way ANOVA of an n × k
 * table (rows = targets, e.g. sessions; columns = raters, the same k raters for every target).
 * Rows with any missing or non-finite rating are dropped (listwise); the count is returned.
 *   ICC(1,1) = (BMS − WMS) / (BMS + (k−1)WMS)
 *   ICC(2,1) = (BMS − EMS) / (BMS + (k−1)EMS + k(JMS − EMS)/n)
 *   ICC(3,1) = (BMS − EMS) / (BMS + (k−1)EMS)
 *   ICC(1,k) = (BMS − WMS) / BMS;  ICC(2,k) = (BMS − EMS) / (BMS + (JMS − EMS)/n);  ICC(3,k) = (BMS − EMS) / BMS
 * ICCs can be negative (less agreement than chance); they are returned as computed.
 */
export function icc(ratings: Maybe<number>[][]): IccResult {
  const k = ratings.length ? ratings[0].length : 0
  if (ratings.some((r) => r.length !== k)) throw new RangeError('Every target needs a rating slot for each rater')
  const rows = ratings.filter((r) => r.every((x) => typeof x === 'number' && Number.isFinite(x))) as number[][]
  const n = rows.length
  const base = { n, k, dropped: ratings.length - n }
  const all = (e: Estimate) => ({ icc11: e, icc21: e, icc31: e, icc1k: e, icc2k: e, icc3k: e })
  if (k < 2) return { ...base, anova: null, ...all(none('too-few-raters')) }
  if (n < 2) return { ...base, anova: null, ...all(none('too-few-targets')) }

  const grand = rows.flat().reduce((s, x) => s + x, 0) / (n * k)
  const rowMeans = rows.map((r) => r.reduce((s, x) => s + x, 0) / k)
  const colMeans = Array.from({ length: k }, (_, j) => rows.reduce((s, r) => s + r[j], 0) / n)
  const sst = rows.flat().reduce((s, x) => s + (x - grand) ** 2, 0)
  const ssr = k * rowMeans.reduce((s, m) => s + (m - grand) ** 2, 0)
  const ssc = n * colMeans.reduce((s, m) => s + (m - grand) ** 2, 0)
  // residual sum of squares computed directly (no cancellation): Σ (x − row − col + grand)²
  let sse = 0
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) sse += (rows[i][j] - rowMeans[i] - colMeans[j] + grand) ** 2
  // rounding noise (e.g. 1e-31 where the exact value is 0) must not turn 0/0 into a number
  const snap = (ss: number) => (ss <= 1e-12 * sst ? 0 : ss)
  const anova: AnovaTable = {
    BMS: snap(ssr) / (n - 1),
    WMS: snap(sst - ssr) / (n * (k - 1)),
    JMS: snap(ssc) / (k - 1),
    EMS: snap(sse) / ((n - 1) * (k - 1)),
  }
  const { BMS, WMS, JMS, EMS } = anova
  const ratio = (num: number, den: number): Estimate =>
    den > 0 && Number.isFinite(num / den) ? ok(num / den) : none('no-variance')
  if (!(sst > 0)) return { ...base, anova, ...all(none('no-variance')) }
  return {
    ...base,
    anova,
    icc11: ratio(BMS - WMS, BMS + (k - 1) * WMS),
    icc21: ratio(BMS - EMS, BMS + (k - 1) * EMS + (k * (JMS - EMS)) / n),
    icc31: ratio(BMS - EMS, BMS + (k - 1) * EMS),
    icc1k: ratio(BMS - WMS, BMS),
    icc2k: ratio(BMS - EMS, BMS + (JMS - EMS) / n),
    icc3k: ratio(BMS - EMS, BMS),
  }
}

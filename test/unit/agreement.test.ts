import { describe, expect, test } from 'vitest'
import { cohenKappa, icc, pairRatings, percentAgreement } from '~/domain/agreement'

/** Builds the two rating vectors from a contingency table (rows = rater A, columns = rater B). */
function fromTable<T extends string>(cats: T[], table: number[][]): { a: T[]; b: T[] } {
  const a: T[] = []
  const b: T[] = []
  table.forEach((row, i) =>
    row.forEach((count, j) => {
      for (let c = 0; c < count; c++) {
        a.push(cats[i])
        b.push(cats[j])
      }
    }),
  )
  return { a, b }
}

const noNaN = (o: unknown) => expect(JSON.stringify(o)).not.toMatch(/NaN|Infinity|null,"reason":null/)

describe('percentAgreement', () => {
  test('pairs with a missing rating are dropped: 2 of 4 complete pairs agree = 0.5', () => {
    const r = percentAgreement(['yes', 'partly', 'no', 'yes', null], ['yes', 'no', 'no', 'partly', 'yes'])
    expect(r).toEqual({ value: 0.5, reason: null, n: 4, agreed: 2 })
  })
  test('no complete pairs: null, reason no-pairs', () => {
    expect(percentAgreement([null, 'yes'], ['no', undefined])).toEqual({
      value: null,
      reason: 'no-pairs',
      n: 0,
      agreed: 0,
    })
    expect(percentAgreement([], [])).toMatchObject({ value: null, reason: 'no-pairs' })
  })
  test('different lengths are a programming error', () => {
    expect(() => percentAgreement(['yes'], ['yes', 'no'])).toThrow(RangeError)
  })
})

describe("Cohen's kappa", () => {
  test('textbook 2×2: 20 / 5 / 10 / 15 → p_o 0.70, p_e 0.50, κ 0.40', () => {
    // n = 50. A said yes 25 times, B said yes 30 times.
    // p_o = (20 + 15)/50 = 0.70; p_e = (25·30 + 25·20)/50² = 1250/2500 = 0.50; κ = 0.20/0.50 = 0.40
    const { a, b } = fromTable(
      ['yes', 'no'],
      [
        [20, 5],
        [10, 15],
      ],
    )
    const k = cohenKappa(a, b, ['yes', 'no'])
    expect(k.n).toBe(50)
    expect(k.po).toBeCloseTo(0.7, 12)
    expect(k.pe).toBeCloseTo(0.5, 12)
    expect(k.value).toBeCloseTo(0.4, 12)
    expect(k.table).toEqual([
      [20, 5],
      [10, 15],
    ])
  })

  test('Altman (1991), Practical Statistics for Medical Research, table 14.3 (xeromammograms): κ = 0.47', () => {
    // Two radiologists, 85 films, 4 categories. p_o = 54/85 = 0.635; p_e = 2227/7225 = 0.308;
    // κ = (54·85 − 2227)/(85² − 2227) = 2363/4998 = 0.4728, published as 0.47.
    const { a, b } = fromTable(
      ['normal', 'benign', 'suspected', 'cancer'],
      [
        [21, 12, 0, 0],
        [4, 17, 1, 0],
        [3, 9, 15, 2],
        [0, 0, 0, 1],
      ],
    )
    const k = cohenKappa(a, b, ['normal', 'benign', 'suspected', 'cancer'])
    expect(k.n).toBe(85)
    expect(k.po).toBeCloseTo(54 / 85, 12)
    expect(k.pe).toBeCloseTo(2227 / 7225, 12)
    expect(k.value).toBeCloseTo(2363 / 4998, 12)
    expect(k.value).toBeCloseTo(0.47, 2)
  })

  test('3 categories (yes / partly / no), verified by hand: κ = 47/97 = 0.4845', () => {
    //            B: yes partly no | row
    // A: yes        10    2    1  |  13
    //    partly      3    5    2  |  10
    //    no          1    1    5  |   7
    //    column     14    8    8  |  30
    // p_o = (10 + 5 + 5)/30 = 20/30 = 0.6667
    // p_e = (13·14 + 10·8 + 7·8)/30² = (182 + 80 + 56)/900 = 318/900 = 0.3533
    // κ = (600 − 318)/(900 − 318) = 282/582 = 47/97 = 0.484536…
    const cats = ['yes', 'partly', 'no']
    const { a, b } = fromTable(cats, [
      [10, 2, 1],
      [3, 5, 2],
      [1, 1, 5],
    ])
    const k = cohenKappa(a, b, cats)
    expect(k.po).toBeCloseTo(20 / 30, 12)
    expect(k.pe).toBeCloseTo(318 / 900, 12)
    expect(k.value).toBeCloseTo(47 / 97, 12)
    expect(k.value).toBeCloseTo(0.4845, 4)
  })

  test('numeric codes 0/1/2 as stored in fidelity_audits give the same κ', () => {
    const { a, b } = fromTable(
      ['2', '1', '0'],
      [
        [10, 2, 1],
        [3, 5, 2],
        [1, 1, 5],
      ],
    )
    const k = cohenKappa(a.map(Number), b.map(Number))
    expect(k.categories).toEqual([0, 1, 2])
    expect(k.value).toBeCloseTo(47 / 97, 12)
  })

  test('perfect agreement on two categories: κ = 1', () => {
    expect(cohenKappa(['yes', 'no', 'yes'], ['yes', 'no', 'yes']).value).toBe(1)
  })

  test('complete disagreement: p_o 0, p_e (1·1 + 1·1)/4 = 0.5, κ = −1', () => {
    const k = cohenKappa(['yes', 'no'], ['no', 'yes'])
    expect(k).toMatchObject({ value: -1, po: 0, pe: 0.5 })
  })

  test('each rater used a different single category: p_e 0, κ = 0', () => {
    expect(cohenKappa(['yes', 'yes', 'yes'], ['no', 'no', 'no'])).toMatchObject({ value: 0, po: 0, pe: 0 })
  })

  test('both raters used one and the same category: κ undefined → null, single-category (p_o still 1)', () => {
    const k = cohenKappa(['yes', 'yes', 'yes'], ['yes', 'yes', 'yes'])
    expect(k).toMatchObject({ value: null, reason: 'single-category', po: 1, pe: 1, n: 3 })
    noNaN(k)
  })

  test('an unused listed category does not change κ', () => {
    const k = cohenKappa(['yes', 'no', 'yes'], ['yes', 'no', 'no'], ['yes', 'partly', 'no'])
    // n 3, p_o 2/3; A yes 2 no 1; B yes 1 no 2; p_e = (2·1 + 1·2)/9 = 4/9; κ = (6 − 4)/(9 − 4) = 2/5
    expect(k.value).toBeCloseTo(0.4, 12)
    expect(k.table[1]).toEqual([0, 0, 0])
  })

  test('missing ratings are dropped pairwise; no pairs → null, no-pairs', () => {
    expect(cohenKappa(['yes', null, 'no'], ['yes', 'no', 'no']).n).toBe(2)
    const k = cohenKappa([null], ['yes'])
    expect(k).toMatchObject({ value: null, reason: 'no-pairs', po: null, pe: null, n: 0 })
    noNaN(k)
  })

  test('a rating outside the listed categories is an error', () => {
    expect(() => cohenKappa(['yes', 'maybe'], ['yes', 'no'], ['yes', 'no'])).toThrow(RangeError)
  })
})

describe('pairRatings', () => {
  test('items both raters rated, sorted by id', () => {
    expect(pairRatings({ c: 0, a: 2, b: 1 }, { b: 1, c: 2, d: 0 })).toEqual({ items: ['b', 'c'], a: [1, 0], b: [1, 2] })
  })
})

describe('ICC (Shrout & Fleiss 1979)', () => {
  // Shrout & Fleiss (1979), Table 2: 6 targets × 4 judges.
  const sf = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
  ]
  test('their ANOVA table: BMS 11.24, WMS 6.26, JMS 32.49, EMS 1.02', () => {
    // Σx = 127, Σx² = 841, SST = 841 − 127²/24 = 4055/24
    // row means 6, 3, 6.5, 4, 7.5, 4.75 → SSR = 1349/24; column means 46/6, 15/6, 26/6, 40/6 → SSC = 2339/24
    // SSE = SST − SSR − SSC = 367/24; SSW = SST − SSR = 2706/24
    const r = icc(sf)
    expect(r.anova!.BMS).toBeCloseTo(1349 / 24 / 5, 10) // 11.2417
    expect(r.anova!.WMS).toBeCloseTo(2706 / 24 / 18, 10) // 6.2639
    expect(r.anova!.JMS).toBeCloseTo(2339 / 24 / 3, 10) // 32.4861
    expect(r.anova!.EMS).toBeCloseTo(367 / 24 / 15, 10) // 1.0194
    expect(r.anova!.BMS).toBeCloseTo(11.24, 2)
    expect(r.anova!.WMS).toBeCloseTo(6.26, 2)
    expect(r.anova!.JMS).toBeCloseTo(32.49, 2)
    expect(r.anova!.EMS).toBeCloseTo(1.02, 2)
  })
  test('their published ICCs: (1,1) .17, (2,1) .29, (3,1) .71, (1,4) .44, (2,4) .62, (3,4) .91', () => {
    const r = icc(sf)
    expect(r).toMatchObject({ n: 6, k: 4, dropped: 0 })
    expect(r.icc11.value).toBeCloseTo(0.17, 2)
    expect(r.icc21.value).toBeCloseTo(0.29, 2)
    expect(r.icc31.value).toBeCloseTo(0.71, 2)
    expect(r.icc1k.value).toBeCloseTo(0.44, 2)
    expect(r.icc2k.value).toBeCloseTo(0.62, 2)
    expect(r.icc3k.value).toBeCloseTo(0.91, 2)
    // exact: ICC(2,1) = 184/635, ICC(3,1) = 920/1287
    expect(r.icc21.value).toBeCloseTo(184 / 635, 12)
    expect(r.icc31.value).toBeCloseTo(920 / 1287, 12)
  })

  test('raters differ by a constant: consistency 1, absolute agreement 8/9, one-way 15/17', () => {
    // rows [1,2],[3,4],[5,6]: grand 3.5; SSR = 2·(4+0+4) = 16, BMS 8; SSC = 3·(0.25+0.25) = 1.5, JMS 1.5;
    // SSE 0; SSW = 17.5 − 16 = 1.5, WMS = 1.5/3 = 0.5
    // ICC(3,1) = 8/8 = 1; ICC(2,1) = 8/(8 + 2·1.5/3) = 8/9; ICC(1,1) = 7.5/8.5 = 15/17
    const r = icc([
      [1, 2],
      [3, 4],
      [5, 6],
    ])
    expect(r.icc31.value).toBe(1)
    expect(r.icc21.value).toBeCloseTo(8 / 9, 12)
    expect(r.icc11.value).toBeCloseTo(15 / 17, 12)
  })

  test('identical ratings that vary between targets: every ICC is 1', () => {
    const r = icc([
      [3, 3, 3],
      [5, 5, 5],
      [1, 1, 1],
    ])
    for (const e of [r.icc11, r.icc21, r.icc31, r.icc1k, r.icc2k, r.icc3k]) expect(e.value).toBe(1)
  })

  test('no variance at all: every ICC null, no-variance', () => {
    const r = icc([
      [4, 4],
      [4, 4],
      [4, 4],
    ])
    expect(r.icc21).toEqual({ value: null, reason: 'no-variance' })
    expect(r.icc31).toEqual({ value: null, reason: 'no-variance' })
    noNaN(r)
  })

  test('targets indistinguishable, raters differ: ICC(3,1) undefined (0/0), ICC(2,1) 0, ICC(1,1) −1', () => {
    // rows [1,2]×3: BMS 0, EMS 0, JMS 1.5, WMS 0.5
    // ICC(3,1) = 0/0 → null; ICC(2,1) = 0/(2·1.5/3) = 0; ICC(1,1) = −0.5/0.5 = −1; ICC(1,k) = −0.5/0 → null
    const r = icc([
      [1, 2],
      [1, 2],
      [1, 2],
    ])
    expect(r.icc31).toEqual({ value: null, reason: 'no-variance' })
    expect(r.icc21.value).toBe(0)
    expect(r.icc11.value).toBe(-1)
    expect(r.icc1k).toEqual({ value: null, reason: 'no-variance' })
    noNaN(r)
  })

  test('rounding noise does not produce a spurious ICC (0.1 + 0.2 style sums)', () => {
    const r = icc([
      [0.1, 0.3],
      [0.1, 0.3],
      [0.1, 0.3],
    ])
    expect(r.icc31).toEqual({ value: null, reason: 'no-variance' })
  })

  test('targets with a missing rating are dropped listwise and counted', () => {
    const r = icc([...sf, [5, null, 4, 3], [Number.NaN, 1, 1, 1]])
    expect(r).toMatchObject({ n: 6, dropped: 2 })
    expect(r.icc21.value).toBeCloseTo(184 / 635, 12)
  })

  test('fewer than 2 targets or raters: null with a reason; ragged rows are an error', () => {
    expect(icc([[1, 2]]).icc21).toEqual({ value: null, reason: 'too-few-targets' })
    expect(icc([[1], [2], [3]]).icc31).toEqual({ value: null, reason: 'too-few-raters' })
    expect(icc([]).icc11).toEqual({ value: null, reason: 'too-few-raters' })
    expect(icc([[1, null]]).icc11.reason).toBe('too-few-targets')
    expect(() => icc([[1, 2], [3]])).toThrow(RangeError)
  })
})

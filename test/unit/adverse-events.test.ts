import { describe, expect, test } from 'vitest'
import { adverseEventProblems, SERIOUSNESS } from '~/domain/adverse-events'
import { phone } from '~/utils/validation'

describe('adverseEventProblems', () => {
  const base = { onsetDate: '2026-11-20', today: '2026-11-23', serious: false, confirmedSerious: false }

  test('a past onset, not serious, is accepted', () => {
    expect(adverseEventProblems(base)).toEqual([])
    expect(adverseEventProblems({ ...base, onsetDate: '2026-11-23' })).toEqual([])
  })

  test('the onset must be a real date that has happened, after the earliest bound', () => {
    for (const onsetDate of ['2025-02-30', '2026-11-24', '9999-12-31', '1999-12-31'])
      expect(
        adverseEventProblems({ ...base, onsetDate }).map((p) => p.path),
        onsetDate,
      ).toEqual(['onsetDate'])
  })

  test('a serious event needs the confirming tick (the second step)', () => {
    expect(adverseEventProblems({ ...base, serious: true })).toEqual([
      { path: 'confirmSerious', message: expect.stringMatching(/I confirm this is a serious adverse event/) },
    ])
    expect(adverseEventProblems({ ...base, serious: true, confirmedSerious: true })).toEqual([])
  })

  test('seriousness is a choice with no default', () => {
    expect(SERIOUSNESS.map((o) => o.value)).toEqual(['yes', 'no'])
  })
})

describe('phone', () => {
  test.each(['', '555 0100', '+1 (555) 010-0100', '+44 20 7946 0958 ext 12', '555.010.0100 x9'])(
    '%j is accepted',
    (v) => expect(phone.safeParse(v).success).toBe(true),
  )
  test.each(['call me', '12', '555-0100; DROP', 'x'.repeat(31)])('%j is refused', (v) =>
    expect(phone.safeParse(v).success).toBe(false),
  )
})

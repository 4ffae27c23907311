import { describe, expect, test } from 'vitest'
import {
  adherenceTrends,
  primaryAudits,
  proscribedIncidents,
  raterAgreement,
  selfVsRater,
  trendSeries,
  type ReportAudit,
} from '~/domain/fidelity-reports'
import { recordingUrlProblem, sniffRecordingType } from '~/domain/recording'
import { auditStatus } from '~/domain/audit-queue'

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)))

describe('recordings', () => {
  test('links: http(s) only, no credentials', () => {
    expect(recordingUrlProblem('https://video.example.org/s/123')).toBeNull()
    expect(recordingUrlProblem('http://intranet.local/rec.mp3')).toBeNull()
    expect(recordingUrlProblem('javascript:alert(1)')).toMatch(/https/)
    expect(recordingUrlProblem('ftp://host/x')).toMatch(/https/)
    expect(recordingUrlProblem('www.example.org/x')).toMatch(/full link/)
    expect(recordingUrlProblem('https://me:pw@example.org/x')).toMatch(/password/)
  })

  test('files are recognised by their first bytes, not their names', () => {
    expect(sniffRecordingType(bytes([0, 0, 0, 0x20], 'ftypM4A ', [0]))).toBe('audio/mp4')
    expect(sniffRecordingType(bytes([0, 0, 0, 0x20], 'ftypisom', [0]), 'video/mp4')).toBe('video/mp4')
    expect(sniffRecordingType(bytes('ID3', [4, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe('audio/mpeg')
    expect(sniffRecordingType(bytes([0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe('audio/mpeg')
    expect(sniffRecordingType(bytes([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe('audio/webm')
    expect(sniffRecordingType(bytes('OggS', [0, 2, 0, 0, 0, 0, 0, 0]))).toBe('audio/ogg')
    expect(sniffRecordingType(bytes('RIFF', [0, 0, 0, 0], 'WAVE'))).toBe('audio/wav')
    expect(sniffRecordingType(bytes('%PDF-1.7 abcdef'))).toBeNull()
    expect(sniffRecordingType(bytes('<html><body>'))).toBeNull()
    expect(sniffRecordingType(bytes('ID3'))).toBeNull() // too short to tell
  })
})

function audit(over: Partial<ReportAudit> & Pick<ReportAudit, 'auditId' | 'meetingId'>): ReportAudit {
  return {
    scheduledAt: '2026-09-01T22:00:00.000Z',
    week: 1,
    arm: 'mrocc',
    groupName: 'Aspen',
    facilitators: [{ id: 1, name: 'Fran' }],
    rater: 'Sam',
    raterId: 10,
    itemIds: ['a', 'b'],
    domainIds: ['c1', 'c2'],
    proscribed: [{ id: 'p1', text: 'No lecturing' }],
    itemRatings: { a: 2, b: 2 },
    domainRatings: { c1: 4, c2: 5 },
    proscribedObserved: [],
    selfChecked: { a: true, b: true },
    ...over,
  }
}

describe('fidelity reports', () => {
  const audits = [
    audit({ auditId: 1, meetingId: 100 }),
    // the second rater of session 100: used for agreement, not in adherence
    audit({
      auditId: 2,
      meetingId: 100,
      rater: 'Rae',
      raterId: 11,
      itemRatings: { a: 2, b: 1 },
      domainRatings: { c1: 3, c2: 4 },
    }),
    audit({
      auditId: 3,
      meetingId: 101,
      scheduledAt: '2026-10-06T22:00:00.000Z',
      itemRatings: { a: 1, b: 0 },
      domainRatings: { c1: 2, c2: 3 },
      proscribedObserved: ['p1'],
    }),
    audit({
      auditId: 4,
      meetingId: 101,
      rater: 'Rae',
      raterId: 11,
      itemRatings: { a: 1, b: 0 },
      domainRatings: { c1: 3, c2: 3 },
    }),
    audit({ auditId: 5, meetingId: 200, arm: 'recovery_support', facilitators: [{ id: 2, name: 'Rob' }] }),
  ]

  test('a double-rated session counts once (its first rating)', () => {
    expect(primaryAudits(audits).map((a) => a.auditId)).toEqual([1, 3, 5])
  })

  test('adherence and competence per facilitator, arm and month', () => {
    const rows = adherenceTrends(audits)
    expect(rows).toEqual([
      {
        arm: 'mrocc',
        facilitatorId: 1,
        facilitator: 'Fran',
        period: '2026-09',
        sessions: 1,
        adherence: 100,
        competence: 4.5,
      },
      {
        arm: 'mrocc',
        facilitatorId: 1,
        facilitator: 'Fran',
        period: '2026-10',
        sessions: 1,
        adherence: 25,
        competence: 2.5,
      },
      {
        arm: 'recovery_support',
        facilitatorId: 2,
        facilitator: 'Rob',
        period: '2026-09',
        sessions: 1,
        adherence: 100,
        competence: 4.5,
      },
    ])
    expect(trendSeries(rows, 'mrocc', 'adherence')).toEqual({
      periods: ['2026-09', '2026-10'],
      series: [{ label: 'Fran', values: [100, 25] }],
    })
  })

  test('proscribed incidents list every observed item', () => {
    expect(proscribedIncidents(audits)).toEqual([
      expect.objectContaining({ arm: 'mrocc', item: 'No lecturing', facilitators: 'Fran', date: '2026-10-06' }),
    ])
  })

  test('agreement per arm: items paired across the two raters; κ over yes/partly/no; ICC(1,1) on competence', () => {
    const m = raterAgreement(audits, 'mrocc')
    expect(m.sessions).toBe(2)
    expect(m.itemPairs).toBe(4)
    // pairs (2,2) (2,1) (1,1) (0,0): 3 of 4 agree
    expect(m.percent.value).toBeCloseTo(0.75, 12)
    // table over [2,1,0]: rows A, cols B: [[1,1,0],[0,1,0],[0,0,1]] → p_o 3/4, p_e (2·1 + 1·2 + 1·1)/16 = 5/16
    expect(m.kappa.value).toBeCloseTo((12 - 5) / (16 - 5), 12)
    // competence means (4.5, 3.5) and (2.5, 3): two sessions, ICC(1,1) from the one-way ANOVA
    // grand 3.375; row means 4, 2.75 → BMS = 2·((0.625)² + (0.625)²)/1 = 1.5625; WMS = (0.25+0.25+0.0625+0.0625)/2 = 0.3125
    expect(m.icc.value).toBeCloseTo((1.5625 - 0.3125) / (1.5625 + 0.3125), 12)
    const rs = raterAgreement(audits, 'recovery_support')
    expect(rs).toMatchObject({ sessions: 0, itemPairs: 0, percent: { value: null, reason: 'no-pairs' } })
  })

  test('the facilitator’s checklist against the rater', () => {
    expect(selfVsRater(audits)).toEqual([
      { arm: 'mrocc', facilitator: 'Fran', sessions: 2, agreement: 75, tickedNotSeen: 1, seenNotTicked: 0 },
      { arm: 'recovery_support', facilitator: 'Rob', sessions: 1, agreement: 100, tickedNotSeen: 0, seenNotTicked: 0 },
    ])
  })
})

describe('queue status', () => {
  const released = { releasedAt: '2026-11-01T00:00:00Z' }
  const draft = { releasedAt: null }
  test('due, second rating due, audited, released; unsampled sessions only when audited', () => {
    expect(auditStatus({ sampled: true, secondRater: false }, [])).toBe('due')
    expect(auditStatus({ sampled: true, secondRater: true }, [draft])).toBe('second-due')
    expect(auditStatus({ sampled: true, secondRater: true }, [draft, draft])).toBe('audited')
    expect(auditStatus({ sampled: true, secondRater: false }, [released])).toBe('released')
    expect(auditStatus({ sampled: false, secondRater: false }, [])).toBeNull()
    expect(auditStatus({ sampled: false, secondRater: false }, [draft])).toBe('audited')
  })
})

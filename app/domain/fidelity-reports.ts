import type { Arm } from '#db/schema'
import { cohenKappa, icc, percentAgreement, type Estimate } from './agreement'
import { adherencePercent, ITEM_RATINGS, meanCompetence, selfRatingAgreement } from './fidelity'

/**
 * The fidelity programme's reports (pure; ADR 014): adherence and competence per facilitator and
 * arm over time, proscribed-item incidents, agreement between raters, and the facilitator's own
 * checklist against the rater. Per arm throughout: the arms use different competence scales and
 * different items, and nothing here touches outcomes.
 */

export type ReportAudit = {
  auditId: number
  meetingId: number
  /** the session's date (YYYY-MM-DD…); the month is the period */
  scheduledAt: string
  week: number
  arm: Arm
  groupName: string
  facilitators: { id: number; name: string }[]
  rater: string
  raterId: number
  itemIds: string[]
  domainIds: string[]
  proscribed: { id: string; text: string }[]
  itemRatings: Record<string, number>
  domainRatings: Record<string, number>
  proscribedObserved: string[]
  selfChecked: Record<string, boolean>
}

export const periodOf = (scheduledAt: string) => scheduledAt.slice(0, 7)

const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null)

/**
 * The first audit of each session (lowest id) stands for the session in adherence and competence
 * figures, so a double-rated session does not count twice; the second is used for agreement.
 */
export function primaryAudits(audits: ReportAudit[]): ReportAudit[] {
  const first = new Map<number, ReportAudit>()
  for (const a of audits) {
    const seen = first.get(a.meetingId)
    if (!seen || a.auditId < seen.auditId) first.set(a.meetingId, a)
  }
  return [...first.values()]
}

export type TrendRow = {
  arm: Arm
  facilitatorId: number
  facilitator: string
  period: string
  sessions: number
  adherence: number | null
  competence: number | null
}

/** Mean adherence (%) and competence per facilitator × arm × month, from the primary audits. */
export function adherenceTrends(audits: ReportAudit[]): TrendRow[] {
  const groups = new Map<
    string,
    { row: Omit<TrendRow, 'adherence' | 'competence' | 'sessions'>; a: number[]; c: number[] }
  >()
  for (const a of primaryAudits(audits)) {
    const people = a.facilitators.length ? a.facilitators : [{ id: 0, name: '(not recorded)' }]
    for (const f of people) {
      const period = periodOf(a.scheduledAt)
      const key = `${a.arm}|${f.id}|${period}`
      const g = groups.get(key) ?? {
        row: { arm: a.arm, facilitatorId: f.id, facilitator: f.name, period },
        a: [],
        c: [],
      }
      g.a.push(adherencePercent(a.itemRatings, a.itemIds))
      const c = meanCompetence(a.domainRatings, a.domainIds.length ? a.domainIds : undefined)
      if (c > 0) g.c.push(c)
      groups.set(key, g)
    }
  }
  return [...groups.values()]
    .map((g) => ({ ...g.row, sessions: g.a.length, adherence: mean(g.a), competence: mean(g.c) }))
    .sort(
      (x, y) =>
        x.arm.localeCompare(y.arm) || x.facilitator.localeCompare(y.facilitator) || x.period.localeCompare(y.period),
    )
}

/** Chart series for one arm: one line per facilitator over the months seen (null where no audit). */
export function trendSeries(rows: TrendRow[], arm: Arm, measure: 'adherence' | 'competence') {
  const mine = rows.filter((r) => r.arm === arm)
  const periods = [...new Set(mine.map((r) => r.period))].sort()
  const people = [...new Map(mine.map((r) => [r.facilitatorId, r.facilitator])).entries()]
  return {
    periods,
    series: people.map(([id, name]) => ({
      label: name,
      values: periods.map((p) => mine.find((r) => r.facilitatorId === id && r.period === p)?.[measure] ?? null),
    })),
  }
}

export type Incident = {
  arm: Arm
  week: number
  groupName: string
  facilitators: string
  rater: string
  item: string
  date: string
}

/** Every proscribed item a rater observed, one row per item per audit. */
export function proscribedIncidents(audits: ReportAudit[]): Incident[] {
  return audits.flatMap((a) =>
    a.proscribedObserved.map((id) => ({
      arm: a.arm,
      week: a.week,
      groupName: a.groupName,
      facilitators: a.facilitators.map((f) => f.name).join(', '),
      rater: a.rater,
      item: a.proscribed.find((p) => p.id === id)?.text ?? id,
      date: a.scheduledAt.slice(0, 10),
    })),
  )
}

export type ArmAgreement = {
  arm: Arm
  /** sessions rated by two raters */
  sessions: number
  /** item ratings paired across the two raters */
  itemPairs: number
  percent: Estimate
  kappa: Estimate
  /** ICC(1,1) on the mean competence per session: raters differ from session to session */
  icc: Estimate
}

/**
 * Agreement between the first two raters of each double-rated session, per arm: percentage
 * agreement and Cohen's kappa over every prescribed item rated by both (categories yes / partly /
 * no), and ICC(1,1) (one-way random, single rater; Shrout & Fleiss) on the sessions' mean
 * competence ratings.
 */
export function raterAgreement(audits: ReportAudit[], arm: Arm): ArmAgreement {
  const bySession = new Map<number, ReportAudit[]>()
  for (const a of audits.filter((x) => x.arm === arm))
    bySession.set(a.meetingId, [...(bySession.get(a.meetingId) ?? []), a])
  const xs: number[] = []
  const ys: number[] = []
  const comp: (number | null)[][] = []
  let sessions = 0
  for (const list of bySession.values()) {
    const raters = [...new Map(list.sort((p, q) => p.auditId - q.auditId).map((a) => [a.raterId, a])).values()]
    if (raters.length < 2) continue
    sessions++
    const [p, q] = raters
    for (const id of p.itemIds) {
      if (p.itemRatings[id] == null || q.itemRatings[id] == null) continue
      xs.push(p.itemRatings[id])
      ys.push(q.itemRatings[id])
    }
    const cp = meanCompetence(p.domainRatings, p.domainIds)
    const cq = meanCompetence(q.domainRatings, q.domainIds)
    comp.push([cp || null, cq || null])
  }
  const strip = <T extends Estimate>(e: T): Estimate =>
    e.value === null ? { value: null, reason: e.reason } : { value: e.value, reason: null }
  return {
    arm,
    sessions,
    itemPairs: xs.length,
    percent: strip(percentAgreement(xs, ys)),
    kappa: strip(
      cohenKappa(
        xs,
        ys,
        ITEM_RATINGS.map((r) => r.value),
      ),
    ),
    icc: icc(comp).icc11,
  }
}

export type SelfVsRater = {
  arm: Arm
  facilitator: string
  sessions: number
  /** mean % of items where the checklist and the rater agree (ticked = rated yes or partly) */
  agreement: number | null
  /** items the facilitator ticked but the rater saw not delivered */
  tickedNotSeen: number
  /** items the rater saw delivered but the facilitator did not tick */
  seenNotTicked: number
}

/** The facilitator's own checklist (recorded with the meeting) against the rater's item ratings. */
export function selfVsRater(audits: ReportAudit[]): SelfVsRater[] {
  const out = new Map<string, { row: SelfVsRater; pcts: number[] }>()
  for (const a of primaryAudits(audits)) {
    for (const f of a.facilitators) {
      const key = `${a.arm}|${f.id}`
      const g = out.get(key) ?? {
        row: { arm: a.arm, facilitator: f.name, sessions: 0, agreement: null, tickedNotSeen: 0, seenNotTicked: 0 },
        pcts: [],
      }
      g.row.sessions++
      g.pcts.push(selfRatingAgreement(a.selfChecked, a.itemRatings, a.itemIds))
      for (const id of a.itemIds) {
        const ticked = a.selfChecked[id] ?? false
        const seen = (a.itemRatings[id] ?? 0) > 0
        if (ticked && !seen) g.row.tickedNotSeen++
        if (!ticked && seen) g.row.seenNotTicked++
      }
      out.set(key, g)
    }
  }
  return [...out.values()]
    .map((g) => ({ ...g.row, agreement: mean(g.pcts) }))
    .sort((x, y) => x.arm.localeCompare(y.arm) || x.facilitator.localeCompare(y.facilitator))
}

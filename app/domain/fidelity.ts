import type { Arm } from '#db/schema'

/**
 * Fidelity rating (pure; ADR 014). A rater marks each prescribed item of the lesson as delivered
 * yes (2), partly (1) or no (0) — adherence — ticks any proscribed item observed, and rates the
 * facilitator's competence on the lesson's own competence domains (frontmatter `competence`),
 * on a separate scale per arm: 1–6 for M-ROCC (after the MBI:TAC), 1–5 for Recovery Support
 * (an MI/CBT-style global rating, after the MITI global scores).
 */
export const ITEM_RATINGS = [
  { value: 2, label: 'Yes' },
  { value: 1, label: 'Partly' },
  { value: 0, label: 'No' },
] as const

export type ScalePoint = { value: number; label: string }

export const COMPETENCE_SCALES: Record<Arm, { name: string; min: number; max: number; points: ScalePoint[] }> = {
  mrocc: {
    name: 'MBI:TAC-style competence, 1–6',
    min: 1,
    max: 6,
    points: [
      { value: 1, label: 'Incompetent' },
      { value: 2, label: 'Beginner' },
      { value: 3, label: 'Advanced beginner' },
      { value: 4, label: 'Competent' },
      { value: 5, label: 'Proficient' },
      { value: 6, label: 'Advanced' },
    ],
  },
  recovery_support: {
    name: 'MI/CBT-style global rating, 1–5',
    min: 1,
    max: 5,
    points: [
      { value: 1, label: 'Low' },
      { value: 2, label: 'Below expectations' },
      { value: 3, label: 'Adequate' },
      { value: 4, label: 'Good' },
      { value: 5, label: 'High' },
    ],
  },
}

export function competenceScale(arm: Arm) {
  return COMPETENCE_SCALES[arm]
}

/** Adherence: rated points as a percentage of the maximum (2 per prescribed item). */
export function adherencePercent(itemRatings: Record<string, number>, itemIds: string[]): number {
  if (itemIds.length === 0) return 0
  const points = itemIds.reduce((sum, id) => sum + (itemRatings[id] ?? 0), 0)
  return Math.round((points / (2 * itemIds.length)) * 100)
}

/** Mean competence (one decimal) over the domains rated; 0 when none. Only `domainIds` when given. */
export function meanCompetence(domainRatings: Record<string, number>, domainIds?: string[]): number {
  const values = (domainIds ?? Object.keys(domainRatings))
    .map((id) => domainRatings[id])
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  return values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10 : 0
}

/** How far the facilitator's own checklist and the rater agree: share of items where both say done. */
export function selfRatingAgreement(
  selfChecked: Record<string, boolean>,
  itemRatings: Record<string, number>,
  itemIds: string[],
): number {
  if (itemIds.length === 0) return 0
  const agree = itemIds.filter((id) => (selfChecked[id] ?? false) === (itemRatings[id] ?? 0) > 0).length
  return Math.round((agree / itemIds.length) * 100)
}

/**
 * An audit rates exactly this lesson's items and competence domains, in order, on the arm's
 * scale; proscribed ids are the lesson's.
 */
export function auditShapeProblems(
  v: { items: string[]; domains: { id: string; rating: number }[]; proscribed: string[] },
  lesson: { itemIds: string[]; domainIds: string[]; proscribedIds: string[] },
  scale: { min: number; max: number },
): { path?: string; message: string }[] {
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i])
  const ok =
    same(v.items, lesson.itemIds) &&
    same(
      v.domains.map((d) => d.id),
      lesson.domainIds,
    ) &&
    v.proscribed.every((p) => lesson.proscribedIds.includes(p))
  if (!ok) return [{ message: 'The form does not match this session’s lesson. Reload the page.' }]
  return v.domains.flatMap((d, i) =>
    d.rating < scale.min || d.rating > scale.max
      ? [{ path: `domains[${i}].rating`, message: `Rate this domain from ${scale.min} to ${scale.max}.` }]
      : [],
  )
}

export type AuditState = { raterId: number; releasedAt: string | null }

/** Who may change an audit: only its rater, and only until it is released. null = allowed. */
export function auditEditRefusal(a: AuditState, actorId: number): string | null {
  if (a.raterId !== actorId) return 'Only the rater who wrote this audit can change it.'
  if (a.releasedAt) return 'This audit has been released to the facilitator and can no longer be changed.'
  return null
}

/** Released feedback can be acknowledged once, by a facilitator of the session's group. */
export function acknowledgeRefusal(
  a: { releasedAt: string | null; acknowledgedAt: string | null },
  actorId: number,
  facilitatorIds: number[],
): string | null {
  if (!a.releasedAt) return 'This feedback has not been released.'
  if (!facilitatorIds.includes(actorId)) return 'Only a facilitator of this group can acknowledge its feedback.'
  if (a.acknowledgedAt) return 'This feedback has already been acknowledged.'
  return null
}

/** The fields of an audit that an edit can change, as shown to people, for the edit log and conflicts. */
export function auditDisplayValues(a: {
  itemRatings: Record<string, number>
  domainRatings: Record<string, number>
  proscribedObserved: string[]
  comments: string | null
}): Record<string, string> {
  const label = (v: number | undefined) => ITEM_RATINGS.find((r) => r.value === v)?.label ?? ''
  return {
    ...Object.fromEntries(Object.entries(a.itemRatings).map(([k, v]) => [`item:${k}`, label(v)])),
    ...Object.fromEntries(Object.entries(a.domainRatings).map(([k, v]) => [`domain:${k}`, String(v)])),
    proscribed: [...a.proscribedObserved].sort().join(', '),
    comments: a.comments ?? '',
  }
}

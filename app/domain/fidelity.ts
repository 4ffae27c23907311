/**
 * Fidelity rating (pure). A supervisor rates each prescribed item of the lesson 0 (not done),
 * 1 (partly) or 2 (fully), marks any proscribed item observed, and rates facilitator competence
 * 1–5 on arm-neutral domains, so both arms are rated on the same scale.
 */
export const ITEM_RATINGS = [
  { value: 0, label: 'Not done' },
  { value: 1, label: 'Partly' },
  { value: 2, label: 'Fully' },
] as const

export const COMPETENCE_DOMAINS = [
  { id: 'structure', label: 'Structure and pacing: follows the agenda and keeps time' },
  { id: 'safety', label: 'Safety and warmth: a respectful, non-judgemental group climate' },
  { id: 'choice', label: 'Trauma-informed choice: offers options and permission to pass or stop' },
  { id: 'skill', label: 'Teaching the session’s skill clearly and accurately' },
  { id: 'engagement', label: 'Eliciting participation and responding to what members say' },
] as const

export const COMPETENCE_SCALE = [
  { value: 1, label: 'Poor' },
  { value: 2, label: 'Fair' },
  { value: 3, label: 'Adequate' },
  { value: 4, label: 'Good' },
  { value: 5, label: 'Excellent' },
] as const

/** Adherence: rated points as a percentage of the maximum (2 per prescribed item). */
export function adherencePercent(itemRatings: Record<string, number>, itemIds: string[]): number {
  if (itemIds.length === 0) return 0
  const points = itemIds.reduce((sum, id) => sum + (itemRatings[id] ?? 0), 0)
  return Math.round((points / (2 * itemIds.length)) * 100)
}

export function meanCompetence(domainRatings: Record<string, number>): number {
  const values = COMPETENCE_DOMAINS.map((d) => domainRatings[d.id]).filter((v): v is number => typeof v === 'number')
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

/** An audit rates exactly this lesson's items and every competence domain, in order; proscribed ids are the lesson's. */
export function auditShapeProblems(
  v: { items: string[]; domains: string[]; proscribed: string[] },
  itemIds: string[],
  proscribedIds: string[],
): { path?: string; message: string }[] {
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i])
  const ok =
    same(v.items, itemIds) &&
    same(
      v.domains,
      COMPETENCE_DOMAINS.map((d) => d.id),
    ) &&
    v.proscribed.every((p) => proscribedIds.includes(p))
  return ok ? [] : [{ message: 'The form does not match this session’s lesson. Reload the page.' }]
}

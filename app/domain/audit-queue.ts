/** Where a session stands in the fidelity audit queue (pure; ADR 014). */

export type AuditStatus = 'due' | 'second-due' | 'audited' | 'released'

/** Where a sampled session stands: not rated yet, waiting for its second rater, rated, feedback released. */
export function auditStatus(
  s: { sampled: boolean; secondRater: boolean },
  audits: { releasedAt: string | null }[],
): AuditStatus | null {
  if (!s.sampled) return audits.length ? (audits.some((a) => a.releasedAt) ? 'released' : 'audited') : null
  if (audits.length === 0) return 'due'
  if (s.secondRater && audits.length < 2) return 'second-due'
  return audits.some((a) => a.releasedAt) ? 'released' : 'audited'
}

export const AUDIT_STATUS_LABEL: Record<AuditStatus, string> = {
  due: 'Due',
  'second-due': 'Second rating due',
  audited: 'Audited',
  released: 'Feedback released',
}

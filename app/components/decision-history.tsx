import { DECISION_LABEL } from '~/domain/continuation'
import type { decisionCorrectionsOf } from '~/domain/decisions.server'

type Correction = ReturnType<typeof decisionCorrectionsOf>[number]

/** A decision's corrections, oldest first: what it said, what it became, why, who and when. */
export function CorrectionHistory({ corrections }: { corrections: readonly Correction[] }) {
  if (corrections.length === 0) return null
  return (
    <div className="mt-2">
      <h3 className="text-base">Corrections</h3>
      <ol className="mt-1 list-decimal space-y-1 pl-5 text-sm">
        {corrections.map((c) => (
          <li key={c.id}>
            {c.at.slice(0, 10)}, {c.by ?? 'staff'}: {DECISION_LABEL[c.from.decision]}
            {c.from.offeredAt ? ` (offered ${c.from.offeredAt})` : ''} → {DECISION_LABEL[c.to.decision]}
            {c.to.offeredAt ? ` (offered ${c.to.offeredAt})` : ''}. Reason: {c.reason}
          </li>
        ))}
      </ol>
    </div>
  )
}

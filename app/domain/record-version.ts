/**
 * Record versions (ADR 013): every record staff edit carries a version that each save bumps. A
 * save made from an older version is refused, and the person sees what changed before choosing.
 * Pure helpers for describing that conflict; the version check itself is in
 * record-version.server.ts.
 */

/** One field whose saved value differs from what the person submitted. */
export type FieldChange = { field: string; label: string; yours: string; saved: string }

/** What a refused (stale) save shows: the version now saved, who saved it and when, and the differences. */
export type RecordConflict = {
  version: number
  savedBy: string | null
  savedAt: string | null
  changes: FieldChange[]
}

/**
 * The fields whose displayed values differ between the person's submission and the saved record,
 * in the order of `labels`. Values are compared as the page displays them (strings), so two
 * spellings of "nothing" ('' and a missing key) are the same.
 */
export function changedFields(
  yours: Readonly<Record<string, string | undefined>>,
  saved: Readonly<Record<string, string | undefined>>,
  labels: Readonly<Record<string, string>>,
): FieldChange[] {
  const changes: FieldChange[] = []
  for (const [field, label] of Object.entries(labels)) {
    const a = (yours[field] ?? '').trim()
    const b = (saved[field] ?? '').trim()
    if (a !== b) changes.push({ field, label, yours: a, saved: b })
  }
  return changes
}

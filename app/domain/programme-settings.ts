export type ContinuationWindow = {
  continuationMinSessions: number
  continuationFromWeek: number
  continuationToWeek: number
}

/** Whether the week-8 continuation rule as entered makes sense: a window in order, and reachable. */
export function programmeSettingsProblems(v: ContinuationWindow): { path?: string; message: string }[] {
  if (v.continuationFromWeek > v.continuationToWeek)
    return [{ path: 'continuationToWeek', message: 'The last week must be on or after the first.' }]
  if (v.continuationMinSessions > v.continuationToWeek - v.continuationFromWeek + 1)
    return [{ path: 'continuationMinSessions', message: 'More sessions than weeks in the window.' }]
  return []
}

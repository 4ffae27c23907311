import { participantFacingTextProblems } from './blinding'

export type ContinuationWindow = {
  continuationMinSessions: number
  continuationFromWeek: number
  continuationToWeek: number
}

/** Whether the week-8 continuation rule as entered makes sense: a window in order, and reachable. */
export function programmeSettingsProblems(
  v: ContinuationWindow & { contactName?: string },
): { path?: string; message: string }[] {
  const problems: { path?: string; message: string }[] = []
  if (v.continuationFromWeek > v.continuationToWeek)
    problems.push({ path: 'continuationToWeek', message: 'The last week must be on or after the first.' })
  else if (v.continuationMinSessions > v.continuationToWeek - v.continuationFromWeek + 1)
    problems.push({ path: 'continuationMinSessions', message: 'More sessions than weeks in the window.' })
  if (v.contactName !== undefined)
    problems.push(...participantFacingTextProblems('contactName', v.contactName, 'the contact name'))
  return problems
}

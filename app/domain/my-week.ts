import type { Arm } from '#db/schema'
import { onGroupRoster, type ContinuationSettings, type Decision } from './continuation'
import { PROMIS_WEEKS } from './instruments'
import { PROGRAMME_WEEKS } from './schedule'

/**
 * "What is expected of me this week" for a participant's home page (pure). Everyone in the study
 * keeps the 30-minute check-in and the weekly questions (intention-to-treat); the 60-minute group
 * and home practice are only for those on the group's roster. A participant who declined the
 * week-8 offer (or, where the decision applies, has not chosen to continue) is on the
 * check-in-only track: their home no longer lists the group meeting or practices.
 */
export type Expectation =
  /** the 30-minute check-in: the weekly questions and the saliva test */
  | 'checkInMeeting'
  /** the weekly questions (craving, use) on the check-in page */
  | 'weeklyQuestions'
  /** the longer survey of the PROMIS weeks (0, 8, 16, 24) */
  | 'promis'
  /** the 60-minute group meeting */
  | 'groupMeeting'
  /** this week's home practice */
  | 'homePractice'

export type MyWeek = {
  track: 'group' | 'checkInOnly' | 'finished'
  week: number
  expected: Expectation[]
}

export function expectedOfMe(input: {
  arm: Arm
  /** the programme week the participant is preparing for (the next meeting's), 1–24; above 24 = finished */
  week: number
  /** their week-8 decision, if one was recorded */
  decision: Decision | null
  settings: ContinuationSettings
  /** false once the last meeting is over */
  programmeRunning: boolean
}): MyWeek {
  const { arm, week, decision, settings } = input
  if (!input.programmeRunning || week > PROGRAMME_WEEKS) return { track: 'finished', week, expected: [] }
  const surveys: Expectation[] = [
    'checkInMeeting',
    'weeklyQuestions',
    ...(PROMIS_WEEKS.includes(week) ? ['promis' as const] : []),
  ]
  if (!onGroupRoster(arm, week, decision, settings)) return { track: 'checkInOnly', week, expected: surveys }
  return { track: 'group', week, expected: [...surveys, 'groupMeeting', 'homePractice'] }
}

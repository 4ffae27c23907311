import { isCalendarDate } from './calendar-date'

/**
 * The screening log before enrolment (CONSORT): pure rules. A person is referred, screened,
 * found eligible or not (with the criteria they failed), asked for consent, completes the
 * baseline measures, and is then enrolled and randomized (the link to the participant record).
 */

export type CriterionKind = 'inclusion' | 'exclusion'

/**
 * The criteria a new programme starts with, modelled on the trial (NCT04278586). Programmes edit
 * this list (coordinator, admin); a retired criterion stays on the entries that cite it.
 */
export const DEFAULT_CRITERIA: { kind: CriterionKind; text: string }[] = [
  { kind: 'inclusion', text: 'Aged 18 or older' },
  { kind: 'inclusion', text: 'Opioid use disorder (DSM-5)' },
  { kind: 'inclusion', text: 'Receiving buprenorphine treatment' },
  { kind: 'inclusion', text: 'Can join live online groups (device and internet)' },
  { kind: 'inclusion', text: 'Speaks English or Spanish' },
  { kind: 'exclusion', text: 'Active psychosis or mania' },
  { kind: 'exclusion', text: 'Suicidal intent needing a higher level of care' },
  { kind: 'exclusion', text: 'Cannot give informed consent' },
  { kind: 'exclusion', text: 'Regular mindfulness practice or a previous mindfulness-based group' },
]

export type ScreeningInput = {
  referredOn: string
  screenedOn: string
  eligible: boolean
  failedCriteria: number[]
  consent: 'pending' | 'consented' | 'declined'
  consentedOn: string | null
  baselineCompletedOn: string | null
  participantId: number | null
}

export type Problem = { path?: string; message: string }

/**
 * What is wrong with a screening entry, given today (in the programme's zone), the criteria
 * that can be cited and the participants it can be linked to. Dates must be real days, not in
 * the future, and in order: referred ≤ screened ≤ consented ≤ baseline.
 */
export function screeningProblems(
  v: ScreeningInput,
  ctx: { today: string; criterionIds: readonly number[]; linkableParticipantIds: readonly number[] },
): Problem[] {
  const problems: Problem[] = []
  const date = (path: keyof ScreeningInput, value: string | null, label: string) => {
    if (value === null) return false
    if (!isCalendarDate(value)) {
      problems.push({ path, message: `Enter a real date for ${label}.` })
      return false
    }
    if (value > ctx.today) {
      problems.push({ path, message: `The ${label} cannot be in the future.` })
      return false
    }
    return true
  }
  const referred = date('referredOn', v.referredOn, 'referral date')
  const screened = date('screenedOn', v.screenedOn, 'screening date')
  if (referred && screened && v.screenedOn < v.referredOn)
    problems.push({ path: 'screenedOn', message: 'Screening cannot come before the referral.' })

  if (v.eligible && v.failedCriteria.length)
    problems.push({ path: 'failedCriteria', message: 'An eligible person fails no criterion: clear the ticks.' })
  if (!v.eligible && v.failedCriteria.length === 0)
    problems.push({ path: 'failedCriteria', message: 'Tick the criteria this person did not meet.' })
  if (v.failedCriteria.some((id) => !ctx.criterionIds.includes(id)))
    problems.push({ path: 'failedCriteria', message: 'Choose criteria from the list.' })

  if (!v.eligible && v.consent !== 'pending')
    problems.push({ path: 'consent', message: 'Only an eligible person is asked for consent.' })
  if (v.consent === 'consented') {
    if (v.consentedOn === null) problems.push({ path: 'consentedOn', message: 'Enter the date of consent.' })
    else if (date('consentedOn', v.consentedOn, 'consent date') && screened && v.consentedOn < v.screenedOn)
      problems.push({ path: 'consentedOn', message: 'Consent cannot come before screening.' })
  } else if (v.consentedOn !== null) {
    problems.push({ path: 'consentedOn', message: 'A consent date goes with “Consented” only.' })
  }

  if (v.baselineCompletedOn !== null) {
    if (v.consent !== 'consented')
      problems.push({ path: 'baselineCompletedOn', message: 'Baseline measures come after consent.' })
    else if (
      date('baselineCompletedOn', v.baselineCompletedOn, 'baseline date') &&
      v.consentedOn &&
      v.baselineCompletedOn < v.consentedOn
    )
      problems.push({ path: 'baselineCompletedOn', message: 'Baseline cannot come before consent.' })
  }

  if (v.participantId !== null) {
    if (v.consent !== 'consented')
      problems.push({ path: 'participantId', message: 'Only a person who consented can be linked to an enrolment.' })
    else if (!ctx.linkableParticipantIds.includes(v.participantId))
      problems.push({ path: 'participantId', message: 'Choose an enrolled participant of this cohort from the list.' })
  }
  return problems
}

/** Where a screened person stands, for the log and the CONSORT flow. */
export type ScreeningStage =
  'ineligible' | 'declined' | 'awaiting-consent' | 'awaiting-baseline' | 'awaiting-enrolment' | 'enrolled'

export function screeningStage(e: {
  eligible: boolean
  consent: 'pending' | 'consented' | 'declined'
  baselineCompletedOn: string | null
  participantId: number | null
}): ScreeningStage {
  if (e.participantId !== null) return 'enrolled'
  if (!e.eligible) return 'ineligible'
  if (e.consent === 'declined') return 'declined'
  if (e.consent === 'pending') return 'awaiting-consent'
  if (!e.baselineCompletedOn) return 'awaiting-baseline'
  return 'awaiting-enrolment'
}

export const STAGE_LABEL: Record<ScreeningStage, string> = {
  ineligible: 'Not eligible',
  declined: 'Declined to take part',
  'awaiting-consent': 'Eligible, consent pending',
  'awaiting-baseline': 'Consented, baseline pending',
  'awaiting-enrolment': 'Baseline complete, not yet enrolled',
  enrolled: 'Enrolled',
}

import { ATTENDANCE_STATUSES, DECISIONS, PARTICIPANT_STATUSES, type Arm } from '#db/schema'
import { DECISION_REASONS } from './continuation'
import { GENDERS, LANGUAGES, RACE_ETHNICITY } from './demographics'
import { OTHER_SUBSTANCES, PROMIS_WEEKS, TOX_CLASSES } from './instruments'
import { PROGRAMME_WEEKS } from './schedule'

/**
 * The REDCap-ready export (pure): the data dictionary, events, event–form mappings, repeating
 * instruments, and records in REDCap's longitudinal import shape. One REDCap arm; events
 * week_0 … week_24 whose names say nothing about allocation, which lives in the randomization
 * form (`rand_arm`). Raw codes, not labels; dates YYYY-MM-DD; checkbox fields as field___code;
 * `<form>_complete` = 2 (complete) for every stored record (the app stores only finished forms).
 * Adverse events, toxicology and practice logs are repeating instruments on the week_0 event
 * (they are dated inside the form; toxicology also carries its 2-week period).
 */

/** REDCap's data dictionary header: exactly these 18 columns, in this order. */
export const REDCAP_DICTIONARY_HEADER = [
  'Variable / Field Name',
  'Form Name',
  'Section Header',
  'Field Type',
  'Field Label',
  'Choices, Calculations, OR Slider Labels',
  'Field Note',
  'Text Validation Type OR Show Slider Number',
  'Text Validation Min',
  'Text Validation Max',
  'Identifier?',
  'Branching Logic (Show field only if...)',
  'Required Field?',
  'Custom Alignment',
  'Question Number (surveys only)',
  'Matrix Group Name',
  'Matrix Ranking?',
  'Field Annotation',
] as const

export const REDCAP_ARM = { num: 1, name: 'Study' }
export const EVENT_NAMES = Array.from({ length: PROGRAMME_WEEKS + 1 }, (_, w) => `week_${w}`)
/** REDCap's unique event name: the event name plus `_arm_<n>`. */
export const uniqueEvent = (week: number) => `week_${week}_arm_${REDCAP_ARM.num}`

type Choices = readonly (readonly [string, string])[]
export type RedcapField = {
  name: string
  form: string
  type: 'text' | 'notes' | 'dropdown' | 'radio' | 'checkbox' | 'yesno'
  label: string
  choices?: Choices
  validation?: 'date_ymd' | 'integer' | 'number' | 'email'
  min?: string
  max?: string
  note?: string
  /** names and contact details: `Identifier? = y`, dropped when de-identified */
  identifier?: boolean
  /** free text: dropped when de-identified */
  freeText?: boolean
}

export type RedcapForm = { name: string; label: string; repeating: boolean; weeks: readonly number[] }

const ALL_WEEKS = Array.from({ length: PROGRAMME_WEEKS }, (_, i) => i + 1)
export const REDCAP_FORMS: RedcapForm[] = [
  { name: 'enrollment', label: 'Enrollment', repeating: false, weeks: [0] },
  { name: 'randomization', label: 'Randomization', repeating: false, weeks: [0] },
  { name: 'promis_anxiety', label: 'PROMIS Anxiety 8a', repeating: false, weeks: PROMIS_WEEKS },
  { name: 'weekly_survey', label: 'Weekly check-in survey', repeating: false, weeks: ALL_WEEKS },
  { name: 'attendance', label: 'Attendance', repeating: false, weeks: ALL_WEEKS },
  { name: 'continuation', label: 'Week-8 continuation decision', repeating: false, weeks: [8] },
  { name: 'toxicology', label: 'Oral toxicology', repeating: true, weeks: [0] },
  { name: 'adverse_event', label: 'Adverse event', repeating: true, weeks: [0] },
  { name: 'practice_log', label: 'Home practice log', repeating: true, weeks: [0] },
]

/** 1-based codes for a list of values; 99 for a stored value outside the list. */
const listChoices = (values: readonly string[]): Choices => [
  ...values.map((v, i) => [String(i + 1), v] as const),
  ['99', 'Not in the list'] as const,
]
const codeOf = (values: readonly string[], v: string | null | undefined) =>
  v == null || v === '' ? '' : values.includes(v) ? String(values.indexOf(v) + 1) : '99'
/** For lists with no "not in the list" choice: blank for a value outside the list. */
const strictCode = (values: readonly string[], v: string | null | undefined) =>
  v != null && values.includes(v) ? String(values.indexOf(v) + 1) : ''

export const ARM_CODES: Record<Arm, string> = { mrocc: '1', recovery_support: '2' }
export const AE_SEVERITY = ['mild', 'moderate', 'severe'] as const
export const AE_RELATEDNESS = ['not_related', 'unlikely', 'possibly', 'probably', 'definitely'] as const
export const AE_EXPECTEDNESS = ['expected', 'unexpected'] as const
const LOCALE_CODES = ['en', 'es']
const PROMIS_SCALE: Choices = [
  ['1', 'Never'],
  ['2', 'Rarely'],
  ['3', 'Sometimes'],
  ['4', 'Often'],
  ['5', 'Always'],
]
const TOX_CHOICES: Choices = [
  ['0', 'Negative'],
  ['1', 'Positive'],
]

const date = (name: string, form: string, label: string, extra: Partial<RedcapField> = {}): RedcapField => ({
  name,
  form,
  type: 'text',
  label,
  validation: 'date_ymd',
  ...extra,
})
const int = (name: string, form: string, label: string, min?: number, max?: number): RedcapField => ({
  name,
  form,
  type: 'text',
  label,
  validation: 'integer',
  min: min === undefined ? undefined : String(min),
  max: max === undefined ? undefined : String(max),
})

export const REDCAP_FIELDS: RedcapField[] = [
  { name: 'record_id', form: 'enrollment', type: 'text', label: 'Study ID' },
  { name: 'participant_name', form: 'enrollment', type: 'text', label: 'Name', identifier: true },
  {
    name: 'contact_email',
    form: 'enrollment',
    type: 'text',
    label: 'Contact email',
    validation: 'email',
    identifier: true,
  },
  { name: 'contact_phone', form: 'enrollment', type: 'text', label: 'Contact phone', identifier: true },
  int('cohort_id', 'enrollment', 'Cohort (number)', 1),
  date('consent_date', 'enrollment', 'Date of consent'),
  { name: 'gender', form: 'enrollment', type: 'dropdown', label: 'Gender', choices: listChoices(GENDERS) },
  {
    name: 'race_ethnicity',
    form: 'enrollment',
    type: 'dropdown',
    label: 'Race/ethnicity',
    choices: listChoices(RACE_ETHNICITY),
  },
  {
    name: 'language',
    form: 'enrollment',
    type: 'dropdown',
    label: 'Preferred language',
    choices: listChoices(LANGUAGES),
  },
  {
    name: 'participant_status',
    form: 'enrollment',
    type: 'dropdown',
    label: 'Status',
    choices: listChoices(PARTICIPANT_STATUSES),
  },
  date('withdrawal_date', 'enrollment', 'Date withdrawn'),
  { name: 'withdrawal_reason', form: 'enrollment', type: 'notes', label: 'Reason for withdrawal', freeText: true },

  {
    name: 'rand_arm',
    form: 'randomization',
    type: 'radio',
    label: 'Allocated arm',
    choices: [
      ['1', 'M-ROCC'],
      ['2', 'Recovery Support'],
    ],
  },
  date('rand_date', 'randomization', 'Date randomized'),

  ...Array.from({ length: 8 }, (_, i) => ({
    name: `promis_${i + 1}`,
    form: 'promis_anxiety',
    type: 'radio' as const,
    label: `PROMIS Anxiety 8a item ${i + 1}`,
    choices: PROMIS_SCALE,
  })),
  int('promis_raw', 'promis_anxiety', 'PROMIS raw score', 8, 40),
  {
    name: 'promis_t',
    form: 'promis_anxiety',
    type: 'text',
    label: 'PROMIS T-score',
    validation: 'number',
    min: '0',
    max: '100',
  },

  int('craving_now', 'weekly_survey', 'Craving: right now (0–10)', 0, 10),
  int('craving_cue', 'weekly_survey', 'Craving: when reminded, past week (0–10)', 0, 10),
  int('craving_likelihood', 'weekly_survey', 'Craving: likelihood of use, past week (0–10)', 0, 10),
  {
    name: 'craving_score',
    form: 'weekly_survey',
    type: 'text',
    label: 'Opioid Craving Scale score (mean of 3 items)',
    validation: 'number',
    min: '0',
    max: '10',
  },
  { name: 'used_opioids', form: 'weekly_survey', type: 'yesno', label: 'Used non-prescribed opioids, past 7 days' },
  {
    name: 'other_substances',
    form: 'weekly_survey',
    type: 'checkbox',
    label: 'Other substances used, past 7 days',
    choices: OTHER_SUBSTANCES.map((s, i) => [String(i + 1), s.label] as const),
  },
  {
    name: 'survey_language',
    form: 'weekly_survey',
    type: 'radio',
    label: 'Language the survey was shown in',
    choices: [
      ['1', 'English'],
      ['2', 'Spanish'],
    ],
  },
  date('survey_date', 'weekly_survey', 'Date submitted'),

  {
    name: 'attendance_status',
    form: 'attendance',
    type: 'radio',
    label: 'Group session attendance',
    choices: ATTENDANCE_STATUSES.map((s, i) => [String(i + 1), s] as const),
  },

  { name: 'cont_eligible', form: 'continuation', type: 'yesno', label: 'Eligible for the continuation offer' },
  date('cont_offered_date', 'continuation', 'Date offered'),
  {
    name: 'cont_decision',
    form: 'continuation',
    type: 'radio',
    label: 'Decision',
    choices: DECISIONS.map((d, i) => [String(i + 1), d] as const),
  },
  {
    name: 'cont_reasons',
    form: 'continuation',
    type: 'checkbox',
    label: 'Reasons given',
    choices: DECISION_REASONS.map((r, i) => [String(i + 1), r.label] as const),
  },
  { name: 'cont_note', form: 'continuation', type: 'notes', label: 'Note', freeText: true },

  int('tox_period', 'toxicology', '2-week period (1 = weeks 1–2 … 12 = weeks 23–24)', 1, 12),
  date('tox_date', 'toxicology', 'Date collected'),
  { name: 'tox_panel', form: 'toxicology', type: 'text', label: 'Panel' },
  ...TOX_CLASSES.map((c) => ({
    name: `tox_${c}`,
    form: 'toxicology',
    type: 'radio' as const,
    label: `Result: ${c}`,
    choices: TOX_CHOICES,
  })),

  { name: 'ae_description', form: 'adverse_event', type: 'notes', label: 'Description', freeText: true },
  date('ae_onset_date', 'adverse_event', 'Onset date'),
  {
    name: 'ae_severity',
    form: 'adverse_event',
    type: 'radio',
    label: 'Severity',
    choices: AE_SEVERITY.map((s, i) => [String(i + 1), s] as const),
  },
  {
    name: 'ae_relatedness',
    form: 'adverse_event',
    type: 'radio',
    label: 'Relatedness',
    choices: AE_RELATEDNESS.map((s, i) => [String(i + 1), s] as const),
  },
  {
    name: 'ae_expectedness',
    form: 'adverse_event',
    type: 'radio',
    label: 'Expectedness',
    choices: AE_EXPECTEDNESS.map((s, i) => [String(i + 1), s] as const),
  },
  { name: 'ae_serious', form: 'adverse_event', type: 'yesno', label: 'Serious' },
  { name: 'ae_action', form: 'adverse_event', type: 'notes', label: 'Action taken', freeText: true },

  { name: 'practice_slug', form: 'practice_log', type: 'text', label: 'Practice guide' },
  date('practice_date', 'practice_log', 'Date practised'),
  int('practice_minutes', 'practice_log', 'Minutes', 0, 600),
]

/** The fields of the export: all, or without identifiers and free text when de-identified. */
export function redcapFields(deidentified: boolean): RedcapField[] {
  return deidentified ? REDCAP_FIELDS.filter((f) => !f.identifier && !f.freeText) : REDCAP_FIELDS
}

const choiceText = (c?: Choices) => (c ? c.map(([code, label]) => `${code}, ${label}`).join(' | ') : '')

export function dictionaryRows(fields: RedcapField[]): string[][] {
  return fields.map((f) => [
    f.name,
    f.form,
    '',
    f.type,
    f.label,
    choiceText(f.choices),
    f.note ?? '',
    f.validation ?? '',
    f.min ?? '',
    f.max ?? '',
    f.identifier ? 'y' : '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ])
}

export const EVENTS_HEADER = ['event_name', 'arm_num', 'day_offset', 'offset_min', 'offset_max', 'unique_event_name']
export function eventRows(): string[][] {
  return EVENT_NAMES.map((name, w) => [name, String(REDCAP_ARM.num), String(w * 7), '0', '0', uniqueEvent(w)])
}

export const ARMS_HEADER = ['arm_num', 'name']
export const armRows = () => [[String(REDCAP_ARM.num), REDCAP_ARM.name]]

export const MAPPING_HEADER = ['arm_num', 'unique_event_name', 'form']
export function mappingRows(): string[][] {
  const rows: string[][] = []
  for (let w = 0; w <= PROGRAMME_WEEKS; w++)
    for (const f of REDCAP_FORMS) if (f.weeks.includes(w)) rows.push([String(REDCAP_ARM.num), uniqueEvent(w), f.name])
  return rows
}

export const REPEATING_HEADER = ['event_name', 'form_name', 'custom_form_label']
export const repeatingRows = () =>
  REDCAP_FORMS.filter((f) => f.repeating)
    .map((f) => f.weeks.map((w) => [uniqueEvent(w), f.name, '']))
    .flat()

/** The records CSV's columns: the four keys, then each form's fields (checkboxes expanded) and `<form>_complete`. */
export function recordColumns(fields: RedcapField[]): string[] {
  const cols = ['record_id', 'redcap_event_name', 'redcap_repeat_instrument', 'redcap_repeat_instance']
  for (const form of REDCAP_FORMS) {
    for (const f of fields.filter((x) => x.form === form.name && x.name !== 'record_id')) {
      if (f.type === 'checkbox') for (const [code] of f.choices ?? []) cols.push(`${f.name}___${code}`)
      else cols.push(f.name)
    }
    cols.push(`${form.name}_complete`)
  }
  return cols
}

// ---------------------------------------------------------------------------------------------
// One participant's records

export type RedcapBundle = {
  studyId: string
  name: string | null
  contactEmail: string
  contactPhone: string | null
  cohortId: number
  consentedAt: string
  gender: string
  raceEthnicity: string
  language: string
  status: string
  withdrawnOn: string | null
  withdrawalReason: string | null
  arm: Arm | null
  randomizedOn: string | null
  promis: { week: number; items: number[]; raw: number; tScore: number }[]
  surveys: {
    week: number
    cravingNow: number
    cravingCue: number
    cravingLikelihood: number
    cravingScore: number
    usedOpioids: boolean
    otherSubstances: Record<string, boolean>
    language: string | null
    submittedOn: string
  }[]
  attendance: { week: number; status: string }[]
  decision: {
    eligible: boolean
    offeredOn: string | null
    decision: string
    reasons: string[]
    note: string | null
  } | null
  tox: { period: number; collectedOn: string; panel: string; results: Record<string, string> }[]
  adverseEvents: {
    description: string
    onsetDate: string
    severity: string
    relatedness: string
    expectedness: string
    serious: boolean
    actionTaken: string
  }[]
  practice: { practiceSlug: string; date: string; minutes: number }[]
}

type Row = Record<string, string>
const yn = (v: boolean | null | undefined) => (v == null ? '' : v ? '1' : '0')
/** A date or instant as YYYY-MM-DD (instants are converted by the caller, in the cohort's zone). */
const ymd = (v: string | null | undefined) => (v ? v.slice(0, 10) : '')
const num = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? '' : String(v))

/** Every row of one participant's record, in event order, repeating instruments last. */
export function participantRecords(p: RedcapBundle, fields: RedcapField[]): Row[] {
  const keep = new Set(fields.map((f) => f.name))
  const rows = new Map<number, Row>()
  const eventRow = (week: number) => {
    let r = rows.get(week)
    if (!r) {
      r = {
        record_id: p.studyId,
        redcap_event_name: uniqueEvent(week),
        redcap_repeat_instrument: '',
        redcap_repeat_instance: '',
      }
      rows.set(week, r)
    }
    return r
  }
  const put = (r: Row, values: Row, form: string) => {
    for (const [k, v] of Object.entries(values)) if (keep.has(k.split('___')[0])) r[k] = v
    r[`${form}_complete`] = '2'
  }
  const checkbox = (name: string, choices: readonly (readonly [string, string])[], ticked: (code: string) => boolean) =>
    Object.fromEntries(choices.map(([code]) => [`${name}___${code}`, ticked(code) ? '1' : '0']))

  put(
    eventRow(0),
    {
      participant_name: p.name ?? '',
      contact_email: p.contactEmail,
      contact_phone: p.contactPhone ?? '',
      cohort_id: String(p.cohortId),
      consent_date: ymd(p.consentedAt),
      gender: codeOf(GENDERS, p.gender),
      race_ethnicity: codeOf(RACE_ETHNICITY, p.raceEthnicity),
      language: codeOf(LANGUAGES, p.language),
      participant_status: codeOf(PARTICIPANT_STATUSES, p.status),
      withdrawal_date: ymd(p.withdrawnOn),
      withdrawal_reason: p.withdrawalReason ?? '',
    },
    'enrollment',
  )
  if (p.arm) put(eventRow(0), { rand_arm: ARM_CODES[p.arm], rand_date: ymd(p.randomizedOn) }, 'randomization')
  for (const r of p.promis) {
    if (!PROMIS_WEEKS.includes(r.week)) continue
    put(
      eventRow(r.week),
      {
        ...Object.fromEntries(r.items.map((v, i) => [`promis_${i + 1}`, String(v)])),
        promis_raw: String(r.raw),
        promis_t: num(r.tScore),
      },
      'promis_anxiety',
    )
  }
  for (const s of p.surveys) {
    if (s.week < 1 || s.week > PROGRAMME_WEEKS) continue
    put(
      eventRow(s.week),
      {
        craving_now: String(s.cravingNow),
        craving_cue: String(s.cravingCue),
        craving_likelihood: String(s.cravingLikelihood),
        craving_score: num(Math.round(s.cravingScore * 10000) / 10000),
        used_opioids: yn(s.usedOpioids),
        ...checkbox(
          'other_substances',
          OTHER_SUBSTANCES.map((x, i) => [String(i + 1), x.id] as const),
          (code) => s.otherSubstances?.[OTHER_SUBSTANCES[Number(code) - 1].id] === true,
        ),
        survey_language: strictCode(LOCALE_CODES, s.language),
        survey_date: ymd(s.submittedOn),
      },
      'weekly_survey',
    )
  }
  for (const a of p.attendance) {
    if (a.week < 1 || a.week > PROGRAMME_WEEKS) continue
    put(eventRow(a.week), { attendance_status: strictCode(ATTENDANCE_STATUSES, a.status) }, 'attendance')
  }
  if (p.decision) {
    const d = p.decision
    put(
      eventRow(8),
      {
        cont_eligible: yn(d.eligible),
        cont_offered_date: ymd(d.offeredOn),
        cont_decision: strictCode(DECISIONS, d.decision),
        ...checkbox(
          'cont_reasons',
          DECISION_REASONS.map((r, i) => [String(i + 1), r.id] as const),
          (code) => d.reasons.includes(DECISION_REASONS[Number(code) - 1].id),
        ),
        cont_note: d.note ?? '',
      },
      'continuation',
    )
  }
  const out = [...rows.entries()].sort(([a], [b]) => a - b).map(([, r]) => r)
  const repeat = (form: string, i: number, values: Row) => {
    const r: Row = {
      record_id: p.studyId,
      redcap_event_name: uniqueEvent(0),
      redcap_repeat_instrument: form,
      redcap_repeat_instance: String(i + 1),
    }
    put(r, values, form)
    out.push(r)
  }
  const toxCode = (v: string | undefined) => {
    const x = String(v ?? '')
      .trim()
      .toLowerCase()
    return x === 'negative' ? '0' : x === 'positive' ? '1' : ''
  }
  p.tox.forEach((t, i) =>
    repeat('toxicology', i, {
      tox_period: String(t.period),
      tox_date: ymd(t.collectedOn),
      tox_panel: t.panel,
      ...Object.fromEntries(TOX_CLASSES.map((c) => [`tox_${c}`, toxCode(t.results?.[c])])),
    }),
  )
  p.adverseEvents.forEach((e, i) =>
    repeat('adverse_event', i, {
      ae_description: e.description,
      ae_onset_date: ymd(e.onsetDate),
      ae_severity: strictCode(AE_SEVERITY, e.severity),
      ae_relatedness: strictCode(AE_RELATEDNESS, e.relatedness),
      ae_expectedness: strictCode(AE_EXPECTEDNESS, e.expectedness),
      ae_serious: yn(e.serious),
      ae_action: e.actionTaken,
    }),
  )
  p.practice.forEach((l, i) =>
    repeat('practice_log', i, {
      practice_slug: l.practiceSlug,
      practice_date: ymd(l.date),
      practice_minutes: String(l.minutes),
    }),
  )
  return out
}

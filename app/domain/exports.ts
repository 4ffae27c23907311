import { DECISION_REASONS } from './continuation'
import { OTHER_SUBSTANCES, TOX_CLASSES } from './instruments'
import type { ParticipantOutcome } from './outcomes-report'
import type { RedcapBundle } from './redcap'
import { trialSubgroup } from './reports'
import { PRIMARY_OUTCOME_PERIODS } from './schedule'

/**
 * The analysis-ready export (pure): long-format CSVs, one per instrument, plus one participant-
 * level outcomes file (the primary outcome per period), and a codebook describing every column.
 * Readable by Stata (`import delimited`) and R (`read.csv`) without edits: one header row of
 * lower-case names, comma-separated, UTF-8 without a byte-order mark, missing values empty,
 * yes/no as 1/0, dates YYYY-MM-DD. No names or contact details are ever in these files; the
 * de-identified option also drops every free-text column.
 */

export type Column<T> = {
  name: string
  description: string
  type: 'string' | 'integer' | 'number' | 'date' | 'binary' | 'code'
  values?: string
  freeText?: boolean
  get: (row: T) => string | number | boolean | null | undefined
}

export type AnalysisFile<T> = { file: string; description: string; columns: Column<T>[] }

type P = RedcapBundle
const b = (v: boolean | null | undefined) => (v == null ? '' : v ? 1 : 0)

const studyId = <T>(get: (r: T) => string): Column<T> => ({
  name: 'study_id',
  description: 'Study ID (the participant key in every file)',
  type: 'string',
  get,
})

export const PARTICIPANTS_FILE: AnalysisFile<P> = {
  file: 'participants.csv',
  description: 'One row per enrolled participant',
  columns: [
    studyId((p) => p.studyId),
    { name: 'cohort_id', description: 'Cohort number', type: 'integer', get: (p) => p.cohortId },
    {
      name: 'arm',
      description: 'Allocated arm (empty: not randomized)',
      type: 'code',
      values: 'mrocc; recovery_support',
      get: (p) => p.arm,
    },
    { name: 'randomized_on', description: 'Date randomized', type: 'date', get: (p) => p.randomizedOn?.slice(0, 10) },
    { name: 'consented_on', description: 'Date of consent', type: 'date', get: (p) => p.consentedAt.slice(0, 10) },
    { name: 'gender', description: 'Gender (as recorded at enrolment)', type: 'string', get: (p) => p.gender },
    { name: 'race_ethnicity', description: 'Race/ethnicity', type: 'string', get: (p) => p.raceEthnicity },
    { name: 'language', description: 'Preferred language', type: 'string', get: (p) => p.language },
    {
      name: 'nhw_english',
      description: 'Trial subgroup: non-Hispanic White and English-speaking',
      type: 'binary',
      values: '1 = yes; 0 = no',
      get: (p) => (trialSubgroup(p) === 'Non-Hispanic White, English-speaking' ? 1 : 0),
    },
    {
      name: 'status',
      description: 'Participant status',
      type: 'code',
      values: 'enrolled; active; withdrawn; completed',
      get: (p) => p.status,
    },
    { name: 'withdrawn_on', description: 'Date withdrawn', type: 'date', get: (p) => p.withdrawnOn },
    {
      name: 'withdrawal_reason',
      description: 'Reason for withdrawal (free text)',
      type: 'string',
      freeText: true,
      get: (p) => p.withdrawalReason,
    },
  ],
}

type Survey = P['surveys'][number] & { studyId: string }
export const SURVEYS_FILE: AnalysisFile<Survey> = {
  file: 'weekly_surveys.csv',
  description: 'One row per weekly check-in survey (participant × week)',
  columns: [
    studyId((r) => r.studyId),
    { name: 'week', description: 'Programme week (1–24)', type: 'integer', get: (r) => r.week },
    { name: 'craving_now', description: 'Craving right now (0–10)', type: 'integer', get: (r) => r.cravingNow },
    { name: 'craving_cue', description: 'Craving when reminded (0–10)', type: 'integer', get: (r) => r.cravingCue },
    {
      name: 'craving_likelihood',
      description: 'Likelihood of use (0–10)',
      type: 'integer',
      get: (r) => r.cravingLikelihood,
    },
    {
      name: 'craving_score',
      description: 'Opioid Craving Scale score: mean of the 3 items',
      type: 'number',
      get: (r) => Math.round(r.cravingScore * 10000) / 10000,
    },
    {
      name: 'used_opioids',
      description: 'Used non-prescribed opioids, past 7 days',
      type: 'binary',
      values: '1 = yes; 0 = no',
      get: (r) => b(r.usedOpioids),
    },
    ...OTHER_SUBSTANCES.map((s): Column<Survey> => ({
      name: `used_${s.id}`,
      description: `Used ${s.label.toLowerCase()}, past 7 days`,
      type: 'binary',
      values: '1 = yes; 0 = no; empty = not asked',
      get: (r) => b(r.otherSubstances?.[s.id]),
    })),
    { name: 'survey_language', description: 'Language shown', type: 'code', values: 'en; es', get: (r) => r.language },
    { name: 'submitted_on', description: 'Date submitted (cohort time zone)', type: 'date', get: (r) => r.submittedOn },
  ],
}

type Promis = P['promis'][number] & { studyId: string }
export const PROMIS_FILE: AnalysisFile<Promis> = {
  file: 'promis_anxiety.csv',
  description: 'One row per PROMIS Anxiety 8a (participant × week 0, 8, 16, 24)',
  columns: [
    studyId((r) => r.studyId),
    { name: 'week', description: 'Programme week (0, 8, 16, 24)', type: 'integer', get: (r) => r.week },
    ...Array.from({ length: 8 }, (_, i): Column<Promis> => ({
      name: `item_${i + 1}`,
      description: `Item ${i + 1}`,
      type: 'integer',
      values: '1 = never … 5 = always',
      get: (r) => r.items[i],
    })),
    { name: 'raw', description: 'Raw score (8–40)', type: 'integer', get: (r) => r.raw },
    { name: 't_score', description: 'T-score (published conversion table)', type: 'number', get: (r) => r.tScore },
  ],
}

type Tox = P['tox'][number] & { studyId: string }
export const TOX_FILE: AnalysisFile<Tox> = {
  file: 'toxicology.csv',
  description: 'One row per oral toxicology test',
  columns: [
    studyId((r) => r.studyId),
    {
      name: 'period',
      description: '2-week period (1 = weeks 1–2 … 12 = weeks 23–24)',
      type: 'integer',
      get: (r) => r.period,
    },
    { name: 'collected_on', description: 'Date collected', type: 'date', get: (r) => r.collectedOn },
    { name: 'panel', description: 'Panel', type: 'string', get: (r) => r.panel },
    ...TOX_CLASSES.map((c): Column<Tox> => ({
      name: `tox_${c}`,
      description: `Result for ${c}`,
      type: 'binary',
      values: '1 = positive; 0 = negative; empty = not reported or invalid',
      get: (r) => {
        const v = String(r.results?.[c] ?? '')
          .trim()
          .toLowerCase()
        return v === 'positive' ? 1 : v === 'negative' ? 0 : ''
      },
    })),
  ],
}

type Attendance = P['attendance'][number] & { studyId: string }
export const ATTENDANCE_FILE: AnalysisFile<Attendance> = {
  file: 'attendance.csv',
  description: 'One row per participant × held group session',
  columns: [
    studyId((r) => r.studyId),
    { name: 'week', description: 'Programme week (1–24)', type: 'integer', get: (r) => r.week },
    {
      name: 'status',
      description: 'Attendance',
      type: 'code',
      values: 'present; late; excused; absent',
      get: (r) => r.status,
    },
  ],
}

type Ae = P['adverseEvents'][number] & { studyId: string }
export const AE_FILE: AnalysisFile<Ae> = {
  file: 'adverse_events.csv',
  description: 'One row per adverse event',
  columns: [
    studyId((r) => r.studyId),
    { name: 'onset_date', description: 'Onset date', type: 'date', get: (r) => r.onsetDate },
    {
      name: 'severity',
      description: 'Severity',
      type: 'code',
      values: 'mild; moderate; severe',
      get: (r) => r.severity,
    },
    {
      name: 'relatedness',
      description: 'Relatedness to the programme',
      type: 'code',
      values: 'not_related; unlikely; possibly; probably; definitely',
      get: (r) => r.relatedness,
    },
    {
      name: 'expectedness',
      description: 'Expectedness',
      type: 'code',
      values: 'expected; unexpected',
      get: (r) => r.expectedness,
    },
    { name: 'serious', description: 'Serious', type: 'binary', values: '1 = yes; 0 = no', get: (r) => b(r.serious) },
    {
      name: 'description',
      description: 'Description (free text)',
      type: 'string',
      freeText: true,
      get: (r) => r.description,
    },
    {
      name: 'action_taken',
      description: 'Action taken (free text)',
      type: 'string',
      freeText: true,
      get: (r) => r.actionTaken,
    },
  ],
}

type Practice = P['practice'][number] & { studyId: string }
export const PRACTICE_FILE: AnalysisFile<Practice> = {
  file: 'practice_logs.csv',
  description: 'One row per home-practice log entry',
  columns: [
    studyId((r) => r.studyId),
    { name: 'date', description: 'Date practised', type: 'date', get: (r) => r.date },
    { name: 'practice', description: 'Practice guide (slug)', type: 'string', get: (r) => r.practiceSlug },
    { name: 'minutes', description: 'Minutes', type: 'integer', get: (r) => r.minutes },
  ],
}

type Decision = NonNullable<P['decision']> & { studyId: string }
export const DECISIONS_FILE: AnalysisFile<Decision> = {
  file: 'continuation_decisions.csv',
  description: 'One row per recorded week-8 continuation decision',
  columns: [
    studyId((r) => r.studyId),
    {
      name: 'eligible',
      description: 'Eligible for the offer',
      type: 'binary',
      values: '1 = yes; 0 = no',
      get: (r) => b(r.eligible),
    },
    { name: 'offered_on', description: 'Date offered', type: 'date', get: (r) => r.offeredOn },
    {
      name: 'decision',
      description: 'Decision',
      type: 'code',
      values: 'continue; decline; undecided',
      get: (r) => r.decision,
    },
    ...DECISION_REASONS.map((x): Column<Decision> => ({
      name: `reason_${x.id.replace(/-/g, '_')}`,
      description: `Reason given: ${x.label}`,
      type: 'binary',
      values: '1 = given; 0 = not given',
      get: (r) => (r.reasons.includes(x.id) ? 1 : 0),
    })),
    { name: 'note', description: 'Note (free text)', type: 'string', freeText: true, get: (r) => r.note },
  ],
}

const periodCols = (key: 'opioids' | 'benzodiazepines' | 'cocaine', prefix: string, what: string) => [
  {
    name: `${prefix}_abstinent`,
    description: `${what}: abstinent periods in weeks 13–24 (of 6)`,
    type: 'integer' as const,
    get: (r: ParticipantOutcome) => r[key].counts.abstinent,
  },
  {
    name: `${prefix}_nonabstinent`,
    description: `${what}: non-abstinent periods in weeks 13–24`,
    type: 'integer' as const,
    get: (r: ParticipantOutcome) => r[key].counts.nonAbstinent,
  },
  {
    name: `${prefix}_missing`,
    description: `${what}: missing periods in weeks 13–24 (never counted as abstinent)`,
    type: 'integer' as const,
    get: (r: ParticipantOutcome) => r[key].counts.missing,
  },
  {
    name: `${prefix}_pending`,
    description: `${what}: periods not yet over (0 once the cohort has finished)`,
    type: 'integer' as const,
    get: (r: ParticipantOutcome) => r[key].counts.pending,
  },
  ...PRIMARY_OUTCOME_PERIODS.map((period) => ({
    name: `${prefix}_p${period}`,
    description: `${what}: period ${period} (weeks ${period * 2 - 1}–${period * 2})`,
    type: 'code' as const,
    values: 'abstinent; non_abstinent; missing; pending',
    get: (r: ParticipantOutcome) => r[key].periods.find((p) => p.period === period)?.status,
  })),
]

export const OUTCOMES_FILE: AnalysisFile<ParticipantOutcome> = {
  file: 'outcomes.csv',
  description:
    'One row per randomized participant: the primary outcome (illicit opioids) and the secondary outcomes per 2-week period (ADR 010), craving, anxiety, adherence and continuation',
  columns: [
    studyId((r) => r.studyId),
    { name: 'arm', description: 'Allocated arm', type: 'code', values: 'mrocc; recovery_support', get: (r) => r.arm },
    {
      name: 'withdrawn_week',
      description: 'Programme week of withdrawal (empty: did not withdraw)',
      type: 'integer',
      get: (r) => r.withdrawnWeek,
    },
    ...periodCols('opioids', 'opioid', 'Illicit opioids (primary)'),
    ...periodCols('benzodiazepines', 'benzo', 'Benzodiazepines'),
    ...periodCols('cocaine', 'cocaine', 'Cocaine'),
    {
      name: 'craving_baseline',
      description: 'Craving score at baseline (week 0, else week 1)',
      type: 'number',
      get: (r) => r.craving.baseline,
    },
    {
      name: 'craving_mean_change',
      description: 'Mean craving score after baseline minus baseline',
      type: 'number',
      get: (r) => r.craving.meanChange,
    },
    {
      name: 'craving_change_w24',
      description: 'Week-24 craving score minus baseline',
      type: 'number',
      get: (r) => r.craving.week24Change,
    },
    ...[0, 8, 16, 24].map((w) => ({
      name: `promis_t_w${w}`,
      description: `PROMIS Anxiety T-score, week ${w}`,
      type: 'number' as const,
      get: (r: ParticipantOutcome) => r.anxiety.t[w],
    })),
    {
      name: 'anxiety_elevated',
      description: 'Baseline PROMIS T > 55 (the trial’s anxiety sample)',
      type: 'binary',
      values: '1 = yes; 0 = no; empty = no baseline',
      get: (r) => b(r.anxiety.elevatedBaseline),
    },
    {
      name: 'sessions_attended',
      description: 'Group sessions attended (present or late), of 24',
      type: 'integer',
      get: (r) => r.attended,
    },
    {
      name: 'adherent',
      description: 'Attended at least 15 of 24',
      type: 'binary',
      values: '1 = yes; 0 = no',
      get: (r) => b(r.adherent),
    },
    {
      name: 'continuation',
      description: 'Week-8 continuation outcome',
      type: 'code',
      values: 'continue; decline; undecided; not_eligible; not_offered; no_record',
      get: (r) => r.continuation,
    },
  ],
}

export const ANALYSIS_FILES = [
  PARTICIPANTS_FILE,
  SURVEYS_FILE,
  PROMIS_FILE,
  TOX_FILE,
  ATTENDANCE_FILE,
  AE_FILE,
  PRACTICE_FILE,
  DECISIONS_FILE,
  OUTCOMES_FILE,
] as const

export function columnsOf<T>(f: AnalysisFile<T>, deidentified: boolean): Column<T>[] {
  return deidentified ? f.columns.filter((c) => !c.freeText) : f.columns
}

/** A row as CSV cells: empty for missing, numbers and codes as they are. */
export function cells<T>(columns: Column<T>[], row: T): string[] {
  return columns.map((c) => {
    const v = c.get(row)
    if (v == null || v === '') return ''
    if (typeof v === 'boolean') return v ? '1' : '0'
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
    return v
  })
}

export const CODEBOOK_HEADER = ['file', 'variable', 'type', 'description', 'values']
export function codebookRows(deidentified: boolean): string[][] {
  return ANALYSIS_FILES.flatMap((f) =>
    (columnsOf(f as AnalysisFile<unknown>, deidentified) as Column<unknown>[]).map((c) => [
      f.file,
      c.name,
      c.type,
      c.description,
      c.values ?? '',
    ]),
  )
}

export const EXPORT_KINDS = ['redcap', 'analysis'] as const
export type ExportKind = (typeof EXPORT_KINDS)[number]

/** The download's query string: which export, and whether de-identified. */
export const exportQuery = (kind: ExportKind, deidentified: boolean) =>
  new URLSearchParams({ kind, deidentified: deidentified ? '1' : '0' }).toString()

/** Reads the download's query back; null when it is not one `exportQuery` makes. */
export function parseExportQuery(params: URLSearchParams): { kind: ExportKind; deidentified: boolean } | null {
  const kind = params.get('kind')
  const de = params.get('deidentified')
  if (!EXPORT_KINDS.includes(kind as ExportKind) || (de !== '0' && de !== '1')) return null
  return { kind: kind as ExportKind, deidentified: de === '1' }
}

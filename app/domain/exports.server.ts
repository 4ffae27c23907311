import { stringify } from 'csv-stringify/sync'
import { and, asc, count, eq, gt, inArray } from 'drizzle-orm'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'
import {
  AUDIT_WITHDRAWAL,
  adverseEvents,
  allocationSequence,
  attendance,
  auditLog,
  cohortSchedule,
  cohorts,
  continuationDecisions,
  groups,
  meetings,
  participants,
  practiceLogs,
  promisAnxiety,
  toxResults,
  users,
  weeklySurveys,
} from '#db/schema'
import { getDb } from '~/db.server'
import {
  ANALYSIS_FILES,
  cells,
  CODEBOOK_HEADER,
  codebookRows,
  columnsOf,
  OUTCOMES_FILE,
  PARTICIPANTS_FILE,
  type AnalysisFile,
  type Column,
  type ExportKind,
} from './exports'
import { participantOutcomes, type OutcomeTables } from './outcomes-report'
import {
  ARMS_HEADER,
  armRows,
  dictionaryRows,
  eventRows,
  EVENTS_HEADER,
  MAPPING_HEADER,
  mappingRows,
  participantRecords,
  recordColumns,
  redcapFields,
  REDCAP_DICTIONARY_HEADER,
  REPEATING_HEADER,
  repeatingRows,
  type RedcapBundle,
} from './redcap'
import { localDate, type CohortSchedule } from './schedule'
import { zipStream, type ZipEntry } from './zip'

/**
 * Exports, streamed: participants are read in chunks of CHUNK (keyset on id), each chunk with one
 * query per table, and written out before the next is read, so memory stays bounded whatever
 * the size of the programme. Rules and shapes are in redcap.ts and exports.ts (pure).
 */
export const CHUNK = 250

export type Bundle = RedcapBundle & {
  id: number
  cohortName: string
  schedule: CohortSchedule
  withdrawnAt: string | null
}

/** Participant ids in chunks, in id order. */
function* idChunks(size = CHUNK): Generator<number[]> {
  let after = 0
  for (;;) {
    const ids = getDb()
      .select({ id: participants.id })
      .from(participants)
      .where(gt(participants.id, after))
      .orderBy(asc(participants.id))
      .limit(size)
      .all()
      .map((r) => r.id)
    if (!ids.length) return
    yield ids
    after = ids[ids.length - 1]
  }
}

const groupBy = <T extends { participantId: number }>(rows: T[]) => {
  const m = new Map<number, T[]>()
  for (const r of rows) (m.get(r.participantId) ?? m.set(r.participantId, []).get(r.participantId)!).push(r)
  return m
}

/** Everything exported about a set of participants: one query per table. */
export function loadChunk(ids: number[]): { bundles: Bundle[]; tables: OutcomeTables } {
  const db = getDb()
  const people = db
    .select({
      id: participants.id,
      studyId: participants.studyId,
      name: users.name,
      contactEmail: participants.contactEmail,
      contactPhone: participants.contactPhone,
      cohortId: participants.cohortId,
      cohortName: cohorts.name,
      schedule: cohortSchedule,
      consentedAt: participants.consentedAt,
      gender: participants.gender,
      raceEthnicity: participants.raceEthnicity,
      language: participants.language,
      status: participants.status,
      withdrawnAt: participants.withdrawnAt,
      arm: groups.arm,
      randomizedAt: allocationSequence.usedAt,
    })
    .from(participants)
    .innerJoin(cohorts, eq(cohorts.id, participants.cohortId))
    .leftJoin(users, eq(users.id, participants.userId))
    .leftJoin(groups, eq(groups.id, participants.groupId))
    .leftJoin(allocationSequence, eq(allocationSequence.usedBy, participants.id))
    .where(inArray(participants.id, ids))
    .orderBy(asc(participants.id))
    .all()
  const surveys = db
    .select()
    .from(weeklySurveys)
    .where(inArray(weeklySurveys.participantId, ids))
    .orderBy(asc(weeklySurveys.participantId), asc(weeklySurveys.week))
    .all()
  const promis = db
    .select()
    .from(promisAnxiety)
    .where(inArray(promisAnxiety.participantId, ids))
    .orderBy(asc(promisAnxiety.participantId), asc(promisAnxiety.week))
    .all()
  const att = db
    .select({ participantId: attendance.participantId, week: meetings.week, status: attendance.status })
    .from(attendance)
    .innerJoin(meetings, eq(meetings.id, attendance.meetingId))
    .where(inArray(attendance.participantId, ids))
    .orderBy(asc(attendance.participantId), asc(meetings.week))
    .all()
  const decisions = db
    .select()
    .from(continuationDecisions)
    .where(inArray(continuationDecisions.participantId, ids))
    .all()
  const tox = db
    .select()
    .from(toxResults)
    .where(inArray(toxResults.participantId, ids))
    .orderBy(asc(toxResults.participantId), asc(toxResults.period), asc(toxResults.collectedOn), asc(toxResults.id))
    .all()
  const aes = db
    .select()
    .from(adverseEvents)
    .where(inArray(adverseEvents.participantId, ids))
    .orderBy(asc(adverseEvents.participantId), asc(adverseEvents.onsetDate), asc(adverseEvents.id))
    .all()
  const practice = db
    .select()
    .from(practiceLogs)
    .where(inArray(practiceLogs.participantId, ids))
    .orderBy(asc(practiceLogs.participantId), asc(practiceLogs.date), asc(practiceLogs.id))
    .all()
  // The withdrawal reason is recorded with the withdrawal, in the audit log (withdrawParticipant).
  const reasons = new Map<number, string | null>()
  for (const r of db
    .select({ participantId: auditLog.participantId, detail: auditLog.detail })
    .from(auditLog)
    .where(and(AUDIT_WITHDRAWAL, inArray(auditLog.participantId, ids)))
    .orderBy(asc(auditLog.id))
    .all())
    if (r.participantId !== null) reasons.set(r.participantId, r.detail)

  const bySurvey = groupBy(surveys)
  const byPromis = groupBy(promis)
  const byAtt = groupBy(att)
  const byTox = groupBy(tox)
  const byAe = groupBy(aes)
  const byPractice = groupBy(practice)
  const byDecision = new Map(decisions.map((d) => [d.participantId, d]))
  const day = (instant: string | null, tz: string) => (instant ? localDate(new Date(instant), tz) : null)

  const bundles: Bundle[] = people.map((p) => {
    const tz = p.schedule.timeZone
    const d = byDecision.get(p.id)
    return {
      id: p.id,
      cohortName: p.cohortName,
      schedule: p.schedule,
      withdrawnAt: p.withdrawnAt,
      studyId: p.studyId,
      name: p.name,
      contactEmail: p.contactEmail,
      contactPhone: p.contactPhone,
      cohortId: p.cohortId,
      consentedAt: p.consentedAt,
      gender: p.gender,
      raceEthnicity: p.raceEthnicity,
      language: p.language,
      status: p.status,
      withdrawnOn: day(p.withdrawnAt, tz),
      withdrawalReason: reasons.get(p.id) ?? null,
      arm: p.arm,
      randomizedOn: day(p.randomizedAt, tz),
      promis: (byPromis.get(p.id) ?? []).map((r) => ({ week: r.week, items: r.items, raw: r.raw, tScore: r.tScore })),
      surveys: (bySurvey.get(p.id) ?? []).map((s) => ({
        week: s.week,
        cravingNow: s.cravingNow,
        cravingCue: s.cravingCue,
        cravingLikelihood: s.cravingLikelihood,
        cravingScore: s.cravingScore,
        usedOpioids: s.usedOpioids,
        otherSubstances: s.otherSubstances,
        language: s.language,
        submittedOn: day(s.submittedAt, tz)!,
      })),
      attendance: (byAtt.get(p.id) ?? []).map((a) => ({ week: a.week, status: a.status })),
      decision: d
        ? {
            eligible: d.eligible,
            offeredOn: d.offeredAt ? d.offeredAt.slice(0, 10) : null,
            decision: d.decision,
            reasons: d.reasons,
            note: d.note,
          }
        : null,
      tox: (byTox.get(p.id) ?? []).map((t) => ({
        period: t.period,
        collectedOn: t.collectedOn,
        panel: t.panel,
        results: t.results,
      })),
      adverseEvents: (byAe.get(p.id) ?? []).map((e) => ({
        description: e.description,
        onsetDate: e.onsetDate,
        severity: e.severity,
        relatedness: e.relatedness,
        expectedness: e.expectedness,
        serious: e.serious,
        actionTaken: e.actionTaken,
      })),
      practice: (byPractice.get(p.id) ?? []).map((l) => ({
        practiceSlug: l.practiceSlug,
        date: l.date,
        minutes: l.minutes,
      })),
    }
  })
  const tables: OutcomeTables = {
    people: bundles
      .filter((p) => p.arm !== null)
      .map((p) => {
        const d = byDecision.get(p.id)
        return {
          id: p.id,
          studyId: p.studyId,
          cohortId: p.cohortId,
          cohortName: p.cohortName,
          arm: p.arm!,
          schedule: p.schedule,
          withdrawnAt: p.withdrawnAt,
          status: p.status,
          decision: d ? { eligible: d.eligible, offeredAt: d.offeredAt, decision: d.decision } : null,
        }
      }),
    surveys: surveys.map((s) => ({
      participantId: s.participantId,
      week: s.week,
      usedOpioids: s.usedOpioids,
      otherSubstances: s.otherSubstances,
      cravingScore: s.cravingScore,
    })),
    tox: tox.map((t) => ({ participantId: t.participantId, period: t.period, results: t.results })),
    promis: promis.map((r) => ({ participantId: r.participantId, week: r.week, tScore: r.tScore })),
    attendance: att,
  }
  return { bundles, tables }
}

const csv = (rows: (string | number)[][]) => stringify(rows, { record_delimiter: 'unix' })

function* records(deidentified: boolean, chunk: number): Generator<string> {
  const fields = redcapFields(deidentified)
  const columns = recordColumns(fields)
  yield csv([columns])
  for (const ids of idChunks(chunk)) {
    const { bundles } = loadChunk(ids)
    const rows = bundles.flatMap((b) => participantRecords(b, fields)).map((r) => columns.map((c) => r[c] ?? ''))
    if (rows.length) yield csv(rows)
  }
}

/** The REDCap-ready zip's files (each produced only when the zip reaches it). */
export function redcapEntries(deidentified: boolean, chunk = CHUNK): ZipEntry[] {
  return [
    {
      name: 'data_dictionary.csv',
      content: (function* () {
        yield csv([[...REDCAP_DICTIONARY_HEADER], ...dictionaryRows(redcapFields(deidentified))])
      })(),
    },
    { name: 'arms.csv', content: [csv([ARMS_HEADER, ...armRows()])] },
    { name: 'events.csv', content: [csv([EVENTS_HEADER, ...eventRows()])] },
    { name: 'event_form_mappings.csv', content: [csv([MAPPING_HEADER, ...mappingRows()])] },
    { name: 'repeating_instruments.csv', content: [csv([REPEATING_HEADER, ...repeatingRows()])] },
    { name: 'records.csv', content: records(deidentified, chunk) },
  ]
}

function* analysisFile<T>(
  file: AnalysisFile<T>,
  deidentified: boolean,
  rowsOf: (chunk: ReturnType<typeof loadChunk>) => T[],
  chunk = CHUNK,
): Generator<string> {
  const columns = columnsOf(file, deidentified) as Column<T>[]
  yield csv([columns.map((c) => c.name)])
  for (const ids of idChunks(chunk)) {
    const rows = rowsOf(loadChunk(ids)).map((r) => cells(columns, r))
    if (rows.length) yield csv(rows)
  }
}

const withId = <T>(studyId: string, rows: T[]) => rows.map((r) => ({ ...r, studyId }))

/** The analysis-ready zip's files: one per instrument, the outcomes file, and the codebook. */
export function analysisEntries(deidentified: boolean, now = new Date(), chunk = CHUNK): ZipEntry[] {
  const [, surveys, promis, tox, att, aes, practice, decisions] = ANALYSIS_FILES
  const entry = <T>(file: AnalysisFile<T>, rowsOf: (c: ReturnType<typeof loadChunk>) => T[]): ZipEntry => ({
    name: file.file,
    content: analysisFile(file, deidentified, rowsOf, chunk),
  })
  const each =
    <T>(pick: (b: Bundle) => T[]) =>
    (c: ReturnType<typeof loadChunk>) =>
      c.bundles.flatMap((b) => withId(b.studyId, pick(b)))
  return [
    { name: 'codebook.csv', content: [csv([CODEBOOK_HEADER, ...codebookRows(deidentified)])] },
    entry(PARTICIPANTS_FILE, (c) => c.bundles),
    entry(
      surveys,
      each((b) => b.surveys),
    ),
    entry(
      promis,
      each((b) => b.promis),
    ),
    entry(
      tox,
      each((b) => b.tox),
    ),
    entry(
      att,
      each((b) => b.attendance),
    ),
    entry(
      aes,
      each((b) => b.adverseEvents),
    ),
    entry(
      practice,
      each((b) => b.practice),
    ),
    entry(
      decisions,
      each((b) => (b.decision ? [b.decision] : [])),
    ),
    entry(OUTCOMES_FILE, (c) => participantOutcomes(c.tables, now)),
  ]
}

export function exportStream(kind: ExportKind, deidentified: boolean, now = new Date(), chunk = CHUNK) {
  return zipStream(
    kind === 'redcap' ? redcapEntries(deidentified, chunk) : analysisEntries(deidentified, now, chunk),
    now,
  )
}

/** Row counts per table, for the export page (one count query each). */
export function exportCounts() {
  const db = getDb()
  const n = (table: SQLiteTable) => db.select({ n: count() }).from(table).get()!.n
  return {
    participants: n(participants),
    randomized: db
      .select({ n: count() })
      .from(participants)
      .innerJoin(groups, eq(groups.id, participants.groupId))
      .get()!.n,
    weeklySurveys: n(weeklySurveys),
    promis: n(promisAnxiety),
    attendance: n(attendance),
    tox: n(toxResults),
    adverseEvents: n(adverseEvents),
    practiceLogs: n(practiceLogs),
    decisions: n(continuationDecisions),
  }
}

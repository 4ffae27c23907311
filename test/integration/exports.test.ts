import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { desc, eq } from 'drizzle-orm'
import {
  adverseEvents,
  auditLog,
  groups,
  participants,
  practiceLogs,
  promisAnxiety,
  toxResults,
  weeklySurveys,
} from '#db/schema'
import { getDb } from '~/db.server'
import { isCalendarDate } from '~/domain/calendar-date'
import { recordDecision } from '~/domain/decisions.server'
import { substancesUsed, toxPanel, TOX_CLASSES } from '~/domain/instruments'
import { recordAdverseEvent } from '~/domain/adverse-events.server'
import { recordToxResult, submitPromis, submitWeeklySurvey } from '~/domain/measures.server'
import { saveMeeting } from '~/domain/meetings.server'
import { addPractice } from '~/domain/practice-log.server'
import { exportStream } from '~/domain/exports.server'
import { REDCAP_DICTIONARY_HEADER } from '~/domain/redcap'
import { meetingInstant } from '~/domain/schedule'
import * as route from '~/routes/data.exports'
import * as download from '~/routes/data.exports.download'
import { csvObjects, parseCsv } from '../support/csv'
import { createTestCohort, createUser, enrolTestParticipant, participantUser, requestAs } from '../support/factories'
import { post } from './route-helpers'

/**
 * The exports, read back the way REDCap and an analyst would: unzip, parse every CSV with an
 * RFC 4180 parser, check REDCap's own import rules, and compare the values with the database.
 */

const schedule = { startDate: '2026-01-06', weekday: 2, startTime: '18:00', timeZone: 'America/New_York' }
let dataManager: { id: number }
let dir: string
let ids: number[]
const TRICKY = 'Fell, hurt wrist; said "it was the stairs"\nseen in clinic'

async function exportZip(form: Record<string, string>) {
  // The page checks the choice and sends the browser to the download (a resource route).
  const chosen = await post(route, dataManager, '/data/exports', {}, form)
  expect(chosen.status).toBe(302)
  const request = await requestAs(dataManager, chosen.location!)
  const res = (await download.loader({ request, params: {}, context: {} })) as Response
  expect(res.status).toBe(200)
  expect(res.headers.get('Content-Type')).toBe('application/zip')
  const file = path.join(dir, `${form.kind}-${form.deidentified ?? 'full'}.zip`)
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()))
  expect(execFileSync('unzip', ['-t', file]).toString()).toContain('No errors detected')
  return (name: string) => execFileSync('unzip', ['-p', file, name]).toString('utf8')
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-test-'))
  const coordinator = await createUser('coordinator')
  const lead = await createUser('facilitator')
  dataManager = await createUser('data_manager')
  const cohortId = createTestCohort({
    actorId: coordinator.id,
    facilitators: { mrocc: [lead.id], recovery_support: [lead.id] },
    startDate: schedule.startDate,
    weekday: 2,
  })
  ids = [0, 1, 2, 3].map(() => enrolTestParticipant(cohortId, coordinator.id).id)
  const unrandomized = enrolTestParticipant(cohortId, coordinator.id, false).id
  ids.push(unrandomized)
  await participantUser(ids[0])
  for (const [i, id] of ids.slice(0, 4).entries()) {
    submitPromis(
      id,
      0,
      [1, 2, 3, 4, 5, 1, 2, 3].map((v) => ((v + i) % 5) + 1),
      'en',
    )
    for (const w of [1, 2, 13, 14, 24])
      submitWeeklySurvey(id, {
        week: w,
        craving: [i, w % 11, 10 - i],
        usedOpioids: w === 13 && i === 1,
        otherSubstances: substancesUsed(w === 2 ? ['cocaine', 'alcohol'] : []),
        language: i % 2 ? 'es' : 'en',
      })
    recordToxResult(
      id,
      {
        collectedOn: '2026-03-31',
        panel: 'oral-8',
        results: toxPanel(
          TOX_CLASSES.map((c) => (c === 'buprenorphine' || (c === 'cocaine' && i === 2) ? 'positive' : 'negative')),
        ),
      },
      coordinator.id,
    )
    recordToxResult(
      id,
      { collectedOn: '2026-04-14', panel: 'oral-8', results: toxPanel(TOX_CLASSES.map(() => 'negative')) },
      coordinator.id,
    )
    addPractice(id, { practiceSlug: 'urge-surfing', date: '2026-02-01', minutes: 10 + i })
  }
  recordAdverseEvent(
    ids[0],
    {
      description: TRICKY,
      onsetDate: '2026-02-10',
      severity: 'moderate',
      relatedness: 'unlikely',
      expectedness: 'unexpected',
      serious: false,
      actionTaken: 'Referred, followed up',
    },
    coordinator.id,
  )
  const groupOfP = (id: number) =>
    getDb().select({ groupId: participants.groupId }).from(participants).where(eq(participants.id, id)).get()!.groupId!
  // one meeting per group and week (each saved once: a second save would need its version)
  const groupIds = [...new Set(ids.slice(0, 4).map(groupOfP))]
  for (const groupId of groupIds)
    for (const week of [1, 2])
      saveMeeting(
        {
          version: 0,
          groupId,
          week,
          scheduledAt: meetingInstant(schedule, week).toISOString(),
          status: 'held',
          checkinMinutes: 30,
          groupMinutes: 60,
          notes: null,
          lesson: null,
          facilitatorIds: [lead.id],
          attendance: ids
            .slice(0, 4)
            .filter((p) => groupOfP(p) === groupId)
            .map((p) => ({ participantId: p, status: week === 2 && p === ids[1] ? 'late' : 'present', note: null })),
          fidelity: {},
        },
        lead.id,
      )
  recordDecision(
    {
      participantId: ids[0],
      eligible: true,
      offeredAt: '2026-02-24',
      decision: 'continue',
      reasons: ['finding-it-helpful', 'time-or-schedule'],
      note: 'Keen',
    },
    lead.id,
  )
})

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('REDCap-ready export', () => {
  test('follows REDCap’s import rules and round-trips the database values', async () => {
    const read = await exportZip({ kind: 'redcap' })
    // Data dictionary: REDCap's exact 18-column header.
    const dictRows = parseCsv(read('data_dictionary.csv'))
    expect(dictRows[0]).toEqual([...REDCAP_DICTIONARY_HEADER])
    const dict = csvObjects(read('data_dictionary.csv')).rows
    const field = new Map(dict.map((d) => [d['Variable / Field Name'], d]))
    expect(dict[0]['Variable / Field Name']).toBe('record_id')
    for (const f of ['participant_name', 'contact_email', 'contact_phone'])
      expect(field.get(f)!['Identifier?']).toBe('y')
    for (const d of dict) expect(d['Variable / Field Name']).toMatch(/^[a-z][a-z0-9_]*$/)

    // Events: one arm, week_0 … week_24, names that say nothing about allocation.
    const events = csvObjects(read('events.csv')).rows
    expect(events.map((e) => e.event_name)).toEqual(Array.from({ length: 25 }, (_, w) => `week_${w}`))
    expect(new Set(events.map((e) => e.arm_num))).toEqual(new Set(['1']))
    const eventNames = new Set(events.map((e) => e.unique_event_name))
    for (const e of eventNames) expect(e).not.toMatch(/mrocc|recovery|control|interven|arm_2/i)
    expect(csvObjects(read('arms.csv')).rows).toEqual([{ arm_num: '1', name: 'Study' }])

    const mappings = csvObjects(read('event_form_mappings.csv')).rows
    const forms = new Set(dict.map((d) => d['Form Name']))
    const mapped = new Set(mappings.map((m) => `${m.unique_event_name}|${m.form}`))
    for (const m of mappings) {
      expect(eventNames.has(m.unique_event_name)).toBe(true)
      expect(forms.has(m.form)).toBe(true)
    }
    const repeating = csvObjects(read('repeating_instruments.csv')).rows
    expect(repeating.map((r) => r.form_name).sort()).toEqual(['adverse_event', 'practice_log', 'toxicology'])

    // Records.
    const { header, rows } = csvObjects(read('records.csv'))
    expect(header.slice(0, 4)).toEqual([
      'record_id',
      'redcap_event_name',
      'redcap_repeat_instrument',
      'redcap_repeat_instance',
    ])
    const choices = (d: Record<string, string>) =>
      new Set(
        d['Choices, Calculations, OR Slider Labels']
          .split('|')
          .map((c) => c.trim().split(',')[0].trim())
          .filter(Boolean),
      )
    const formOfColumn = (col: string) => {
      if (col.endsWith('_complete') && forms.has(col.slice(0, -'_complete'.length))) return col.slice(0, -9)
      return field.get(col.split('___')[0])?.['Form Name']
    }
    for (const col of header.slice(4)) expect(formOfColumn(col), col).toBeDefined()
    const seen = new Set<string>()
    for (const r of rows) {
      expect(eventNames.has(r.redcap_event_name)).toBe(true)
      const key = `${r.record_id}|${r.redcap_event_name}|${r.redcap_repeat_instrument}|${r.redcap_repeat_instance}`
      expect(seen.has(key), `duplicate row ${key}`).toBe(false)
      seen.add(key)
      if (r.redcap_repeat_instrument) {
        expect(
          repeating.some((x) => x.form_name === r.redcap_repeat_instrument && x.event_name === r.redcap_event_name),
        ).toBe(true)
        expect(r.redcap_repeat_instance).toMatch(/^[1-9]\d*$/)
      } else expect(r.redcap_repeat_instance).toBe('')
      for (const col of header.slice(4)) {
        const v = r[col]
        if (v === '') continue
        const form = formOfColumn(col)!
        // A value only where its form is designated for the row's event.
        expect(mapped.has(`${r.redcap_event_name}|${form}`), `${col} on ${r.redcap_event_name}`).toBe(true)
        if (col.endsWith('_complete') && !field.has(col)) {
          expect(['0', '1', '2']).toContain(v)
          continue
        }
        const [name, code] = col.split('___')
        const d = field.get(name)!
        const type = d['Field Type']
        if (type === 'checkbox') {
          expect(choices(d).has(code), `${col} is not a choice`).toBe(true)
          expect(['0', '1']).toContain(v)
        } else if (type === 'yesno') expect(['0', '1']).toContain(v)
        else if (type === 'radio' || type === 'dropdown') expect(choices(d).has(v), `${col}=${v}`).toBe(true)
        const validation = d['Text Validation Type OR Show Slider Number']
        if (validation === 'date_ymd') expect(isCalendarDate(v), `${col}=${v}`).toBe(true)
        if (validation === 'integer') expect(v).toMatch(/^-?\d+$/)
        if (validation === 'number') expect(Number.isFinite(Number(v))).toBe(true)
        if (d['Text Validation Min'] !== '') expect(Number(v)).toBeGreaterThanOrEqual(Number(d['Text Validation Min']))
        if (d['Text Validation Max'] !== '') expect(Number(v)).toBeLessThanOrEqual(Number(d['Text Validation Max']))
      }
    }

    // Round trip: the database's values come back.
    const db = getDb()
    const people = db.select().from(participants).all()
    const byStudy = new Map(people.map((p) => [p.studyId, p]))
    expect(new Set(rows.map((r) => r.record_id))).toEqual(new Set(people.map((p) => p.studyId)))
    const row = (studyId: string, week: number, instrument = '', instance = '') =>
      rows.find(
        (r) =>
          r.record_id === studyId &&
          r.redcap_event_name === `week_${week}_arm_1` &&
          r.redcap_repeat_instrument === instrument &&
          r.redcap_repeat_instance === instance,
      )
    for (const p of people) {
      const base = row(p.studyId, 0)!
      expect(base.contact_email).toBe(p.contactEmail)
      expect(base.consent_date).toBe(p.consentedAt)
      expect(base.enrollment_complete).toBe('2')
      if (p.groupId) {
        const arm = db.select().from(groups).where(eq(groups.id, p.groupId)).get()!.arm
        expect(base.rand_arm).toBe(arm === 'mrocc' ? '1' : '2')
        expect(base.rand_date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      } else expect(base.rand_arm).toBe('')
    }
    for (const s of db.select().from(weeklySurveys).all()) {
      const studyId = people.find((p) => p.id === s.participantId)!.studyId
      const r = row(studyId, s.week)!
      expect([r.craving_now, r.craving_cue, r.craving_likelihood].map(Number)).toEqual([
        s.cravingNow,
        s.cravingCue,
        s.cravingLikelihood,
      ])
      expect(Number(r.craving_score)).toBeCloseTo(s.cravingScore, 4)
      expect(r.used_opioids).toBe(s.usedOpioids ? '1' : '0')
      expect(r.other_substances___2).toBe(s.otherSubstances.cocaine ? '1' : '0')
      expect(r.other_substances___4).toBe(s.otherSubstances.alcohol ? '1' : '0')
      expect(r.survey_language).toBe(s.language === 'es' ? '2' : '1')
      expect(r.weekly_survey_complete).toBe('2')
    }
    for (const pr of db.select().from(promisAnxiety).all()) {
      const r = row(people.find((p) => p.id === pr.participantId)!.studyId, pr.week)!
      expect(Array.from({ length: 8 }, (_, i) => Number(r[`promis_${i + 1}`]))).toEqual(pr.items)
      expect(Number(r.promis_t)).toBe(pr.tScore)
    }
    const toxByPerson = new Map<number, (typeof toxResults.$inferSelect)[]>()
    for (const t of db.select().from(toxResults).orderBy(toxResults.period).all())
      toxByPerson.set(t.participantId, [...(toxByPerson.get(t.participantId) ?? []), t])
    for (const [pid, tests] of toxByPerson)
      tests.forEach((t, i) => {
        const r = row(people.find((p) => p.id === pid)!.studyId, 0, 'toxicology', String(i + 1))!
        expect(r.tox_period).toBe(String(t.period))
        expect(r.tox_date).toBe(t.collectedOn)
        for (const c of TOX_CLASSES) expect(r[`tox_${c}`]).toBe(t.results[c] === 'positive' ? '1' : '0')
        expect(r.toxicology_complete).toBe('2')
      })
    const ae = db.select().from(adverseEvents).get()!
    const aeRow = row(people.find((p) => p.id === ae.participantId)!.studyId, 0, 'adverse_event', '1')!
    expect(aeRow.ae_description).toBe(TRICKY) // commas, quotes and a line break survive
    expect(aeRow.ae_severity).toBe('2')
    expect(aeRow.ae_relatedness).toBe('2')
    expect(aeRow.ae_expectedness).toBe('2')
    expect(aeRow.ae_serious).toBe('0')
    const first = byStudy.get(people.find((p) => p.id === ids[0])!.studyId)!
    const w8 = row(first.studyId, 8)!
    expect([w8.cont_eligible, w8.cont_offered_date, w8.cont_decision]).toEqual(['1', '2026-02-24', '1'])
    expect([w8.cont_reasons___1, w8.cont_reasons___2, w8.cont_reasons___3]).toEqual(['1', '0', '1'])
    expect(w8.cont_note).toBe('Keen')
    expect(row(first.studyId, 0)!.participant_name).toMatch(/^participant \d+$/)
    const practiceN = db.select().from(practiceLogs).all().length
    expect(rows.filter((r) => r.redcap_repeat_instrument === 'practice_log')).toHaveLength(practiceN)
    const late = row(people.find((p) => p.id === ids[1])!.studyId, 2)!
    expect(late.attendance_status).toBe('2')

    // Every export is in the audit log.
    const last = db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1).get()!
    expect([last.action, last.actorId, last.detail]).toEqual([
      'export.redcap',
      dataManager.id,
      'deidentified=false participants=5',
    ])
  })

  test('the de-identified option drops names, contacts and free text, and shifts no dates', async () => {
    const read = await exportZip({ kind: 'redcap', deidentified: 'on' })
    const dict = csvObjects(read('data_dictionary.csv')).rows.map((d) => d['Variable / Field Name'])
    for (const f of [
      'participant_name',
      'contact_email',
      'contact_phone',
      'withdrawal_reason',
      'ae_description',
      'ae_action',
      'cont_note',
    ])
      expect(dict).not.toContain(f)
    const text = read('records.csv')
    expect(text).not.toContain('@example.test')
    expect(text).not.toContain('stairs')
    const { rows } = csvObjects(text)
    expect(rows.find((r) => r.redcap_repeat_instrument === 'adverse_event')!.ae_onset_date).toBe('2026-02-10')
  })
})

describe('streaming', () => {
  test('reading participants a few at a time writes exactly the same files', async () => {
    const now = new Date('2026-11-23T12:00:00Z')
    const bytes = async (source: AsyncIterable<Uint8Array>) => {
      const parts: Uint8Array[] = []
      for await (const p of source) parts.push(p)
      return Buffer.concat(parts)
    }
    for (const kind of ['redcap', 'analysis'] as const) {
      // 5 participants in chunks of 2: three chunks, against one chunk of everyone
      const small = await bytes(exportStream(kind, false, now, 2))
      expect(small.equals(await bytes(exportStream(kind, false, now)))).toBe(true)
    }
  })
})

describe('analysis-ready export', () => {
  test('long-format files, every column in the codebook, and the outcomes per period', async () => {
    const read = await exportZip({ kind: 'analysis' })
    const codebook = csvObjects(read('codebook.csv')).rows
    const files = [...new Set(codebook.map((c) => c.file))]
    expect(files).toContain('outcomes.csv')
    for (const file of files) {
      const { header } = csvObjects(read(file))
      expect(header).toEqual(codebook.filter((c) => c.file === file).map((c) => c.variable))
      for (const h of header) expect(h).toMatch(/^[a-z][a-z0-9_]{0,31}$/) // valid Stata and R names
    }
    const surveys = csvObjects(read('weekly_surveys.csv')).rows
    expect(surveys).toHaveLength(getDb().select().from(weeklySurveys).all().length)
    const text = read('participants.csv')
    expect(text).not.toContain('@example.test')
    const outcomes = csvObjects(read('outcomes.csv')).rows
    expect(outcomes).toHaveLength(4) // randomized only
    const studyOf = (id: number) => getDb().select().from(participants).where(eq(participants.id, id)).get()!.studyId
    // Participant 1 (index 1) reported opioid use in week 13 → period 7 (weeks 13–14) non-abstinent;
    // period 8 (weeks 15–16) has a negative test but no survey → missing; periods 9–11 have neither
    // → missing; period 12 (weeks 23–24) has a week-24 survey but no test → missing.
    const p1 = outcomes.find((o) => o.study_id === studyOf(ids[1]))!
    expect([p1.opioid_p7, p1.opioid_p8, p1.opioid_p9, p1.opioid_p12]).toEqual([
      'non_abstinent',
      'missing',
      'missing',
      'missing',
    ])
    expect([p1.opioid_abstinent, p1.opioid_nonabstinent, p1.opioid_missing, p1.opioid_pending]).toEqual([
      '0',
      '1',
      '5',
      '0',
    ])
    // Participant 2's period-7 test was positive for cocaine only: non-abstinent for cocaine, abstinent for opioids.
    const p2 = outcomes.find((o) => o.study_id === studyOf(ids[2]))!
    expect([p2.opioid_p7, p2.cocaine_p7]).toEqual(['abstinent', 'non_abstinent'])
    expect(p2.craving_baseline).toBe(String((2 + 1 + 8) / 3))
  })

  test('an export with no choice is refused (400) and nothing is written', async () => {
    const o = await post(route, dataManager, '/data/exports', {}, { deidentified: 'on' })
    expect(o.status).toBe(400)
  })
})

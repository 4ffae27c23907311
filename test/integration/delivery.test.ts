import { and, asc, eq, inArray } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import {
  allocationSequence,
  attendance,
  checkinAttendance,
  auditLog,
  cohorts,
  continuationDecisions,
  fidelityChecks,
  groupFacilitators,
  groups,
  meetings,
  participants,
  type Arm,
  type users,
} from '#db/schema'
import { findLessonMeta } from '~/content/content.server'
import { getDb } from '~/db.server'
import { groupMembers, getGroup } from '~/domain/groups.server'
import { addDays, localDate } from '~/domain/schedule'
import * as allocationRoute from '~/routes/admin.allocation'
import * as cohortRoute from '~/routes/cohorts.$cohortId._index'
import * as enrolRoute from '~/routes/cohorts.$cohortId.enrol'
import * as cohortsRoute from '~/routes/cohorts._index'
import * as newCohortRoute from '~/routes/cohorts.new'
import * as decisionsRoute from '~/routes/groups.$groupId.decisions'
import * as runnerRoute from '~/routes/groups.$groupId.weeks.$week'
import * as groupsRoute from '~/routes/groups._index'
import { createUser, requestAs } from '../support/factories'
import {
  errorsOf,
  keysOf,
  load,
  loaderData,
  outcome,
  post,
  typedValuesOf,
  type Outcome,
  type RouteModule,
} from './route-helpers'

/**
 * The programme delivered through the routes, as the people in DESIGN.md would: a coordinator
 * creates a cohort, enrols and randomizes 24 people; facilitators run and record sessions and
 * the week-8 decisions; the data manager alone sees the allocation sequence.
 */

type User = typeof users.$inferSelect
const TZ = 'America/New_York'
const db = () => getDb()

let admin: User
let coordinator: User
let leadM: User // leads the M-ROCC group
let leadR: User // leads the Recovery Support group
let cohortId: number
let groupM: number
let groupR: number
const today = localDate(new Date(), TZ)
// Ten weeks ago: the cohort is in week 11, so weeks 1–10 can be recorded as held.
const startDate = addDays(today, -70)
const weekday = new Date(`${startDate}T12:00:00Z`).getUTCDay()

const cohortUrl = () => `/cohorts/${cohortId}`
const cohortParams = () => ({ cohortId: String(cohortId) })

function enrolForm(i: number, overrides: Record<string, string | undefined> = {}) {
  const form: Record<string, string | undefined> = {
    studyId: `D-${String(i).padStart(3, '0')}`,
    contactEmail: `d${i}@example.test`,
    contactPhone: '',
    gender: ['Woman', 'Man', 'Non-binary'][i % 3],
    raceEthnicity: ['Hispanic or Latino', 'Non-Hispanic white', 'Non-Hispanic Black'][i % 3],
    language: ['English', 'Spanish'][i % 2],
    consentedAt: '2026-08-15',
    eligible: 'on',
    consented: 'on',
    ...overrides,
  }
  return Object.fromEntries(Object.entries(form).filter(([, v]) => v !== undefined)) as Record<string, string>
}

const cohortParticipants = () =>
  db().select().from(participants).where(eq(participants.cohortId, cohortId)).orderBy(asc(participants.id)).all()
const sequence = () =>
  db()
    .select()
    .from(allocationSequence)
    .where(eq(allocationSequence.cohortId, cohortId))
    .orderBy(asc(allocationSequence.position))
    .all()
const auditCount = (action: string) => db().select().from(auditLog).where(eq(auditLog.action, action)).all().length

/** Keys that would reveal the concealed sequence (or where in it someone landed). */
const SEQUENCE_KEYS = [
  'allocation',
  'allocations',
  'allocationSequence',
  'sequence',
  'block',
  'blockSize',
  'position',
  'usedAt',
  'usedBy',
  'revealedBy',
]
function expectNoSequence(value: unknown, where: string) {
  const keys = [...keysOf(value)]
  expect(
    keys.filter((k) => SEQUENCE_KEYS.includes(k) || /alloc|block|position/i.test(k)),
    where,
  ).toEqual([])
}

function expectReply(o: Outcome, status: number) {
  expect(o.status).toBe(status)
  const reply = errorsOf(o.data)
  expect(reply.formErrors.length + Object.keys(reply.fieldErrors).length).toBeGreaterThan(0)
  return reply
}

beforeAll(async () => {
  admin = await createUser('admin')
  coordinator = await createUser('coordinator')
  leadM = await createUser('facilitator')
  leadR = await createUser('facilitator')
})

describe('cohort set-up: create, enrol, randomize', () => {
  test('the coordinator creates a cohort with a facilitator per group', async () => {
    const o = await post(
      newCohortRoute as RouteModule,
      coordinator,
      '/cohorts/new',
      {},
      {
        name: 'Autumn evening cohort',
        startDate,
        weekday: String(weekday),
        startTime: '18:00',
        timeZone: TZ,
        mroccName: 'Cedar Group',
        rsName: 'Birch Group',
        mroccFacilitators: String(leadM.id),
        rsFacilitators: [String(leadR.id)],
      },
    )
    expect(o.status).toBe(302)
    expect(o.location).toMatch(/^\/cohorts\/\d+$/)
    cohortId = Number(o.location!.split('/').pop())
    const gs = db().select().from(groups).where(eq(groups.cohortId, cohortId)).all()
    groupM = gs.find((g) => g.arm === 'mrocc')!.id
    groupR = gs.find((g) => g.arm === 'recovery_support')!.id
    expect(gs.map((g) => g.name).sort()).toEqual(['Birch Group', 'Cedar Group'])
    expect(
      db()
        .select()
        .from(groupFacilitators)
        .where(eq(groupFacilitators.groupId, groupM))
        .all()
        .map((f) => f.userId),
    ).toEqual([leadM.id])
    expect(
      db()
        .select()
        .from(groupFacilitators)
        .where(eq(groupFacilitators.groupId, groupR))
        .all()
        .map((f) => f.userId),
    ).toEqual([leadR.id])
    // The concealed sequence is made with the cohort, whole blocks of 4, 6 or 8.
    expect(sequence().length).toBeGreaterThanOrEqual(24)
    expect(sequence().every((a) => a.usedAt === null)).toBe(true)
  })

  test('the coordinator enrols 24 participants', async () => {
    for (let i = 1; i <= 24; i++) {
      const o = await post(enrolRoute as RouteModule, coordinator, `${cohortUrl()}/enrol`, cohortParams(), enrolForm(i))
      expect(o, `participant ${i}`).toMatchObject({ status: 302, location: cohortUrl() })
    }
    const people = cohortParticipants()
    expect(people).toHaveLength(24)
    expect(people.every((p) => p.groupId === null && p.status === 'enrolled')).toBe(true)
    expect(auditCount('participant.enrol')).toBeGreaterThanOrEqual(24)
  })

  test('the coordinator randomizes all 24; replies say nothing of the sequence', async () => {
    for (const p of cohortParticipants()) {
      const o = await post(cohortRoute as RouteModule, coordinator, cohortUrl(), cohortParams(), {
        intent: 'randomize',
        participantId: String(p.id),
      })
      expect(o).toMatchObject({ status: 302, location: cohortUrl() })
      expectNoSequence(o.data, 'randomize reply')
    }
    expect(cohortParticipants().every((p) => p.groupId !== null && p.status === 'active')).toBe(true)
    expect(auditCount('allocation.reveal')).toBe(24)
  })

  test('allocations follow the sequence and are 1:1 within every complete block', () => {
    const seq = sequence()
    const used = seq.filter((a) => a.usedAt !== null)
    expect(used.map((a) => a.position)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1)) // in order, none skipped
    const armOfGroup = new Map<number, Arm>([
      [groupM, 'mrocc'],
      [groupR, 'recovery_support'],
    ])
    for (const p of cohortParticipants()) {
      const slot = used.find((a) => a.usedBy === p.id)!
      expect(slot, `allocation of ${p.studyId}`).toBeTruthy()
      expect(armOfGroup.get(p.groupId!)).toBe(slot.arm)
    }
    const blocks = new Map<number, typeof seq>()
    for (const a of seq) blocks.set(a.block, [...(blocks.get(a.block) ?? []), a])
    let complete = 0
    for (const [block, rows] of blocks) {
      expect([4, 6, 8], `block ${block} size`).toContain(rows.length)
      expect(rows.every((r) => r.blockSize === rows.length)).toBe(true)
      const mrocc = rows.filter((r) => r.arm === 'mrocc').length
      expect(mrocc, `block ${block} is 1:1`).toBe(rows.length / 2)
      if (rows.every((r) => r.usedAt !== null)) {
        complete++
        const usedM = rows.filter((r) => r.arm === 'mrocc').length
        expect(usedM, `complete block ${block}`).toBe(rows.length - usedM)
      }
    }
    expect(complete).toBeGreaterThan(0)
    // Across the 24, the imbalance is at most half of the one block left open.
    const inM = cohortParticipants().filter((p) => p.groupId === groupM).length
    expect(Math.abs(inM - (24 - inM))).toBeLessThanOrEqual(4)
  })

  test('no page the coordinator or the facilitators load contains the sequence', async () => {
    const pages: [RouteModule, User, string, Record<string, string>][] = [
      [cohortRoute as RouteModule, coordinator, cohortUrl(), cohortParams()],
      [cohortsRoute as RouteModule, coordinator, '/cohorts', {}],
      [cohortRoute as RouteModule, leadM, cohortUrl(), cohortParams()],
      [cohortsRoute as RouteModule, leadM, '/cohorts', {}],
      [cohortRoute as RouteModule, leadR, cohortUrl(), cohortParams()],
      [cohortsRoute as RouteModule, leadR, '/cohorts', {}],
      [groupsRoute as RouteModule, leadM, '/groups', {}],
      [runnerRoute as RouteModule, leadM, `/groups/${groupM}/weeks/1`, { groupId: String(groupM), week: '1' }],
      [runnerRoute as RouteModule, leadR, `/groups/${groupR}/weeks/1`, { groupId: String(groupR), week: '1' }],
    ]
    for (const [mod, user, url, params] of pages) {
      const data = await loaderData(mod, user, url, params)
      expectNoSequence(data, `${url} as ${user.role}`)
      expect(JSON.stringify(data), url).not.toMatch(/"(allocation|blockSize|position)"/)
    }
    // The cohort page does list everyone (so the test above is looking at real data).
    const page = await loaderData<{ progress: { groups: { participants: unknown[] }[] } }>(
      cohortRoute as RouteModule,
      coordinator,
      cohortUrl(),
      cohortParams(),
    )
    expect(page.progress.groups.flatMap((g) => g.participants)).toHaveLength(24)
  })

  test('the data manager allocation page shows the sequence, and every view is audit-logged', async () => {
    const dataManager = await createUser('data_manager')
    const before = auditCount('allocation.view')
    const data = await loaderData<{
      cohorts: { id: number; rows: { position: number; arm: Arm; studyId: string | null }[] }[]
    }>(allocationRoute as RouteModule, dataManager, '/admin/allocation')
    const mine = data.cohorts.find((c) => c.id === cohortId)!
    expect(mine.rows.map((r) => r.position)).toEqual(sequence().map((a) => a.position))
    expect(mine.rows.map((r) => r.arm)).toEqual(sequence().map((a) => a.arm))
    expect(mine.rows.filter((r) => r.studyId !== null)).toHaveLength(24)
    const views = db().select().from(auditLog).where(eq(auditLog.action, 'allocation.view')).all()
    expect(views.length).toBe(before + 1)
    expect(views.at(-1)).toMatchObject({ actorId: dataManager.id, entity: 'allocation_sequence' })
    // Anyone else is refused (the admin and the coordinator who enrols included), and a refusal is not a view.
    expect((await load(allocationRoute as RouteModule, coordinator, '/admin/allocation')).status).toBe(403)
    expect((await load(allocationRoute as RouteModule, admin, '/admin/allocation')).status).toBe(403)
    expect(auditCount('allocation.view')).toBe(before + 1)
  })

  test('randomizing someone twice is refused (409) and changes nothing', async () => {
    const p = cohortParticipants()[0]
    const snapshot = () => ({ people: cohortParticipants(), seq: sequence(), reveals: auditCount('allocation.reveal') })
    const before = snapshot()
    const o = await post(cohortRoute as RouteModule, coordinator, cohortUrl(), cohortParams(), {
      intent: 'randomize',
      participantId: String(p.id),
    })
    const reply = expectReply(o, 409)
    expect(reply.formErrors.join(' ')).toMatch(/already been randomized/)
    expect(snapshot()).toEqual(before)
  })
})

describe('enrolment and cohort forms refuse bad input, with messages, writing nothing', () => {
  const count = () => ({
    people: db().select().from(participants).all().length,
    enrols: auditCount('participant.enrol'),
  })

  test.each([
    ['a malformed email', { contactEmail: 'not-an-email' }, 'contactEmail', /valid email/],
    ['missing consent', { consented: undefined }, 'consented', /consent/],
    ['missing eligibility', { eligible: undefined }, 'eligible', /eligibility/],
    ['a phone number too long', { contactPhone: 'x'.repeat(100) }, 'contactPhone', /under 30/],
    ['an impossible consent date', { consentedAt: '2025-02-30' }, 'consentedAt', /real date/],
    ['a made-up gender', { gender: 'Wizard' }, 'gender', /from the list/],
    ['a bad study ID', { studyId: 'Jane Doe 1990-01-01' }, 'studyId', /Study IDs/],
  ])('enrol with %s → 400', async (_label, overrides, field, message) => {
    const before = count()
    const o = await post(
      enrolRoute as RouteModule,
      coordinator,
      `${cohortUrl()}/enrol`,
      cohortParams(),
      enrolForm(900, overrides),
    )
    const reply = expectReply(o, 400)
    expect(reply.fieldErrors[field]?.[0]).toMatch(message)
    expect(count()).toEqual(before)
  })

  test('a body declared over the size limit is refused before it is read (413)', async () => {
    const before = count()
    const form = enrolForm(901, { contactPhone: 'x'.repeat(1024 * 1024) })
    const body = new URLSearchParams(form).toString()
    const request = await requestAs(coordinator, `${cohortUrl()}/enrol`, {
      method: 'POST',
      body,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': String(Buffer.byteLength(body)),
      },
    })
    const o = await outcome(() => (enrolRoute as RouteModule).action!({ request, params: cohortParams(), context: {} }))
    const reply = expectReply(o, 413)
    expect(reply.formErrors[0]).toMatch(/too large/)
    expect(count()).toEqual(before)
  })

  test('a study ID already enrolled → 409', async () => {
    const before = count()
    const o = await post(enrolRoute as RouteModule, coordinator, `${cohortUrl()}/enrol`, cohortParams(), enrolForm(1))
    expect(expectReply(o, 409).fieldErrors.studyId[0]).toMatch(/already enrolled/)
    expect(count()).toEqual(before)
  })

  test('cohort creation with the wrong type for weekday (and other bad fields) → 400, nothing created', async () => {
    const counts = () => [cohorts, groups, allocationSequence].map((t) => db().select().from(t).all().length)
    const before = counts()
    const base = {
      name: 'Bad cohort',
      startDate,
      startTime: '18:00',
      timeZone: TZ,
      mroccName: 'Aspen',
      rsName: 'Rowan',
      mroccFacilitators: String(leadM.id),
      rsFacilitators: String(leadR.id),
    }
    const cases: [Record<string, string>, string][] = [
      [{ ...base, weekday: 'Tuesday' }, 'weekday'],
      [{ ...base, weekday: '9' }, 'weekday'],
      [{ ...base, weekday: '2', startTime: '6pm' }, 'startTime'],
      [{ ...base, weekday: '2', mroccName: 'Mindful group' }, 'mroccName'],
      [{ ...base, weekday: '2', rsFacilitators: '' }, 'rsFacilitators'],
      [{ ...base, weekday: '2', rsFacilitators: String(coordinator.id) }, 'rsFacilitators'],
      [{ ...base, weekday: '2', rsName: 'aspen' }, 'rsName'],
      [{ ...base, weekday: '2', startDate: '2025-02-30' }, 'startDate'],
      [{ ...base, weekday: '2', startDate: '9999-12-31' }, 'startDate'],
    ]
    for (const [form, field] of cases) {
      const o = await post(newCohortRoute as RouteModule, coordinator, '/cohorts/new', {}, form)
      const reply = expectReply(o, 400)
      expect(reply.fieldErrors[field]?.[0], `${field}: ${JSON.stringify(reply)}`).toBeTruthy()
    }
    expect(counts()).toEqual(before)
  })

  test('a refused enrolment keeps every typed value and writes nothing', async () => {
    const before = count()
    const form = enrolForm(902, { contactEmail: 'not-an-email', contactPhone: '555-0102' })
    const o = await post(enrolRoute as RouteModule, coordinator, `${cohortUrl()}/enrol`, cohortParams(), form)
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).fieldErrors.contactEmail?.[0]).toMatch(/valid email/)
    expect(Object.keys(errorsOf(o.data).fieldErrors)).toEqual(['contactEmail'])
    expect(typedValuesOf(o.data)).toMatchObject({
      studyId: 'D-902',
      contactEmail: 'not-an-email',
      contactPhone: '555-0102',
      gender: form.gender,
      raceEthnicity: form.raceEthnicity,
      language: form.language,
      consentedAt: '2026-08-15',
      eligible: 'on',
      consented: 'on',
    })
    expect(count()).toEqual(before)
  })

  test('a cohort with an impossible start date is refused with what was typed, nothing created', async () => {
    const counts = () => [cohorts, groups, allocationSequence].map((t) => db().select().from(t).all().length)
    const before = counts()
    const form = {
      name: 'Leap cohort',
      startDate: '2025-02-30',
      weekday: '3',
      startTime: '17:30',
      timeZone: 'America/Chicago',
      mroccName: 'Aspen',
      rsName: 'Rowan',
      mroccFacilitators: String(leadM.id),
      rsFacilitators: [String(leadR.id), String(leadM.id)],
    }
    const o = await post(newCohortRoute as RouteModule, coordinator, '/cohorts/new', {}, form)
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).fieldErrors).toEqual({ startDate: ['Enter a real date for the start date.'] })
    expect(typedValuesOf(o.data)).toMatchObject({
      ...form,
      mroccFacilitators: String(leadM.id),
      rsFacilitators: [String(leadR.id), String(leadM.id)],
    })
    expect(counts()).toEqual(before)
  })
})

describe('running sessions', () => {
  const url = (groupId: number, week: number) => `/groups/${groupId}/weeks/${week}`
  const params = (groupId: number, week: number) => ({ groupId: String(groupId), week: String(week) })
  const meeting = (groupId: number, week: number) =>
    db()
      .select()
      .from(meetings)
      .where(and(eq(meetings.groupId, groupId), eq(meetings.week, week)))
      .get()
  const roster = (groupId: number, week: number) => groupMembers(getGroup(groupId)!, week).filter((m) => m.onRoster)

  function sessionForm(
    groupId: number,
    week: number,
    status: (participantId: number, i: number) => string | null,
    extra: Record<string, string> = {},
  ) {
    const group = getGroup(groupId)!
    const lesson = findLessonMeta(group.arm, week)!
    const form: Record<string, string> = {
      version: String(meeting(groupId, week)?.version ?? 0),
      status: 'held',
      checkinMinutes: '30',
      groupMinutes: '60',
      facilitatorIds: String(groupId === groupM ? leadM.id : leadR.id),
      notes: 'Ran to time.',
      ...extra,
    }
    roster(groupId, week).forEach((m, i) => {
      form[`attendance[${i}].participantId`] = String(m.id)
      const s = status(m.id, i)
      if (s) form[`attendance[${i}].status`] = s
    })
    // everyone still in the study is marked at check-in
    groupMembers(group, week).forEach((m, i) => {
      form[`checkin[${i}].participantId`] = String(m.id)
      form[`checkin[${i}].status`] = 'present'
    })
    lesson.fidelity.forEach((f, i) => {
      form[`fidelity[${i}].itemId`] = f.id
      if (i < 2) form[`fidelity[${i}].delivered`] = 'on'
    })
    return form
  }

  test('a facilitator records a held session: attendance, fidelity, minutes and the lesson content hash', async () => {
    const form = sessionForm(groupM, 1, (_id, i) => (i % 3 === 0 ? 'absent' : 'present'))
    const o = await post(runnerRoute as RouteModule, leadM, url(groupM, 1), params(groupM, 1), form)
    expect(o).toMatchObject({ status: 302, location: `/groups/${groupM}/weeks/1` })
    const lesson = findLessonMeta('mrocc', 1)!
    const m = meeting(groupM, 1)!
    expect(m).toMatchObject({
      status: 'held',
      checkinMinutes: 30,
      groupMinutes: 60,
      lessonSlug: lesson.slug,
      contentHash: lesson.hash,
      recordedBy: leadM.id,
    })
    const att = db().select().from(attendance).where(eq(attendance.meetingId, m.id)).all()
    expect(att).toHaveLength(roster(groupM, 1).length)
    const fid = db().select().from(fidelityChecks).where(eq(fidelityChecks.meetingId, m.id)).all()
    expect(fid).toHaveLength(lesson.fidelity.length)
    expect(
      fid
        .filter((f) => f.delivered)
        .map((f) => f.itemId)
        .sort(),
    ).toEqual(
      lesson.fidelity
        .slice(0, 2)
        .map((f) => f.id)
        .sort(),
    )
    const audits = db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorId, leadM.id), eq(auditLog.entity, 'meeting'), eq(auditLog.entityId, String(m.id))))
      .all()
    expect(audits.filter((a) => a.action === 'meeting.create')).toHaveLength(1)
    expect(audits.filter((a) => a.action === 'attendance.create')).toHaveLength(att.length)
  })

  test('editing a recorded session updates it in place and writes audit rows', async () => {
    const m = meeting(groupM, 1)!
    const form = sessionForm(groupM, 1, () => 'late', {
      notes: 'Corrected: everyone joined a few minutes late.',
      groupMinutes: '58',
    })
    const o = await post(runnerRoute as RouteModule, leadM, url(groupM, 1), params(groupM, 1), form)
    expect(o.status).toBe(302)
    const after = meeting(groupM, 1)!
    expect(after.id).toBe(m.id)
    expect(after).toMatchObject({ groupMinutes: 58, notes: 'Corrected: everyone joined a few minutes late.' })
    expect(
      db()
        .select()
        .from(attendance)
        .where(eq(attendance.meetingId, m.id))
        .all()
        .every((a) => a.status === 'late'),
    ).toBe(true)
    const audits = db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'meeting'), eq(auditLog.entityId, String(m.id))))
      .all()
    expect(audits.filter((a) => a.action === 'meeting.update')).toHaveLength(1)
    const updates = audits.filter((a) => a.action === 'attendance.update')
    expect(updates).toHaveLength(roster(groupM, 1).length)
    expect(updates.every((a) => a.actorId === leadM.id && a.participantId !== null)).toBe(true)
  })

  test('a held meeting with attendance missing for someone → 400, nothing written', async () => {
    const missing = roster(groupM, 2)[0].id
    const auditsBefore = db().select().from(auditLog).all().length
    const o = await post(
      runnerRoute as RouteModule,
      leadM,
      url(groupM, 2),
      params(groupM, 2),
      sessionForm(groupM, 2, (id) => (id === missing ? null : 'present')),
    )
    const reply = expectReply(o, 400)
    const row = roster(groupM, 2).findIndex((m) => m.id === missing)
    expect(reply.fieldErrors[`attendance[${row}].status`]?.[0]).toMatch(/attendance/)
    // what was typed comes back: the notes and everyone else's marks
    expect(typedValuesOf(o.data)).toMatchObject({ notes: 'Ran to time.', groupMinutes: '60' })
    expect(meeting(groupM, 2)).toBeUndefined()
    expect(db().select().from(auditLog).all().length).toBe(auditsBefore)

    // The same on an edit: the recorded week keeps its attendance.
    const week1 = db()
      .select()
      .from(attendance)
      .where(eq(attendance.meetingId, meeting(groupM, 1)!.id))
      .all()
    const again = await post(
      runnerRoute as RouteModule,
      leadM,
      url(groupM, 1),
      params(groupM, 1),
      sessionForm(groupM, 1, (id) => (id === missing ? null : 'absent')),
    )
    expect(again.status).toBe(400)
    expect(
      db()
        .select()
        .from(attendance)
        .where(eq(attendance.meetingId, meeting(groupM, 1)!.id))
        .all(),
    ).toEqual(week1)
  })

  test('a session in the future cannot be recorded as held (4xx, the form comes back)', async () => {
    const o = await post(
      runnerRoute as RouteModule,
      leadM,
      url(groupM, 20),
      params(groupM, 20),
      sessionForm(groupM, 20, () => 'present'),
    )
    expect(expectReply(o, 400).formErrors[0]).toMatch(/not happened yet/)
    expect(meeting(groupM, 20)).toBeUndefined()
  })
})

describe('the week-8 continuation decision', () => {
  const members = () => groupMembers(getGroup(groupM)!, 8)
  let continuing: number[]
  let declining: number[]
  let undecided: number[]
  let ineligible: number[]

  beforeAll(async () => {
    const all = members().map((m) => m.id)
    expect(all.length).toBeGreaterThanOrEqual(7)
    continuing = all.slice(0, 3)
    declining = all.slice(3, 5)
    undecided = all.slice(5, 6)
    ineligible = all.slice(6)
    // Weeks 5–8 held; the last group never attends, so is not offered the choice.
    for (const week of [5, 6, 7, 8]) {
      const form: Record<string, string> = {
        version: '0',
        status: 'held',
        checkinMinutes: '30',
        groupMinutes: '60',
        facilitatorIds: String(leadM.id),
      }
      all.forEach((id, i) => {
        form[`attendance[${i}].participantId`] = String(id)
        form[`attendance[${i}].status`] = ineligible.includes(id) ? 'absent' : 'present'
        form[`checkin[${i}].participantId`] = String(id)
        form[`checkin[${i}].status`] = 'present'
      })
      const o = await post(
        runnerRoute as RouteModule,
        leadM,
        `/groups/${groupM}/weeks/${week}`,
        { groupId: String(groupM), week: String(week) },
        form,
      )
      expect(o.status, `week ${week}`).toBe(302)
    }
  })

  /** the version the page would send (ADR 013): the recorded decision's, or 0 when there is none */
  const versionOf = (participantId: number) =>
    String(
      db().select().from(continuationDecisions).where(eq(continuationDecisions.participantId, participantId)).get()
        ?.version ?? 0,
    )
  const decide = (user: User, participantId: number, decision: string, reasons: string[] = []) =>
    post(
      decisionsRoute as RouteModule,
      user,
      `/groups/${groupM}/decisions`,
      { groupId: String(groupM) },
      {
        intent: 'decide',
        participantId: String(participantId),
        offeredAt: today,
        decision,
        reasons,
        version: versionOf(participantId),
      },
    )

  test('the facilitator records each eligible participant’s choice', async () => {
    for (const id of continuing)
      expect(await decide(leadM, id, 'continue', ['finding-it-helpful'])).toMatchObject({
        status: 302,
        location: `/groups/${groupM}/decisions`,
      })
    for (const id of declining) expect((await decide(leadM, id, 'decline', ['time-or-schedule'])).status).toBe(302)
    for (const id of undecided) expect((await decide(leadM, id, 'undecided')).status).toBe(302)
    const rows = db()
      .select()
      .from(continuationDecisions)
      .where(inArray(continuationDecisions.participantId, [...continuing, ...declining, ...undecided]))
      .all()
    expect(rows).toHaveLength(6)
    expect(rows.every((r) => r.eligible && r.recordedBy === leadM.id && r.offeredAt === today)).toBe(true)
    expect(auditCount('continuation.record')).toBe(6)
  })

  test('someone who did not meet the attendance rule is not offered the choice (409, nothing written)', async () => {
    const o = await decide(leadM, ineligible[0], 'continue')
    // the window in the message comes from the settings, not from a hard-coded "weeks 5–8"
    expect(expectReply(o, 409).formErrors[0]).toMatch(/not met the eligibility rule \(weeks \d+–\d+\)/)
    expect(
      db().select().from(continuationDecisions).where(eq(continuationDecisions.participantId, ineligible[0])).get(),
    ).toBeUndefined()
  })

  test('bad decision input → 400; another group’s participant → 404; another facilitator → 403', async () => {
    expect((await decide(leadM, continuing[0], 'maybe')).status).toBe(400)
    // an offer date in the future, or not a real date, is refused
    const future = await post(
      decisionsRoute as RouteModule,
      leadM,
      `/groups/${groupM}/decisions`,
      { groupId: String(groupM) },
      {
        intent: 'decide',
        participantId: String(continuing[0]),
        offeredAt: '2999-01-01',
        decision: 'decline',
        version: versionOf(continuing[0]),
      },
    )
    expect(expectReply(future, 409).fieldErrors.offeredAt?.[0]).toMatch(/future/)
    const impossible = await post(
      decisionsRoute as RouteModule,
      leadM,
      `/groups/${groupM}/decisions`,
      { groupId: String(groupM) },
      {
        intent: 'decide',
        participantId: String(continuing[0]),
        offeredAt: '2025-02-30',
        decision: 'decline',
        version: versionOf(continuing[0]),
      },
    )
    expect(expectReply(impossible, 409).fieldErrors.offeredAt?.[0]).toMatch(/real date/)
    expect((await decide(leadM, continuing[0], 'continue', ['because-i-said-so'])).status).toBe(400)
    const rsMember = groupMembers(getGroup(groupR)!, 8)[0].id
    expect((await decide(leadM, rsMember, 'continue')).status).toBe(404)
    expect((await decide(leadR, continuing[0], 'decline')).status).toBe(403)
    expect(
      db().select().from(continuationDecisions).where(eq(continuationDecisions.participantId, continuing[0])).get()!
        .decision,
    ).toBe('continue')
  })

  test('the week-9 roster holds only those who chose to continue; everyone else is on check-in only', () => {
    const week9 = groupMembers(getGroup(groupM)!, 9)
    expect(
      week9
        .filter((m) => m.onRoster)
        .map((m) => m.id)
        .sort(),
    ).toEqual([...continuing].sort())
    expect(
      week9
        .filter((m) => !m.onRoster)
        .map((m) => m.id)
        .sort(),
    ).toEqual([...declining, ...undecided, ...ineligible].sort())
    // Nobody leaves the study: all are still members (intention-to-treat).
    expect(week9).toHaveLength(members().length)
    // Week 8 itself is everyone's; the other group has no decision, so its week 9 is everyone's.
    expect(members().every((m) => m.onRoster)).toBe(true)
    expect(groupMembers(getGroup(groupR)!, 9).every((m) => m.onRoster)).toBe(true)
  })

  test('the week-9 session asks attendance only for the continuing participants', async () => {
    const form: Record<string, string> = {
      version: '0',
      status: 'held',
      checkinMinutes: '30',
      groupMinutes: '60',
      facilitatorIds: String(leadM.id),
    }
    continuing.forEach((id, i) => {
      form[`attendance[${i}].participantId`] = String(id)
      form[`attendance[${i}].status`] = 'present'
    })
    // the check-in is everyone's, the check-in-only track included
    members().forEach((m, i) => {
      form[`checkin[${i}].participantId`] = String(m.id)
      form[`checkin[${i}].status`] = declining.includes(m.id) ? 'late' : 'present'
    })
    const o = await post(
      runnerRoute as RouteModule,
      leadM,
      `/groups/${groupM}/weeks/9`,
      { groupId: String(groupM), week: '9' },
      form,
    )
    expect(o.status).toBe(302)
    const m = db()
      .select()
      .from(meetings)
      .where(and(eq(meetings.groupId, groupM), eq(meetings.week, 9)))
      .get()!
    expect(m.contentHash).toBe(findLessonMeta('mrocc', 9)!.hash)
    const att = db().select().from(attendance).where(eq(attendance.meetingId, m.id)).all()
    expect(att.map((a) => a.participantId).sort()).toEqual([...continuing].sort())
    const checkin = db().select().from(checkinAttendance).where(eq(checkinAttendance.meetingId, m.id)).all()
    expect(checkin.map((a) => a.participantId).sort()).toEqual(
      members()
        .map((x) => x.id)
        .sort(),
    )
    expect(
      checkin
        .filter((a) => a.status === 'late')
        .map((a) => a.participantId)
        .sort(),
    ).toEqual([...declining].sort())
  })

  test('the cohort page shows the check-in-only track for those not continuing', async () => {
    const page = await loaderData<{
      progress: { groups: { id: number; participants: { id: number; track: string }[] }[] }
    }>(cohortRoute as RouteModule, coordinator, cohortUrl(), cohortParams())
    const mGroup = page.progress.groups.find((g) => g.id === groupM)!
    for (const p of mGroup.participants)
      expect(p.track, `participant ${p.id}`).toBe(continuing.includes(p.id) ? 'group' : 'checkin_only')
  })
})

import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { attendance, auditLog, checkinAttendance, meetings, toxResults, users } from '#db/schema'
import { findLessonMeta } from '~/content/content.server'
import { getDb } from '~/db.server'
import { getGroup, groupMembers } from '~/domain/groups.server'
import { TOX_CLASSES } from '~/domain/instruments'
import type { RecordConflict } from '~/domain/record-version'
import * as weekRoute from '~/routes/groups.$groupId.weeks.$week'
import { createTestCohort, createUser, enrolTestParticipant } from '../support/factories'
import { errorsOf, groupOf, loaderData, placeIn, post, typedValuesOf, type RouteModule } from './route-helpers'

/** The session screen's save (issue 9): versions (ADR 013). */

type User = typeof users.$inferSelect

async function aGroupWithPeople(count = 3) {
  const coordinator = await createUser('coordinator')
  const lead = await createUser('facilitator', { name: 'Lead One' })
  const coLead = await createUser('facilitator', { name: 'Lead Two' })
  const cohortId = createTestCohort({ actorId: coordinator.id, facilitators: { mrocc: [lead.id, coLead.id] } })
  const group = groupOf(cohortId, 'mrocc')
  const people = Array.from({ length: count }, () => enrolTestParticipant(cohortId, coordinator.id, false))
  for (const p of people) placeIn(p.id, group.id)
  return { lead, coLead, groupId: group.id }
}

const url = (groupId: number, week: number) => `/groups/${groupId}/weeks/${week}`
const params = (groupId: number, week: number) => ({ groupId: String(groupId), week: String(week) })
const meetingOf = (groupId: number, week: number) =>
  getDb()
    .select()
    .from(meetings)
    .where(and(eq(meetings.groupId, groupId), eq(meetings.week, week)))
    .get()

function formFor(
  groupId: number,
  week: number,
  version: number,
  status: (participantId: number, i: number) => string,
  extra: Record<string, string> = {},
) {
  const group = getGroup(groupId)!
  const lesson = findLessonMeta(group.arm, week)!
  const form: Record<string, string> = {
    version: String(version),
    status: 'held',
    checkinMinutes: '30',
    groupMinutes: '60',
    notes: 'Ran to time.',
    ...extra,
  }
  const members = groupMembers(group, week)
  members.forEach((m, i) => {
    form[`checkin[${i}].participantId`] = String(m.id)
    form[`checkin[${i}].status`] = 'present'
  })
  members
    .filter((m) => m.onRoster)
    .forEach((m, i) => {
      form[`attendance[${i}].participantId`] = String(m.id)
      form[`attendance[${i}].status`] = status(m.id, i)
    })
  lesson.fidelity.forEach((f, i) => {
    form[`fidelity[${i}].itemId`] = f.id
    if (i === 0) form[`fidelity[${i}].delivered`] = 'on'
  })
  return form
}

const save = (user: User, groupId: number, week: number, form: Record<string, string>) =>
  post(weekRoute as RouteModule, user, url(groupId, week), params(groupId, week), form)

describe('two people saving the same week (ADR 013)', () => {
  test('the page carries the version; a new week starts at 0', async () => {
    const { lead, groupId } = await aGroupWithPeople()
    const data = await loaderData<{ version: number }>(
      weekRoute as RouteModule,
      lead,
      url(groupId, 1),
      params(groupId, 1),
    )
    expect(data.version).toBe(0)
    expect(
      (
        await save(
          lead,
          groupId,
          1,
          formFor(groupId, 1, 0, () => 'present'),
        )
      ).status,
    ).toBe(302)
    expect(
      (await loaderData<{ version: number }>(weekRoute as RouteModule, lead, url(groupId, 1), params(groupId, 1)))
        .version,
    ).toBe(1)
  })

  test('a stale save is refused (409): nothing written, typed values kept, the differences listed; saving again applies', async () => {
    const { lead, coLead, groupId } = await aGroupWithPeople()
    // Both open week 1 at version 0. The co-lead saves first.
    const first = formFor(groupId, 1, 0, () => 'present', { notes: 'Saved by the co-lead.' })
    expect((await save(coLead, groupId, 1, first)).status).toBe(302)
    const saved = meetingOf(groupId, 1)!
    const rowsBefore = getDb().select().from(attendance).where(eq(attendance.meetingId, saved.id)).all()
    const auditsBefore = getDb().select().from(auditLog).all().length

    // The lead's form was opened at version 0 too: refused.
    const mine = formFor(groupId, 1, 0, (_id, i) => (i === 0 ? 'absent' : 'present'), {
      notes: 'My notes from the session.',
      groupMinutes: '55',
    })
    const o = await save(lead, groupId, 1, mine)
    expect(o.status).toBe(409)
    const reply = o.data as { conflict: RecordConflict }
    expect(reply.conflict.version).toBe(1)
    expect(reply.conflict.savedBy).toBe('Lead Two')
    expect(reply.conflict.savedAt).toBe(saved.updatedAt)
    const byLabel = Object.fromEntries(reply.conflict.changes.map((c) => [c.label, [c.saved, c.yours]]))
    expect(byLabel['Session notes']).toEqual(['Saved by the co-lead.', 'My notes from the session.'])
    expect(byLabel['Group minutes']).toEqual(['60', '55'])
    const first0 = groupMembers(getGroup(groupId)!, 1)[0]
    expect(byLabel[`Group: ${first0.name ?? first0.studyId}`]).toEqual(['Present', 'Absent'])
    expect(Object.keys(byLabel)).not.toContain('Meeting status')
    // Nothing written, not even an audit row.
    expect(meetingOf(groupId, 1)).toEqual(saved)
    expect(getDb().select().from(attendance).where(eq(attendance.meetingId, saved.id)).all()).toEqual(rowsBefore)
    expect(getDb().select().from(auditLog).all().length).toBe(auditsBefore)
    // Everything typed comes back.
    expect(typedValuesOf(o.data)).toMatchObject({ notes: 'My notes from the session.', groupMinutes: '55' })
    expect(errorsOf(o.data).formErrors).toEqual([])

    // Saving again from the version now saved applies the lead's values.
    const again = await save(lead, groupId, 1, { ...mine, version: String(reply.conflict.version) })
    expect(again.status).toBe(302)
    expect(meetingOf(groupId, 1)).toMatchObject({
      version: 2,
      notes: 'My notes from the session.',
      groupMinutes: 55,
      recordedBy: lead.id,
    })
  })

  test('a week created meanwhile by someone else is a conflict for a form opened before it existed', async () => {
    const { lead, coLead, groupId } = await aGroupWithPeople(2)
    expect(
      (
        await save(
          coLead,
          groupId,
          2,
          formFor(groupId, 2, 0, () => 'late'),
        )
      ).status,
    ).toBe(302)
    const o = await save(
      lead,
      groupId,
      2,
      formFor(groupId, 2, 0, () => 'late'),
    )
    expect(o.status).toBe(409)
    // Same marks: only who ran it differs (each form names the person saving it).
    expect((o.data as { conflict: RecordConflict }).conflict.changes).toEqual([
      { field: 'facilitators', label: 'Facilitators', saved: 'Lead Two', yours: 'Lead One' },
    ])
  })
})

describe('check-in and group attendance, recorded apart (issue 9)', () => {
  type Defaults = {
    defaults: {
      checkin: { participantId: string; status?: string }[]
      attendance: { participantId: string; status?: string }[]
    }
  }

  test('nothing is preset: a new week starts with everyone unmarked in both parts', async () => {
    const { lead, groupId } = await aGroupWithPeople(2)
    const data = await loaderData<Defaults>(weekRoute as RouteModule, lead, url(groupId, 1), params(groupId, 1))
    expect(data.defaults.checkin).toHaveLength(2)
    expect(data.defaults.attendance).toHaveLength(2)
    expect([...data.defaults.checkin, ...data.defaults.attendance].every((r) => r.status === undefined)).toBe(true)
  })

  test('a held meeting with someone unmarked at check-in is refused beside the row; nothing written, all kept', async () => {
    const { lead, groupId } = await aGroupWithPeople(3)
    const form = formFor(groupId, 1, 0, () => 'present', { notes: 'Typed before the refusal.' })
    delete form['checkin[1].status']
    const o = await save(lead, groupId, 1, form)
    expect(o.status).toBe(400)
    const { formErrors, fieldErrors } = errorsOf(o.data)
    expect(formErrors[0]).toMatch(/not marked yet/)
    expect(fieldErrors['checkin[1].status']).toEqual(['Mark check-in attendance.'])
    expect(typedValuesOf(o.data)).toMatchObject({ notes: 'Typed before the refusal.' })
    expect(meetingOf(groupId, 1)).toBeUndefined()
  })

  test('check-in and group marks are stored apart; the group table (adherence) holds only the group', async () => {
    const { lead, groupId } = await aGroupWithPeople(2)
    const form = formFor(groupId, 1, 0, () => 'absent')
    form['checkin[0].status'] = 'late'
    expect((await save(lead, groupId, 1, form)).status).toBe(302)
    const m = meetingOf(groupId, 1)!
    const checkin = getDb().select().from(checkinAttendance).where(eq(checkinAttendance.meetingId, m.id)).all()
    const group = getDb().select().from(attendance).where(eq(attendance.meetingId, m.id)).all()
    expect(checkin.map((r) => r.status).sort()).toEqual(['late', 'present'])
    expect(group.map((r) => r.status)).toEqual(['absent', 'absent'])
    // and the page shows them back apart
    const data = await loaderData<Defaults>(weekRoute as RouteModule, lead, url(groupId, 1), params(groupId, 1))
    expect(data.defaults.checkin.map((r) => r.status)).toEqual(['late', 'present'])
    expect(data.defaults.attendance.map((r) => r.status)).toEqual(['absent', 'absent'])
  })

  test('"mark all present" without JavaScript fills only that part’s unmarked rows and saves nothing', async () => {
    const { lead, groupId } = await aGroupWithPeople(3)
    const form = formFor(groupId, 1, 0, () => 'absent', { intent: 'mark-checkin', notes: 'Half way.' })
    form['checkin[0].status'] = 'late'
    delete form['checkin[1].status']
    delete form['checkin[2].status']
    delete form['attendance[2].status']
    const o = await save(lead, groupId, 1, form)
    expect(o.status).toBe(200)
    const typed = typedValuesOf(o.data) as {
      notes: string
      checkin: { status?: string }[]
      attendance: { status?: string }[]
    }
    expect(typed.notes).toBe('Half way.')
    expect(typed.checkin.map((r) => r.status)).toEqual(['late', 'present', 'present'])
    expect(typed.attendance.map((r) => r.status)).toEqual(['absent', 'absent', undefined])
    expect(errorsOf(o.data)).toEqual({ formErrors: [], fieldErrors: {} })
    expect(meetingOf(groupId, 1)).toBeUndefined()
  })
})

describe('toxicology from the check-in (its own intent)', () => {
  function toxForm(groupId: number, participantId: number, collectedOn: string, results: (string | null)[]) {
    const form = formFor(groupId, 3, 0, () => 'present', { intent: 'tox', notes: 'Typed, not saved yet.' })
    form['tox.participantId'] = String(participantId)
    form['tox.collectedOn'] = collectedOn
    form['tox.panel'] = 'Oral fluid 8-panel'
    results.forEach((r, i) => {
      if (r) form[`tox.results[${i}]`] = r
    })
    return form
  }
  const toxOf = (participantId: number) =>
    getDb().select().from(toxResults).where(eq(toxResults.participantId, participantId)).all()
  const allNegative = () => TOX_CLASSES.map(() => 'negative')

  test('a result is recorded with the period from its collection date; the rest of the form comes back unsaved', async () => {
    const { lead, groupId } = await aGroupWithPeople(2)
    const [person] = groupMembers(getGroup(groupId)!, 3)
    const results = allNegative()
    results[1] = 'positive'
    const o = await save(lead, groupId, 3, toxForm(groupId, person.id, '2026-09-15', results))
    expect(o.status).toBe(200)
    expect((o.data as { toxSaved: string }).toxSaved).toMatch(/saved for .* \(period 2\)/)
    expect(toxOf(person.id)).toMatchObject([
      { period: 2, collectedOn: '2026-09-15', results: { opioids: 'negative', fentanyl: 'positive' } },
    ])
    // the meeting is not saved by this, and what was typed for it comes back; the entry is cleared
    expect(meetingOf(groupId, 3)).toBeUndefined()
    const typed = typedValuesOf(o.data) as { notes: string; tox: Record<string, unknown> }
    expect(typed.notes).toBe('Typed, not saved yet.')
    expect(typed.tox.panel).toBe('Oral fluid 8-panel')
    expect(JSON.stringify(typed.tox.results ?? [])).not.toMatch(/negative|positive/)
  })

  test('every substance must be chosen, the date real and not in the future, the person in this group', async () => {
    const { lead, groupId } = await aGroupWithPeople(1)
    const [person] = groupMembers(getGroup(groupId)!, 3)
    const missing: (string | null)[] = allNegative()
    missing[4] = null
    const a = await save(lead, groupId, 3, toxForm(groupId, person.id, '2026-09-15', missing))
    expect(a.status).toBe(400)
    expect(errorsOf(a.data).fieldErrors['tox.results[4]']).toEqual(['Choose negative or positive.'])
    const b = await save(lead, groupId, 3, toxForm(groupId, person.id, '2099-01-01', allNegative()))
    expect(errorsOf(b.data).fieldErrors['tox.collectedOn']?.[0]).toMatch(/future/)
    const c = await save(lead, groupId, 3, toxForm(groupId, 999_999, '2026-09-15', allNegative()))
    expect(errorsOf(c.data).fieldErrors['tox.participantId']).toEqual(['Choose someone in this group.'])
    expect(toxOf(person.id)).toEqual([])
    // typed values are kept on a refusal
    expect(typedValuesOf(b.data)).toMatchObject({ tox: { collectedOn: '2099-01-01' }, notes: 'Typed, not saved yet.' })
  })

  test('saving the meeting with a toxicology entry half done is refused, so the entry is never silently dropped', async () => {
    const { lead, groupId } = await aGroupWithPeople(1)
    const [person] = groupMembers(getGroup(groupId)!, 3)
    const form = toxForm(groupId, person.id, '2026-09-15', [])
    form.intent = 'save'
    const o = await save(lead, groupId, 3, form)
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).formErrors[0]).toMatch(/toxicology result is filled in but not saved/)
    expect(meetingOf(groupId, 3)).toBeUndefined()
    // setting it aside brings the form back without the entry
    const aside = await save(lead, groupId, 3, { ...form, intent: 'clear-tox' })
    expect(aside.status).toBe(200)
    const asideTox = (typedValuesOf(aside.data) as { tox: { panel: string; participantId?: string } }).tox
    expect(asideTox.panel).toBe('Oral fluid 8-panel')
    expect(asideTox.participantId).toBeUndefined()
  })

  test('asking for the entry without JavaScript sends the form back as typed, entry open, nothing saved', async () => {
    const { lead, groupId } = await aGroupWithPeople(2)
    const form = formFor(groupId, 3, 0, () => 'late', { intent: 'open-tox', notes: 'Typed before the test.' })
    const o = await save(lead, groupId, 3, form)
    expect(o.status).toBe(200)
    expect((o.data as { toxOpen?: boolean }).toxOpen).toBe(true)
    const typed = typedValuesOf(o.data) as {
      notes: string
      attendance: { status: string }[]
      tox: { panel: string; results: unknown[]; participantId?: string }
    }
    expect(typed.notes).toBe('Typed before the test.')
    // a fresh entry: the usual panel, a row per substance, nothing chosen
    expect(typed.tox.panel).toBe('Oral fluid 8-panel')
    expect(typed.tox.results).toHaveLength(8)
    expect(JSON.stringify(typed.tox.results)).not.toMatch(/negative|positive/)
    expect(typed.tox.participantId).toBeUndefined()
    expect(typed.attendance.map((a) => a.status)).toEqual(['late', 'late'])
    expect(meetingOf(groupId, 3)).toBeUndefined()
    expect(
      getDb()
        .select()
        .from(toxResults)
        .all()
        .filter((t) => t.recordedBy === lead.id),
    ).toEqual([])
  })
})

describe('the session screen, kept until the data changes (ADR 018)', () => {
  type Screen = {
    version: number
    recorded: { status: string } | null
    defaults: { facilitatorIds: string[]; checkin: { participantId: string; status?: string }[] }
    toxThisWeek: { participantId: number; positive: string[] }[]
  }
  const view = (user: User, groupId: number, week: number) =>
    loaderData<Screen>(weekRoute as RouteModule, user, url(groupId, week), params(groupId, week))
  const viewsLogged = (user: User) =>
    getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorId, user.id), eq(auditLog.action, 'group.session.read')))
      .all()
      .filter((row) => row.participantId === null).length

  test('each facilitator sees their own defaults; a save, and a test result, show at the next view; every view is logged', async () => {
    const { lead, coLead, groupId } = await aGroupWithPeople(2)
    const [person] = groupMembers(getGroup(groupId)!, 3)
    // not recorded yet: each viewer is offered as the one who ran it, never the other
    expect((await view(lead, groupId, 3)).defaults.facilitatorIds).toEqual([String(lead.id)])
    expect((await view(coLead, groupId, 3)).defaults.facilitatorIds).toEqual([String(coLead.id)])
    const before = await view(lead, groupId, 3)
    expect(before).toMatchObject({ version: 0, recorded: null, toxThisWeek: [] })
    expect(before.defaults.checkin.map((c) => c.status)).toEqual([undefined, undefined])

    // the co-lead saves the week: the lead's next view shows it
    expect(
      (
        await save(
          coLead,
          groupId,
          3,
          formFor(groupId, 3, 0, () => 'present'),
        )
      ).status,
    ).toBe(302)
    const after = await view(lead, groupId, 3)
    expect(after).toMatchObject({ version: 1, recorded: { status: 'held' } })
    expect(after.defaults.checkin.map((c) => c.status)).toEqual(['present', 'present'])

    // a test result recorded by the co-lead shows in the lead's next view
    const tox = formFor(groupId, 3, 1, () => 'present', { intent: 'tox' })
    tox['tox.participantId'] = String(person.id)
    tox['tox.collectedOn'] = '2026-09-15'
    tox['tox.panel'] = 'Oral fluid 8-panel'
    TOX_CLASSES.forEach((c, i) => (tox[`tox.results[${i}]`] = c === 'fentanyl' ? 'positive' : 'negative'))
    expect((await save(coLead, groupId, 3, tox)).status).toBe(200)
    expect((await view(lead, groupId, 3)).toxThisWeek).toEqual([
      expect.objectContaining({ participantId: person.id, positive: ['fentanyl'] }),
    ])
    // four views by the lead, four in the log (a kept page is still a view of participant data)
    expect(viewsLogged(lead)).toBe(4)
  })
})

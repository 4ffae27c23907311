import ICAL from 'ical.js'
import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { continuationDecisions, groups, meetings, participants, users } from '#db/schema'
import { getDb } from '~/db.server'
import { BLINDING_FORBIDDEN, OTHER_ARM_WORDS } from '~/domain/arms'
import { SPANISH_BLINDING_FORBIDDEN } from '~/i18n/blinding-es'
import * as feedModule from '~/routes/calendar.$token'
import * as pageModule from '~/routes/account_.calendar'
import { createTestCohort, createUser, enrolTestParticipant, participantUser } from '../support/factories'
import { load, outcome, post, type RouteModule } from './route-helpers'

/**
 * Issue 13: a person's private calendar feed, read back with a real ICS parser (ical.js). The
 * cohort meets Tuesdays 18:00 in New York from 2026-02-24: weeks 1–2 are before the US change to
 * daylight time (Sunday 2026-03-08), so 18:00 local is 23:00 UTC, and from week 3 it is 22:00 UTC.
 */
const page = pageModule as RouteModule

type Parsed = {
  uid: string
  start: string
  end: string
  summary: string
  status: string
  url: string | null
  allDay: boolean
}

function parse(text: string): Parsed[] {
  const calendar = new ICAL.Component(ICAL.parse(text))
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v)
    return {
      uid: e.uid.replace(/@weekly-groups$/, ''),
      start: e.startDate.isDate ? e.startDate.toString() : e.startDate.toJSDate().toISOString(),
      end: e.endDate.isDate ? e.endDate.toString() : e.endDate.toJSDate().toISOString(),
      summary: e.summary,
      status: String(v.getFirstPropertyValue('status') ?? ''),
      url: (v.getFirstPropertyValue('url') as string | null) ?? null,
      allDay: e.startDate.isDate,
    }
  })
}

const newYork = (iso: string) =>
  new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso))

async function feedOf(user: { id: number }) {
  const made = await post(page, user, '/account/calendar', {}, { intent: 'make' })
  expect(made.status).toBe(200)
  const link = (made.data as { link: string }).link
  const token = link.split('/').pop()!
  const res = (await feedModule.loader({ request: new Request(link), params: { token }, context: {} })) as Response
  expect(res.status).toBe(200)
  expect(res.headers.get('Content-Type')).toMatch(/^text\/calendar/)
  return { link, token, text: await res.text() }
}

async function setting(arm: 'mrocc' | 'recovery_support', locale: 'en' | 'es' = 'en') {
  const coordinator = await createUser('coordinator')
  const lead = await createUser('facilitator')
  const cohortId = createTestCohort({
    actorId: coordinator.id,
    startDate: '2026-02-24',
    weekday: 2,
    facilitators: { [arm]: [lead.id] },
  })
  const db = getDb()
  const group = db
    .select()
    .from(groups)
    .where(eq(groups.cohortId, cohortId))
    .all()
    .find((g) => g.arm === arm)!
  let person: { id: number; groupId: number | null } = { id: 0, groupId: null }
  // randomization decides the arm: enrol until someone lands in the wanted group
  for (let i = 0; i < 12 && person.groupId !== group.id; i++) person = enrolTestParticipant(cohortId, coordinator.id)
  expect(person.groupId).toBe(group.id)
  const user = await participantUser(person.id)
  db.update(users).set({ locale }).where(eq(users.id, user.id)).run()
  return { coordinator, lead, group, participantId: person.id, user }
}

describe('calendar feed', () => {
  test('a participant sees every week at 18:00 New York time on both sides of the DST change, check-in then group', async () => {
    const s = await setting('recovery_support')
    const events = parse((await feedOf(s.user)).text)
    const checkIns = events.filter((e) => e.uid.includes('-checkin'))
    const groupHours = events.filter((e) => e.uid.includes('-group'))
    expect(checkIns).toHaveLength(24)
    expect(groupHours).toHaveLength(24)
    expect(checkIns[0]).toMatchObject({ start: '2026-02-24T23:00:00.000Z', end: '2026-02-24T23:30:00.000Z' })
    expect(checkIns[1].start).toBe('2026-03-03T23:00:00.000Z')
    expect(checkIns[2].start).toBe('2026-03-10T22:00:00.000Z') // after the change: still 18:00 local
    expect(groupHours[2]).toMatchObject({ start: '2026-03-10T22:30:00.000Z', end: '2026-03-10T23:30:00.000Z' })
    for (const e of checkIns) expect(newYork(e.start)).toBe('Tue 18:00')
    expect(checkIns[0].summary).toBe(`Check-in: ${s.group.name}`)
    // the survey window of week 3: opens the day before (Mon 9 March), closes after the grace days
    const survey3 = events.find((e) => e.uid.endsWith('-w3-survey'))!
    expect(survey3).toMatchObject({ allDay: true, start: '2026-03-09' })
  })

  test('a cancelled meeting is a cancelled event; the check-in-only track has no group hour from week 9', async () => {
    const s = await setting('mrocc')
    const db = getDb()
    db.insert(meetings)
      .values({ groupId: s.group.id, week: 4, scheduledAt: '2026-03-17T22:00:00.000Z', status: 'cancelled' })
      .run()
    db.insert(continuationDecisions)
      .values({
        participantId: s.participantId,
        eligible: true,
        offeredAt: '2026-04-14',
        decision: 'decline',
        reasons: [],
        recordedBy: s.lead.id,
        recordedAt: '2026-04-14T20:00:00.000Z',
      })
      .run()
    const events = parse((await feedOf(s.user)).text)
    expect(events.find((e) => e.uid.endsWith('-w4-checkin'))!.status).toBe('CANCELLED')
    expect(events.find((e) => e.uid.endsWith('-w4-group'))!.status).toBe('CANCELLED')
    expect(events.find((e) => e.uid.endsWith('-w5-group'))!.status).toBe('CONFIRMED')
    const groupWeeks = events.filter((e) => e.uid.includes('-group')).map((e) => Number(/-w(\d+)-/.exec(e.uid)![1]))
    expect(groupWeeks).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(events.filter((e) => e.uid.includes('-checkin'))).toHaveLength(24)

    // choosing to continue puts the group hours back on the next refresh
    db.update(continuationDecisions)
      .set({ decision: 'continue' })
      .where(eq(continuationDecisions.participantId, s.participantId))
      .run()
    const again = parse((await feedOf(s.user)).text)
    expect(again.filter((e) => e.uid.includes('-group'))).toHaveLength(24)
  })

  test('in Spanish for a Spanish speaker, and never a word that would reveal the group', async () => {
    for (const arm of ['mrocc', 'recovery_support'] as const) {
      const s = await setting(arm, 'es')
      const events = parse((await feedOf(s.user)).text)
      expect(events[0].summary).toBe(`Registro en grupo: ${s.group.name}`)
      const words = events.map((e) => e.summary.toLowerCase()).join('\n')
      for (const w of [
        ...BLINDING_FORBIDDEN,
        ...SPANISH_BLINDING_FORBIDDEN,
        ...OTHER_ARM_WORDS.mrocc,
        ...OTHER_ARM_WORDS.recovery_support,
      ])
        expect(words).not.toContain(w.toLowerCase())
    }
  })

  test("a facilitator's feed holds the groups they lead, each week linked to its session screen", async () => {
    const s = await setting('mrocc')
    const events = parse((await feedOf(s.lead)).text)
    expect(events).toHaveLength(24)
    expect(events[0]).toMatchObject({ start: '2026-02-24T23:00:00.000Z', end: '2026-02-25T00:30:00.000Z' })
    expect(events[2].url).toBe(`http://localhost/groups/${s.group.id}/weeks/3`)
    const other = await createUser('facilitator')
    expect(parse((await feedOf(other)).text)).toHaveLength(0)
  })

  test('a new link stops the old one at once; turning it off stops it too; the secret is stored only as a hash', async () => {
    const s = await setting('recovery_support')
    const first = await feedOf(s.user)
    const second = await feedOf(s.user)
    const get = (token: string) =>
      outcome(() =>
        feedModule.loader({
          request: new Request(`http://localhost/calendar/${token}`),
          params: { token },
          context: {},
        }),
      )
    expect((await get(first.token)).status).toBe(404)
    expect((await get(second.token)).status).toBe(200)
    const stored =
      JSON.stringify(getDb().select().from(participants).all()) + JSON.stringify(getDb().select().from(users).all())
    expect(stored).not.toContain(second.token.replace('.ics', ''))
    expect((await post(page, s.user, '/account/calendar', {}, { intent: 'remove' })).status).toBe(302)
    expect((await get(second.token)).status).toBe(404)
    expect((await load(page, s.user, '/account/calendar')).data).toMatchObject({ hasFeed: false })
  })

  test('staff without a feed of their own cannot make one', async () => {
    const coordinator = await createUser('coordinator')
    expect((await post(page, coordinator, '/account/calendar', {}, { intent: 'make' })).status).toBe(403)
  })
})

import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { attendance, cohorts, meetings, participants } from '#db/schema'
import { getDb } from '~/db.server'
import { startDateWindow } from '~/domain/cohort-rules'
import { EARLIEST_EVENT_DATE } from '~/domain/calendar-date'
import { randomizeParticipant } from '~/domain/cohorts.server'
import { inviteParticipant } from '~/domain/participants.server'
import { addDays, localDate } from '~/domain/schedule'
import * as cohortModule from '~/routes/cohorts.$cohortId._index'
import * as enrolModule from '~/routes/cohorts.$cohortId.enrol'
import * as cohortsModule from '~/routes/cohorts._index'
import * as newCohortModule from '~/routes/cohorts.new'
import * as decisionsModule from '~/routes/groups.$groupId.decisions'
import * as sessionModule from '~/routes/groups.$groupId.weeks.$week'
import * as participantModule from '~/routes/participants.$participantId'
import { createUser } from '../support/factories'
import { groupOf, load, post, type RouteModule } from './route-helpers'

/**
 * "Every accepted input renders without a 5xx" (issue 9): post the edge values the forms accept
 * (longest texts, unicode, the first and last dates allowed) through the routes, then load every
 * page that shows them. Each must answer 200.
 */

const route = (m: unknown) => m as RouteModule
const TZ = 'America/New_York'
const db = () => getDb()

/** `n` characters (UTF-16 units, as the schemas count them) of mixed-script text. */
const text = (n: number, seed = 'Ñandú São Zoë Łódź Çağrı Ø 北京 مرحبا — ') =>
  seed.repeat(Math.ceil(n / seed.length)).slice(0, n)
const today = localDate(new Date(), TZ)
const utcToday = new Date().toISOString().slice(0, 10)

async function createCohortAt(startDate: string, tag: string, coordinator: { id: number }, lead: { id: number }) {
  const weekday = new Date(`${startDate}T12:00:00Z`).getUTCDay()
  const form = {
    name: `${tag} ${text(120)}`.slice(0, 120),
    startDate,
    weekday: String(weekday),
    startTime: '23:59',
    timeZone: TZ,
    mroccName: `${tag} ${text(60, 'Ceiba Ñ ')}`.slice(0, 60),
    rsName: `${tag} ${text(60, 'Álamo Ç ')}`.slice(0, 60),
    mroccFacilitators: String(lead.id),
    rsFacilitators: String(lead.id),
  }
  const o = await post(route(newCohortModule), coordinator, '/cohorts/new', {}, form)
  expect(o.status, `cohort starting ${startDate}`).toBe(302)
  return Number(o.location!.split('/').pop())
}

async function enrolEdge(cohortId: number, coordinator: { id: number }, n: number, consentedAt: string) {
  const studyId = `${n}${'Z'.repeat(20)}`.slice(0, 20)
  const local = `${n}.${'a'.repeat(64)}`.slice(0, 64)
  const domain = `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(50)}.example.test`
  const contactEmail = `${local}@${domain}`.slice(0, 254)
  const o = await post(
    route(enrolModule),
    coordinator,
    `/cohorts/${cohortId}/enrol`,
    { cohortId: String(cohortId) },
    {
      studyId,
      contactEmail,
      contactPhone: '+1 (555) 010-0100 ext. 12345'.slice(0, 30),
      gender: 'Woman',
      raceEthnicity: 'Hispanic or Latino',
      language: 'Spanish',
      consentedAt,
      eligible: 'on',
      consented: 'on',
    },
  )
  expect(o.status, `enrol ${studyId} (${contactEmail.length} chars)`).toBe(302)
  return db().select().from(participants).where(eq(participants.studyId, studyId)).get()!.id
}

describe('every accepted input renders without a 5xx', () => {
  test('edge values posted through the forms; every page that shows them answers 200', async () => {
    const coordinator = await createUser('coordinator')
    const lead = await createUser('facilitator')
    const supervisor = await createUser('supervisor')
    const window = startDateWindow(utcToday)
    // the first and last start dates the window accepts, and one in the middle of the programme
    const oldest = await createCohortAt(window.earliest, 'E1', coordinator, lead)
    const newest = await createCohortAt(window.latest, 'E2', coordinator, lead)
    const running = await createCohortAt(addDays(today, -70), 'E3', coordinator, lead)
    expect(db().select().from(cohorts).where(eq(cohorts.id, newest)).get()!.startDate).toBe(window.latest)

    const people: { cohortId: number; id: number }[] = []
    let n = 0
    for (const cohortId of [oldest, newest, running]) {
      for (const consentedAt of [EARLIEST_EVENT_DATE, today]) {
        const id = await enrolEdge(cohortId, coordinator, ++n, consentedAt)
        people.push({ cohortId, id })
      }
      // one randomized and invited (so it has a display name), one left unrandomized
      const [first] = people.filter((p) => p.cohortId === cohortId)
      randomizeParticipant(first.id, coordinator.id)
      inviteParticipant(first.id, 'Temp', coordinator.id)
      const details = await post(
        route(participantModule),
        coordinator,
        `/participants/${first.id}`,
        { participantId: String(first.id) },
        {
          intent: 'details',
          version: '1',
          contactEmail: db().select().from(participants).where(eq(participants.id, first.id)).get()!.contactEmail,
          contactPhone: '0'.repeat(30),
          displayName: text(120, 'José Ñúñez 🙂 '),
        },
      )
      expect(details.status, 'details').toBe(302)
    }

    // adverse events with the longest texts and the boundary onset dates, one serious
    for (const { id } of people) {
      for (const [onsetDate, serious] of [
        [EARLIEST_EVENT_DATE, 'no'],
        [today, 'yes'],
      ] as const) {
        const o = await post(
          route(participantModule),
          coordinator,
          `/participants/${id}`,
          { participantId: String(id) },
          {
            intent: 'ae',
            description: text(2000, 'Mareo — náusea; 头晕 <b>not html</b> & "quotes"\n'),
            onsetDate,
            severity: 'severe',
            relatedness: 'definitely',
            expectedness: 'unexpected',
            serious,
            ...(serious === 'yes' ? { confirmSerious: 'on' } : {}),
            actionTaken: text(1000),
          },
        )
        expect(o.status, `ae ${onsetDate}`).toBe(302)
      }
    }

    // week-8 decisions in the running cohort: eligible by attendance, longest note, then a correction
    const group = groupOf(running, 'mrocc')
    const members = db().select().from(participants).where(eq(participants.groupId, group.id)).all()
    for (const w of [5, 6, 7, 8]) {
      const m = db()
        .insert(meetings)
        .values({ groupId: group.id, week: w, scheduledAt: `${addDays(today, -70 + 7 * (w - 1))}T23:00:00Z` })
        .returning()
        .get()
      for (const p of members)
        db().insert(attendance).values({ meetingId: m.id, participantId: p.id, status: 'present' }).run()
    }
    for (const p of members) {
      const decide = (fields: Record<string, string | string[]>) =>
        post(
          route(decisionsModule),
          lead,
          `/groups/${group.id}/decisions`,
          { groupId: String(group.id) },
          {
            intent: 'decide',
            participantId: String(p.id),
            offeredAt: today,
            ...fields,
          },
        )
      expect((await decide({ decision: 'continue', reasons: ['other'], note: text(1000), version: '0' })).status).toBe(
        302,
      )
      expect(
        (await decide({ decision: 'decline', note: text(1000), correctionReason: text(1000), version: '1' })).status,
      ).toBe(302)
    }

    // every page that shows them
    const pages: [string, RouteModule, { id: number }, string, Record<string, string>][] = [
      ['cohort list (supervisor: serious events)', route(cohortsModule), supervisor, '/cohorts', {}],
      ['cohort list (coordinator)', route(cohortsModule), coordinator, '/cohorts', {}],
    ]
    for (const cohortId of [oldest, newest, running]) {
      pages.push([
        'cohort page',
        route(cohortModule),
        coordinator,
        `/cohorts/${cohortId}`,
        { cohortId: String(cohortId) },
      ])
      pages.push([
        'cohort page (facilitator)',
        route(cohortModule),
        lead,
        `/cohorts/${cohortId}`,
        { cohortId: String(cohortId) },
      ])
      const mrocc = groupOf(cohortId, 'mrocc').id
      const rs = groupOf(cohortId, 'recovery_support').id
      pages.push([
        'decisions page',
        route(decisionsModule),
        lead,
        `/groups/${mrocc}/decisions`,
        { groupId: String(mrocc) },
      ])
      for (const groupId of [mrocc, rs])
        for (const week of ['1', '8', '9', '24'])
          pages.push([
            `session screen week ${week}`,
            route(sessionModule),
            lead,
            `/groups/${groupId}/weeks/${week}`,
            { groupId: String(groupId), week },
          ])
    }
    for (const { id } of people)
      for (const who of [coordinator, supervisor])
        pages.push([
          'participant page',
          route(participantModule),
          who,
          `/participants/${id}`,
          { participantId: String(id) },
        ])
    for (const [what, mod, user, url, params] of pages) {
      const o = await load(mod, user, url, params)
      expect(o.status, `${what}: ${url}`).toBe(200)
    }
  })
})

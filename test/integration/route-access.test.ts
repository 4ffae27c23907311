import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import type { users } from '#db/schema'
import { getGroup } from '~/domain/groups.server'
import { saveMeeting } from '~/domain/meetings.server'
import { currentWeek } from '~/domain/schedule'
import { createInvitation } from '~/auth/invitations.server'
import { START_PAGE } from '~/auth/permissions'
import { listGuides, listLessons } from '~/content/content.server'
import { createTestCohort, createUser, enrolTestParticipant, participantUser } from '../support/factories'
import { mp3Bytes, uploadRequest } from '../support/recordings'
import { groupOf, load, loginRedirect, placeIn, post, type Outcome, type RouteModule } from './route-helpers'

/**
 * The access matrix: every route module in app/routes, who may load it (GET) and who may post
 * to it (POST), for every kind of person. Allowed loads get 200 (or the route's own redirect);
 * allowed posts of an empty form get past authorization into validation (400, nothing written).
 * Staff without the permission get 403; participants get 403, or 404 where existence itself
 * would tell them something (curriculum, and any route naming a resource); signed-out visitors
 * are sent to /login?redirectTo=<where they were going>.
 *
 * Adding a route file without a row here fails the "every route file has a row" test.
 */

const ACTORS = [
  'admin',
  'dataManager',
  'coordinator',
  'supervisor',
  'facilitator',
  'otherFacilitator',
  'participant',
  'anonymous',
] as const
type Actor = (typeof ACTORS)[number]
const STAFF: Actor[] = ['admin', 'dataManager', 'coordinator', 'supervisor', 'facilitator', 'otherFacilitator']
/** staff who read lessons and guides (the data manager does not) */
const CURRICULUM: Actor[] = STAFF.filter((a) => a !== 'dataManager')
const SIGNED_IN: Actor[] = [...STAFF, 'participant']

type User = typeof users.$inferSelect
type Fixtures = {
  users: Record<Actor, User | null>
  cohortA: number
  cohortB: number
  groupA: number
  groupARS: number
  groupB: number
  participantA: number
  participantARS: number
  participantB: number
  ownGuide: string
  inviteToken: string
  meetingA: number
}

/** 'login' = 302 to /login?redirectTo=…; { redirect } = 302 to that place; a number = that status. */
type Expected = number | 'login' | { redirect: string }
type Matrix = Record<Actor, Expected>

const startPage = (a: Actor) =>
  START_PAGE[
    a === 'otherFacilitator'
      ? 'facilitator'
      : a === 'anonymous'
        ? 'participant'
        : a === 'dataManager'
          ? 'data_manager'
          : a
  ]

/** Group A's session screen this week (read when checked: the fixtures exist by then). */
const thisWeekOfGroupA = {
  get redirect() {
    const week = currentWeek(getGroup(f.groupA)!.schedule, new Date())
    return `/groups/${f.groupA}/weeks/${Math.min(24, Math.max(1, week))}`
  },
}

/** Allowed actors get `ok`; other staff 403; a participant `participantRefusal`; anonymous the login redirect. */
function access(
  allowed: Actor[],
  ok: Expected | ((a: Actor) => Expected),
  participantRefusal: 403 | 404 = 403,
): Matrix {
  return Object.fromEntries(
    ACTORS.map((a) => [
      a,
      allowed.includes(a)
        ? typeof ok === 'function'
          ? ok(a)
          : ok
        : a === 'anonymous'
          ? 'login'
          : a === 'participant'
            ? participantRefusal
            : 403,
    ]),
  ) as Matrix
}
const everyone = (e: Expected | ((a: Actor) => Expected)): Matrix => access([...ACTORS], e)

type Row = {
  url: (f: Fixtures) => string
  params: (f: Fixtures) => Record<string, string>
  /** present exactly when the module exports a loader */
  loader?: Matrix
  /** present exactly when the module exports an action; POSTed with an empty form */
  action?: Matrix
}

const ROUTES: Record<string, Row> = {
  '_index.tsx': {
    url: () => '/',
    params: () => ({}),
    loader: access(SIGNED_IN, (a) => ({ redirect: startPage(a) })),
  },
  'account.tsx': {
    url: () => '/account',
    params: () => ({}),
    loader: access(SIGNED_IN, 200),
    action: access(SIGNED_IN, 400),
  },
  // Reminder choices (issue 13): everyone's own; participants choose kinds, staff alert emails.
  'account_.reminders.tsx': {
    url: () => '/account/reminders',
    params: () => ({}),
    loader: access(SIGNED_IN, 200),
    action: access(SIGNED_IN, 400),
  },
  'admin.allocation.tsx': {
    url: () => '/admin/allocation',
    params: () => ({}),
    loader: access(['dataManager'], 200),
  },
  'admin.audit-log.tsx': {
    url: () => '/admin/audit-log',
    params: () => ({}),
    loader: access(['admin', 'dataManager'], 200),
  },
  'admin.audit-log[.csv].tsx': {
    url: () => '/admin/audit-log.csv',
    params: () => ({}),
    loader: access(['admin', 'dataManager'], 200),
  },
  'admin.outbox.tsx': {
    url: () => '/admin/outbox',
    params: () => ({}),
    loader: access(['admin'], 200),
  },
  'admin.users.tsx': {
    url: () => '/admin/users',
    params: () => ({}),
    loader: access(['admin'], 200),
    action: access(['admin'], 400),
  },
  // Alerts about participants (issue 13): facilitators (their own groups) and coordinators.
  'alerts.tsx': {
    url: () => '/alerts',
    params: () => ({}),
    loader: access(['coordinator', 'facilitator', 'otherFacilitator'], 200),
    action: access(['coordinator', 'facilitator', 'otherFacilitator'], 400),
  },
  'cohorts.$cohortId._index.tsx': {
    url: (f) => `/cohorts/${f.cohortA}`,
    params: (f) => ({ cohortId: String(f.cohortA) }),
    loader: access(['admin', 'dataManager', 'coordinator', 'supervisor', 'facilitator'], 200, 404),
    action: access(['coordinator'], 400, 404),
  },
  'cohorts.$cohortId.enrol.tsx': {
    url: (f) => `/cohorts/${f.cohortA}/enrol`,
    params: (f) => ({ cohortId: String(f.cohortA) }),
    loader: access(['coordinator'], 200, 404),
    action: access(['coordinator'], 400, 404),
  },
  'cohorts.$cohortId.screening.tsx': {
    url: (f) => `/cohorts/${f.cohortA}/screening`,
    params: (f) => ({ cohortId: String(f.cohortA) }),
    loader: access(['coordinator'], 200, 404),
    action: access(['coordinator'], 400, 404),
  },
  'cohorts._index.tsx': {
    url: () => '/cohorts',
    params: () => ({}),
    loader: access(STAFF, 200),
    // acknowledging a serious adverse event
    action: access(['supervisor'], 400),
  },
  'cohorts.new.tsx': {
    url: () => '/cohorts/new',
    params: () => ({}),
    loader: access(['coordinator'], 200),
    action: access(['coordinator'], 400),
  },
  'curriculum.$arm.$week._index.tsx': {
    url: () => '/curriculum/mrocc/1',
    params: () => ({ arm: 'mrocc', week: '1' }),
    loader: access(CURRICULUM, 200, 404),
  },
  'curriculum.$arm.$week.print.tsx': {
    url: () => '/curriculum/recovery-support/3/print',
    params: () => ({ arm: 'recovery-support', week: '3' }),
    loader: access(CURRICULUM, 200, 404),
  },
  'curriculum._index.tsx': {
    url: () => '/curriculum',
    params: () => ({}),
    loader: access(CURRICULUM, 200, 404),
  },
  // Managing recordings: admins and coordinators; the URL names no participant data (403 for others).
  'curriculum.practices.$slug_.recordings.tsx': {
    url: (f) => `/curriculum/practices/${f.ownGuide}/recordings`,
    params: (f) => ({ slug: f.ownGuide }),
    loader: access(['admin', 'coordinator'], 200),
    action: access(['admin', 'coordinator'], 400),
  },
  'curriculum.practices.$slug.tsx': {
    url: () => '/curriculum/practices/urge-surfing',
    params: () => ({ slug: 'urge-surfing' }),
    loader: access(CURRICULUM, 200, 404),
  },
  'data.consort.tsx': {
    url: () => '/data/consort',
    params: () => ({}),
    loader: access(['dataManager'], 200),
  },
  'data.exports.tsx': {
    url: () => '/data/exports',
    params: () => ({}),
    loader: access(['dataManager'], 200),
    action: access(['dataManager'], 400),
  },
  'data.exports.download.tsx': {
    url: () => '/data/exports/download',
    params: () => ({}),
    loader: access(['dataManager'], 400),
  },
  'data.outcomes.tsx': {
    url: () => '/data/outcomes',
    params: () => ({}),
    loader: access(['dataManager'], 200),
  },
  'groups.$groupId.decisions.tsx': {
    url: (f) => `/groups/${f.groupA}/decisions`,
    params: (f) => ({ groupId: String(f.groupA) }),
    loader: access(['facilitator'], 200, 404),
    action: access(['facilitator'], 400, 404),
  },
  'groups.$groupId._index.tsx': {
    url: (f) => `/groups/${f.groupA}`,
    params: (f) => ({ groupId: String(f.groupA) }),
    loader: access(['facilitator'], thisWeekOfGroupA, 404),
  },
  'groups.$groupId.weeks._index.tsx': {
    url: (f) => `/groups/${f.groupA}/weeks`,
    params: (f) => ({ groupId: String(f.groupA) }),
    loader: access(['facilitator'], thisWeekOfGroupA, 404),
  },
  'groups.$groupId.weeks.$week.tsx': {
    url: (f) => `/groups/${f.groupA}/weeks/1`,
    params: (f) => ({ groupId: String(f.groupA), week: '1' }),
    loader: access(['facilitator'], 200, 404),
    action: access(['facilitator'], 400, 404),
  },
  'groups._index.tsx': {
    url: () => '/groups',
    params: () => ({}),
    loader: access(STAFF, 200),
  },
  // Public: the one-time set-password page works for anyone holding a live link.
  // The secret in the URL is the credential: a made-up one is a 404 for everyone, signed in or not.
  'calendar.$token.tsx': {
    url: () => '/calendar/not-a-secret.ics',
    params: () => ({ token: 'not-a-secret.ics' }),
    loader: everyone(404),
  },
  'account_.calendar.tsx': {
    url: () => '/account/calendar',
    params: () => ({}),
    loader: access(['facilitator', 'otherFacilitator', 'participant'], 200),
    action: access(['facilitator', 'otherFacilitator', 'participant'], 400),
  },
  'invite.$token.tsx': {
    url: (f) => `/invite/${f.inviteToken}`,
    params: (f) => ({ token: f.inviteToken }),
    loader: everyone(200),
    action: everyone(400),
  },
  // Public: signed-in people are sent to their start page.
  'language.tsx': {
    url: () => '/language',
    params: () => ({}),
    loader: everyone({ redirect: '/' }),
    action: everyone({ redirect: '/' }),
  },
  'login.tsx': {
    url: () => '/login',
    params: () => ({}),
    loader: everyone((a) => (a === 'anonymous' ? 200 : { redirect: startPage(a) })),
    action: everyone(400),
  },
  'logout.tsx': {
    url: () => '/logout',
    params: () => ({}),
    loader: everyone({ redirect: '/' }),
    action: everyone({ redirect: '/login' }),
  },
  'me._index.tsx': {
    url: () => '/me',
    params: () => ({}),
    loader: access(['participant'], 200),
  },
  'me.check-in.tsx': {
    url: () => '/me/check-in',
    params: () => ({}),
    loader: access(['participant'], 200),
    action: access(['participant'], 400),
  },
  'me.check-in_.history.tsx': {
    url: () => '/me/check-in/history',
    params: () => ({}),
    loader: access(['participant'], 200),
  },
  'me.practice.$slug.tsx': {
    url: (f) => `/me/practice/${f.ownGuide}`,
    params: (f) => ({ slug: f.ownGuide }),
    loader: access(['participant'], 200),
  },
  'me.practice._index.tsx': {
    url: () => '/me/practice',
    params: () => ({}),
    loader: access(['participant'], 200),
    action: access(['participant'], 400),
  },
  'me.support.tsx': {
    url: () => '/me/support',
    params: () => ({}),
    loader: access(['participant'], 200),
  },
  'fidelity._index.tsx': {
    url: () => '/fidelity',
    params: () => ({}),
    loader: access(['admin', 'supervisor'], 200),
    action: access(['admin', 'supervisor'], 400),
  },
  'fidelity.reports.tsx': {
    url: () => '/fidelity/reports',
    params: () => ({}),
    loader: access(['admin', 'supervisor'], 200),
  },
  // Released feedback: only the facilitators of the session's group (others 403).
  'meetings.$meetingId.feedback.tsx': {
    url: (f) => `/meetings/${f.meetingA}/feedback`,
    params: (f) => ({ meetingId: String(f.meetingA) }),
    loader: access(['facilitator'], 200, 404),
    action: access(['facilitator'], 400, 404),
  },
  // A recording is served to supervisors only; this session has none, so they get 404.
  'meetings.$meetingId.recording.tsx': {
    url: (f) => `/meetings/${f.meetingA}/recording`,
    params: (f) => ({ meetingId: String(f.meetingA) }),
    loader: access(['supervisor'], 404, 404),
  },
  'meetings.$meetingId.audit.tsx': {
    url: (f) => `/meetings/${f.meetingA}/audit`,
    params: (f) => ({ meetingId: String(f.meetingA) }),
    loader: access(['supervisor'], 200, 404),
    action: access(['supervisor'], 400, 404),
  },
  'participants.$participantId.tsx': {
    url: (f) => `/participants/${f.participantA}`,
    params: (f) => ({ participantId: String(f.participantA) }),
    loader: access(['coordinator', 'supervisor', 'facilitator'], 200, 404),
    action: access(['coordinator', 'facilitator'], 400, 404),
  },
  // A guide's recording: participants of the guide's arm and staff who manage recordings.
  'recordings.$slug.$lang.tsx': {
    url: (f) => `/recordings/${f.ownGuide}/en`,
    params: (f) => ({ slug: f.ownGuide, lang: 'en' }),
    loader: access(['admin', 'coordinator', 'participant'], 200),
  },
  'reports.tsx': {
    url: () => '/reports',
    params: () => ({}),
    loader: access(['admin', 'dataManager', 'coordinator', 'supervisor'], 200),
  },
  // The keep-alive answers 401 (not a login redirect) so a page can keep what was typed.
  'screening.criteria.tsx': {
    url: () => '/screening/criteria',
    params: () => ({}),
    loader: access(['admin', 'coordinator'], 200),
    action: access(['admin', 'coordinator'], 400),
  },
  'reminders.preview.tsx': {
    url: () => '/reminders/preview',
    params: () => ({}),
    loader: access(STAFF, 200),
  },
  'session.keepalive.tsx': {
    url: () => '/session/keepalive',
    params: () => ({}),
    action: Object.fromEntries(ACTORS.map((a) => [a, a === 'anonymous' ? 401 : 200])) as Matrix,
  },
  'settings.tsx': {
    url: () => '/settings',
    params: () => ({}),
    loader: access(['admin', 'coordinator'], 200),
    action: access(['admin', 'coordinator'], 400),
  },
  // Public: the signed token is the credential; a made-up one is not found, for everyone.
  'unsubscribe.$token.tsx': {
    url: () => '/unsubscribe/1.survey_open.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    params: () => ({ token: '1.survey_open.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }),
    loader: everyone(404),
    action: everyone(404),
  },
}

const ROUTES_DIR = path.resolve('app/routes')
const modules = Object.fromEntries(
  Object.entries(import.meta.glob<RouteModule>('/app/routes/*.{ts,tsx}')).map(([file, importer]) => [
    path.basename(file),
    importer,
  ]),
)

let f: Fixtures

beforeAll(async () => {
  const admin = await createUser('admin')
  const dataManager = await createUser('data_manager')
  const coordinator = await createUser('coordinator')
  const supervisor = await createUser('supervisor')
  const facilitator = await createUser('facilitator')
  const facilitatorRS = await createUser('facilitator')
  const otherFacilitator = await createUser('facilitator')
  const cohortA = createTestCohort({
    facilitators: { mrocc: [facilitator.id], recovery_support: [facilitatorRS.id] },
    actorId: coordinator.id,
  })
  const cohortB = createTestCohort({
    facilitators: { mrocc: [otherFacilitator.id], recovery_support: [otherFacilitator.id] },
    actorId: coordinator.id,
  })
  const groupA = groupOf(cohortA, 'mrocc').id
  const groupARS = groupOf(cohortA, 'recovery_support').id
  const groupB = groupOf(cohortB, 'mrocc').id
  const enrolIn = async (cohortId: number, groupId: number) => {
    const { id } = enrolTestParticipant(cohortId, coordinator.id, false)
    placeIn(id, groupId)
    return { id, user: await participantUser(id) }
  }
  const pA = await enrolIn(cohortA, groupA)
  const pARS = await enrolIn(cohortA, groupARS)
  const pB = await enrolIn(cohortB, groupB)
  const invited = await createUser('supervisor', { passwordHash: null })
  // a recording of the participant's own guide, for the recording route's row
  const ownGuide = listGuides('mrocc')[0].slug
  const recordings = await modules['curriculum.practices.$slug_.recordings.tsx']()
  await recordings.action!({
    request: await uploadRequest(coordinator, `/curriculum/practices/${ownGuide}/recordings`, {
      bytes: mp3Bytes(),
      type: 'audio/mpeg',
    }),
    params: { slug: ownGuide },
    context: {},
  })
  f = {
    users: {
      admin,
      dataManager,
      coordinator,
      supervisor,
      facilitator,
      otherFacilitator,
      participant: pA.user,
      anonymous: null,
    },
    cohortA,
    cohortB,
    groupA,
    groupARS,
    groupB,
    participantA: pA.id,
    participantARS: pARS.id,
    participantB: pB.id,
    ownGuide: listGuides('mrocc')[0].slug,
    inviteToken: createInvitation(invited.id, admin.id).split('/').pop()!,
    meetingA: saveMeeting(
      {
        version: 0,
        groupId: groupA,
        week: 1,
        scheduledAt: '2026-09-01T22:00:00.000Z',
        status: 'held',
        checkinMinutes: 30,
        groupMinutes: 60,
        notes: null,
        lesson: { slug: 'mrocc/week-01', hash: listLessons('mrocc')[0].hash },
        facilitatorIds: [facilitator.id],
        attendance: [{ participantId: pA.id, status: 'present', note: null }],
        fidelity: {},
      },
      facilitator.id,
    ),
  }
})

function expectOutcome(o: Outcome, expected: Expected, url: string) {
  if (expected === 'login') {
    expect(o.status).toBe(302)
    expect(o.location).toBe(loginRedirect(url))
  } else if (typeof expected === 'object') {
    expect(o.status).toBe(302)
    expect(o.location).toBe(expected.redirect)
  } else {
    expect(o.status).toBe(expected)
    // Refusals are thrown (nothing after authorize runs); validation errors are returned.
    if (expected === 403 || expected === 404) expect(o.thrown).toBe(true)
    if (expected === 400) expect(o.thrown).toBe(false)
  }
}

describe('every route file has a row in the access table', () => {
  test('the table lists exactly the files in app/routes', () => {
    const files = fs
      .readdirSync(ROUTES_DIR)
      .filter((name) => /\.(ts|tsx)$/.test(name) && !name.includes('.test.'))
      .sort()
    expect(Object.keys(ROUTES).sort()).toEqual(files)
    expect(Object.keys(modules).sort()).toEqual(files)
  })

  test.each(Object.keys(ROUTES))('%s: the table covers its loader and action, and only those', async (file) => {
    const mod = await modules[file]()
    expect(!!ROUTES[file].loader, `${file}: loader row present iff the module exports a loader`).toBe(
      typeof mod.loader === 'function',
    )
    expect(!!ROUTES[file].action, `${file}: action row present iff the module exports an action`).toBe(
      typeof mod.action === 'function',
    )
  })
})

describe.each(Object.entries(ROUTES))('%s', (file, row) => {
  if (row.loader) {
    const loader = row.loader
    test.each(ACTORS.map((a) => [a]))('GET as %s', async (actor) => {
      const mod = await modules[file]()
      const url = row.url(f)
      expectOutcome(await load(mod, f.users[actor], url, row.params(f)), loader[actor], url)
    })
  }

  if (row.action) {
    const action = row.action
    test.each(ACTORS.map((a) => [a]))('POST as %s', async (actor) => {
      const mod = await modules[file]()
      const url = row.url(f)
      expectOutcome(await post(mod, f.users[actor], url, row.params(f), {}), action[actor], url)
    })
  }
})

describe('resource checks: a facilitator acts only on the groups they lead', () => {
  const mod = (file: string) => modules[file]()

  test("cannot open another group's session runner (same cohort or another cohort), GET or POST", async () => {
    const runner = await mod('groups.$groupId.weeks.$week.tsx')
    for (const groupId of [f.groupARS, f.groupB]) {
      const url = `/groups/${groupId}/weeks/1`
      const params = { groupId: String(groupId), week: '1' }
      expect((await load(runner, f.users.facilitator, url, params)).status).toBe(403)
      expect((await post(runner, f.users.facilitator, url, params, { status: 'cancelled' })).status).toBe(403)
    }
    // …while their own group's runner opens.
    expect(
      (await load(runner, f.users.facilitator, `/groups/${f.groupA}/weeks/1`, { groupId: String(f.groupA), week: '1' }))
        .status,
    ).toBe(200)
  })

  test("cannot open another group's decisions page, GET or POST", async () => {
    const decisions = await mod('groups.$groupId.decisions.tsx')
    const url = `/groups/${f.groupB}/decisions`
    const params = { groupId: String(f.groupB) }
    expect((await load(decisions, f.users.facilitator, url, params)).status).toBe(403)
    expect(
      (
        await post(decisions, f.users.facilitator, url, params, {
          participantId: String(f.participantB),
          offeredAt: '2026-10-20',
          decision: 'continue',
        })
      ).status,
    ).toBe(403)
  })

  test("cannot open another cohort's page", async () => {
    const cohort = await mod('cohorts.$cohortId._index.tsx')
    expect(
      (await load(cohort, f.users.facilitator, `/cohorts/${f.cohortB}`, { cohortId: String(f.cohortB) })).status,
    ).toBe(403)
    expect(
      (await load(cohort, f.users.otherFacilitator, `/cohorts/${f.cohortB}`, { cohortId: String(f.cohortB) })).status,
    ).toBe(200)
  })

  test('cannot open the page of a participant outside their groups (another group of the same cohort, or another cohort)', async () => {
    const person = await mod('participants.$participantId.tsx')
    for (const id of [f.participantARS, f.participantB]) {
      const url = `/participants/${id}`
      const params = { participantId: String(id) }
      expect((await load(person, f.users.facilitator, url, params)).status).toBe(403)
      expect((await post(person, f.users.facilitator, url, params, {})).status).toBe(403)
    }
  })

  test('resources that do not exist are 404 for staff who could otherwise see them', async () => {
    expect(
      (
        await load(await mod('cohorts.$cohortId._index.tsx'), f.users.coordinator, '/cohorts/999999', {
          cohortId: '999999',
        })
      ).status,
    ).toBe(404)
    expect(
      (
        await load(await mod('participants.$participantId.tsx'), f.users.coordinator, '/participants/999999', {
          participantId: '999999',
        })
      ).status,
    ).toBe(404)
    expect(
      (
        await load(await mod('groups.$groupId.weeks.$week.tsx'), f.users.facilitator, '/groups/999999/weeks/1', {
          groupId: '999999',
          week: '1',
        })
      ).status,
    ).toBe(404)
    expect(
      (
        await load(await mod('groups.$groupId.weeks.$week.tsx'), f.users.facilitator, `/groups/${f.groupA}/weeks/25`, {
          groupId: String(f.groupA),
          week: '25',
        })
      ).status,
    ).toBe(404)
    expect(
      (
        await load(await mod('curriculum.$arm.$week._index.tsx'), f.users.supervisor, '/curriculum/control/1', {
          arm: 'control',
          week: '1',
        })
      ).status,
    ).toBe(404)
    expect(
      (await load(await mod('invite.$token.tsx'), null, '/invite/not-a-token', { token: 'not-a-token' })).status,
    ).toBe(410) // an unknown, used or expired link is gone (ADR 008)
  })

  test('the week-8 decisions page exists only where the decision applies (not for the second group by default)', async () => {
    const decisions = await mod('groups.$groupId.decisions.tsx')
    const rsLead = await createUser('facilitator')
    const cohort = createTestCohort({
      facilitators: { mrocc: [rsLead.id], recovery_support: [rsLead.id] },
      actorId: f.users.coordinator!.id,
    })
    const rs = groupOf(cohort, 'recovery_support').id
    expect((await load(decisions, rsLead, `/groups/${rs}/decisions`, { groupId: String(rs) })).status).toBe(404)
  })
})

/**
 * End-to-end fixtures: what a test needs, created in the running server's own SQLite file
 * (global-setup.ts provides its path) through the app's domain functions, so a test depends on
 * nothing but itself — not on the demo rows, nor on what another test did. SQLite in WAL mode lets
 * this second connection write while the server serves. See README.md in this folder.
 */
import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { inject } from 'vitest'
import { groups, users, type Arm, type Role } from '#db/schema'
import { acceptInvitation } from '~/auth/invitations.server'
import { hashPassword } from '~/auth/password.server'
import { createCohort, enrolParticipant, randomizeParticipant } from '~/domain/cohorts.server'
import { decisionRoster, recordDecision } from '~/domain/decisions.server'
import { saveMeeting } from '~/domain/meetings.server'
import { addToQueue } from '~/domain/audit-queue.server'
import { inviteParticipant } from '~/domain/participants.server'
import { addDays, currentWeek, localDate, meetingInstant, type CohortSchedule } from '~/domain/schedule'
import { inviteUser } from '~/domain/users.server'
import { contentLessons } from '~/demo/seed.server'
import { getDb } from '~/db.server'
import { START_PAGE } from '~/auth/permissions'
import { resetEnv } from '~/env.server'

/** The password of every fixture login. */
export const FIXTURE_PASSWORD = 'fixture-pass-2026'

/** Where each role lands after signing in: the app's own table. */
export { START_PAGE }

export type Login = { id: number; email: string; password: string; name: string; role: Role; start: string }

let connected = false
/** Points this test process's `getDb()` at the e2e server's database (once). */
function db() {
  if (!connected) {
    const file = inject('databasePath') ?? process.env.E2E_DATABASE_PATH
    if (!file) throw new Error('The e2e database path is not set: run through `npm run test:e2e`.')
    process.env.DATABASE_PATH = file
    resetEnv()
    connected = true
  }
  return getDb()
}

/** A short unique tag, so names never collide with the demo or with other tests. */
export const uniqueTag = () => randomUUID().slice(0, 8)

let bootstrap: number | undefined
/** The fixtures' own admin, who creates the other accounts (the first account has no inviter). */
async function fixtureAdmin(): Promise<number> {
  if (bootstrap !== undefined) return bootstrap
  const tag = uniqueTag()
  bootstrap = db()
    .insert(users)
    .values({
      role: 'admin',
      email: `fixture-admin-${tag}@fixtures.test`,
      name: `Fixture Admin ${tag}`,
      passwordHash: await hashPassword(FIXTURE_PASSWORD),
    })
    .returning({ id: users.id })
    .get().id
  return bootstrap
}

async function acceptLink(link: string) {
  const userId = await acceptInvitation(link.split('/').pop()!, FIXTURE_PASSWORD)
  if (userId === null) throw new Error(`fixture: the invitation ${link} could not be accepted`)
  return userId
}

/** A staff login of `role` with FIXTURE_PASSWORD, invited and accepted the way a person would be. */
export async function createStaff(
  role: Exclude<Role, 'participant'>,
  options: { name?: string; timeZone?: string } = {},
): Promise<Login> {
  const tag = uniqueTag()
  const name = options.name ?? `${role[0].toUpperCase()}${role.slice(1)} ${tag}`
  const email = `${role}-${tag}@fixtures.test`
  const { userId, link } = inviteUser({ name, email, role, timeZone: options.timeZone }, await fixtureAdmin())
  await acceptLink(link)
  return { id: userId, email, password: FIXTURE_PASSWORD, name, role, start: START_PAGE[role] }
}

export type FixtureCohort = {
  id: number
  name: string
  schedule: CohortSchedule
  /** the programme week the cohort is in today */
  week: number
  coordinator: Login
  groups: Record<Arm, { id: number; name: string; facilitator: Login }>
}

/**
 * A cohort with both groups, each led by its own new facilitator (or the one given in
 * `facilitators`, e.g. to have one person lead groups in two cohorts), that started `weeksAgo`
 * weeks ago (so it is in week `weeksAgo + 1`), or starts in `startsInDays` days (week 1 not met
 * yet, whatever the time of day), created by a new coordinator. Meetings are at 18:00 New York
 * time.
 */
export async function createCohortWithGroups(
  options: {
    weeksAgo?: number
    startsInDays?: number
    name?: string
    facilitators?: Partial<Record<Arm, Login>>
  } = {},
): Promise<FixtureCohort> {
  db()
  const tag = uniqueTag()
  const coordinator = await createStaff('coordinator')
  const facilitators = {
    mrocc: options.facilitators?.mrocc ?? (await createStaff('facilitator')),
    recovery_support: options.facilitators?.recovery_support ?? (await createStaff('facilitator')),
  }
  const timeZone = 'America/New_York'
  const startDate = addDays(localDate(new Date(), timeZone), options.startsInDays ?? -7 * (options.weeksAgo ?? 0))
  const schedule: CohortSchedule = {
    startDate,
    weekday: new Date(`${startDate}T12:00:00Z`).getUTCDay(),
    startTime: '18:00',
    timeZone,
  }
  const name = options.name ?? `Fixture cohort ${tag}`
  const names = { mrocc: `Aspen ${tag}`, recovery_support: `Birch ${tag}` }
  const id = createCohort(
    {
      name,
      ...schedule,
      groups: {
        mrocc: { name: names.mrocc, facilitatorIds: [facilitators.mrocc.id] },
        recovery_support: { name: names.recovery_support, facilitatorIds: [facilitators.recovery_support.id] },
      },
    },
    coordinator.id,
  )
  const rows = getDb().select().from(groups).where(eq(groups.cohortId, id)).all()
  const group = (arm: Arm) => {
    const row = rows.find((g) => g.arm === arm)!
    return { id: row.id, name: row.name, facilitator: facilitators[arm] }
  }
  return {
    id,
    name,
    schedule,
    week: currentWeek(schedule, new Date()),
    coordinator,
    groups: { mrocc: group('mrocc'), recovery_support: group('recovery_support') },
  }
}

export type FixtureParticipant = { id: number; studyId: string; groupId: number; arm: Arm }

/**
 * Enrols `count` eligible, consented people into the cohort and randomizes each one. `language` is
 * the enrolment's preferred language ('Spanish' gives Spanish pages once they sign in).
 */
export function randomizedParticipants(
  cohort: FixtureCohort,
  count: number,
  options: { language?: 'English' | 'Spanish' } = {},
): FixtureParticipant[] {
  return Array.from({ length: count }, () => {
    const tag = uniqueTag()
    const id = enrolParticipant(
      cohort.id,
      {
        studyId: `FX-${tag}`,
        contactEmail: `participant-${tag}@fixtures.test`,
        contactPhone: null,
        gender: 'Woman',
        raceEthnicity: 'Hispanic or Latino',
        language: options.language ?? 'English',
        eligibilityConfirmed: true,
        consentedAt: addDays(cohort.schedule.startDate, -7),
      },
      cohort.coordinator.id,
    )
    const { groupId } = randomizeParticipant(id, cohort.coordinator.id)
    const arm: Arm = groupId === cohort.groups.mrocc.id ? 'mrocc' : 'recovery_support'
    return { id, studyId: `FX-${tag}`, groupId, arm }
  })
}

/** A participant login (FIXTURE_PASSWORD) for a randomized participant, through the invitation. */
export async function participantLogin(cohort: FixtureCohort, participant: FixtureParticipant): Promise<Login> {
  const name = `Participant ${participant.studyId}`
  const link = inviteParticipant(participant.id, name, cohort.coordinator.id)
  const id = await acceptLink(link)
  const { email } = getDb().select({ email: users.email }).from(users).where(eq(users.id, id)).get()!
  return { id, email, password: FIXTURE_PASSWORD, name, role: 'participant', start: START_PAGE.participant }
}

/**
 * Records weeks `1..throughWeek` (default: every week whose meeting has started) for both groups as
 * held, with the lesson taught, its fidelity checklist all delivered, and everyone present.
 * Returns the meeting ids by arm and week.
 */
export function recordMeetings(cohort: FixtureCohort, participants: FixtureParticipant[], throughWeek?: number) {
  const now = Date.now()
  const last =
    throughWeek ??
    Array.from({ length: cohort.week }, (_, i) => i + 1)
      .filter((w) => meetingInstant(cohort.schedule, w).getTime() <= now)
      .pop() ??
    0
  const ids: Record<Arm, Map<number, number>> = { mrocc: new Map(), recovery_support: new Map() }
  for (const arm of ['mrocc', 'recovery_support'] as const) {
    const group = cohort.groups[arm]
    for (let week = 1; week <= last; week++) {
      const lesson = contentLessons(arm, week)
      ids[arm].set(
        week,
        saveMeeting(
          {
            version: 0,
            groupId: group.id,
            week,
            scheduledAt: meetingInstant(cohort.schedule, week).toISOString(),
            status: 'held',
            checkinMinutes: 30,
            groupMinutes: 60,
            notes: null,
            lesson: lesson && { slug: lesson.slug, hash: lesson.hash },
            facilitatorIds: [group.facilitator.id],
            attendance: participants
              .filter((p) => p.groupId === group.id)
              .map((p) => ({ participantId: p.id, status: 'present' as const, note: null })),
            fidelity: Object.fromEntries((lesson?.fidelityIds ?? []).map((id) => [id, true])),
          },
          group.facilitator.id,
        ),
      )
    }
  }
  return ids
}

/**
 * Records a week-8 continuation decision (offered on the week-8 meeting day) for every member of
 * the cohort's `arm` group who met the eligibility rule, as the group's facilitator would (no
 * version check: see recordDecision). Returns the ids of the people decided for.
 */
export function recordDecisions(
  cohort: FixtureCohort,
  decision: 'continue' | 'decline' | 'undecided' = 'continue',
  arm: Arm = 'mrocc',
): number[] {
  db()
  const group = cohort.groups[arm]
  const eligible = decisionRoster(group.id).filter((m) => m.eligible)
  for (const m of eligible)
    recordDecision(
      {
        participantId: m.id,
        eligible: true,
        offeredAt: meetingInstant(cohort.schedule, 8).toISOString(),
        decision,
        reasons: decision === 'continue' ? ['finding-it-helpful'] : [],
        note: null,
      },
      group.facilitator.id,
    )
  return eligible.map((m) => m.id)
}

/**
 * Puts a held session in the fidelity audit queue by hand (as a supervisor would), so a test does
 * not depend on the random draw made when it was recorded as held.
 */
export function addToAuditQueue(meetingId: number, by: Login, secondRater = false) {
  db()
  return addToQueue(meetingId, by.id, secondRater)
}

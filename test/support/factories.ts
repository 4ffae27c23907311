import { eq } from 'drizzle-orm'
import { participants, users, type Role } from '#db/schema'
import { hashPassword } from '~/auth/password.server'
import { createSession } from '~/auth/session.server'
import { createCohort, enrolParticipant, randomizeParticipant } from '~/domain/cohorts.server'
import { getDb } from '~/db.server'

let counter = 0
const next = () => ++counter

export const TEST_PASSWORD = 'correct horse battery staple'

export async function createUser(role: Role, overrides: Partial<typeof users.$inferInsert> = {}) {
  const n = next()
  return getDb()
    .insert(users)
    .values({
      role,
      email: `${role}${n}@example.test`,
      name: `${role} ${n}`,
      passwordHash: await hashPassword(TEST_PASSWORD),
      ...overrides,
    })
    .returning()
    .get()
}

/** A Request carrying a real session cookie for the user. */
export async function requestAs(
  user: { id: number } | null,
  url: string,
  init: RequestInit & { form?: Record<string, string | string[]> } = {},
) {
  const headers = new Headers(init.headers)
  if (user) headers.set('Cookie', (await createSession(user.id)).split(';')[0])
  let body = init.body
  if (init.form) {
    const form = new URLSearchParams()
    for (const [k, v] of Object.entries(init.form)) for (const item of [v].flat()) form.append(k, item)
    body = form
    headers.set('Content-Type', 'application/x-www-form-urlencoded')
  }
  return new Request(new URL(url, 'http://localhost').toString(), {
    method: init.form ? 'POST' : init.method,
    headers,
    body,
  })
}

export function createTestCohort(opts: {
  facilitators?: { mrocc?: number[]; recovery_support?: number[] }
  actorId: number
  startDate?: string
  weekday?: number
}) {
  const n = next()
  return createCohort(
    {
      name: `Cohort ${n}`,
      startDate: opts.startDate ?? '2026-09-01',
      weekday: opts.weekday ?? 2,
      startTime: '18:00',
      timeZone: 'America/New_York',
      groups: {
        mrocc: { name: `Oak ${n}`, facilitatorIds: opts.facilitators?.mrocc ?? [] },
        recovery_support: { name: `Pine ${n}`, facilitatorIds: opts.facilitators?.recovery_support ?? [] },
      },
    },
    opts.actorId,
  )
}

export function enrolTestParticipant(cohortId: number, actorId: number, randomize = true) {
  const n = next()
  const id = enrolParticipant(
    cohortId,
    {
      studyId: `T-${n}`,
      contactEmail: `p${n}@example.test`,
      contactPhone: null,
      gender: 'Woman',
      raceEthnicity: 'Hispanic or Latino',
      language: 'Spanish',
      eligibilityConfirmed: true,
      consentedAt: '2026-08-20',
    },
    actorId,
  )
  const groupId = randomize ? randomizeParticipant(id, actorId).groupId : null
  return { id, groupId }
}

/** Links a participant record to a new participant login. */
export async function participantUser(participantId: number) {
  const user = await createUser('participant')
  getDb().update(participants).set({ userId: user.id }).where(eq(participants.id, participantId)).run()
  return user
}

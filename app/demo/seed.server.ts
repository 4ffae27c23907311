import { count, eq } from 'drizzle-orm'
import { groupFacilitators, groups, participants, users, type Arm } from '#db/schema'
import { hashPassword } from '~/auth/password.server'
import { findLessonMeta } from '~/content/content.server'
import { createCohort, enrolParticipant, randomizeParticipant } from '~/domain/cohorts.server'
import { isEligibleToContinue, DECISION_WEEK, INTENSIVE_FROM_WEEK, type Decision } from '~/domain/continuation'
import { recordDecision } from '~/domain/decisions.server'
import { recordAdverseEvent } from '~/domain/adverse-events.server'
import { recordToxResult, submitPromis, submitWeeklySurvey } from '~/domain/measures.server'
import { saveMeeting, type AttendanceStatus } from '~/domain/meetings.server'
import { addPractice } from '~/domain/practice-log.server'
import { seedDemoScreening } from '~/domain/screening.server'
import { updateProgrammeSettings } from '~/domain/settings.server'
import { addDays, currentWeek, localDate, meetingDate, meetingInstant } from '~/domain/schedule'
import { getDb } from '~/db.server'

export const DEMO_PASSWORD = 'demo-pass-2026'
export const DEMO_PARTICIPANT_EMAIL = 'participant@demo.test'

export type LessonLookup = (arm: Arm, week: number) => { slug: string; hash: string; fidelityIds: string[] } | null

/** The lessons of the compiled content, as the demo's meetings record them. */
export const contentLessons: LessonLookup = (arm, week) => {
  const lesson = findLessonMeta(arm, week)
  return lesson ? { slug: lesson.slug, hash: lesson.hash, fidelityIds: lesson.fidelity.map((f) => f.id) } : null
}

/** Small deterministic PRNG so the demo looks the same on every machine. */
function prng(seed: number) {
  return () => {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// prettier-ignore
const FIRST = ['Alex', 'Sam', 'Jamie', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Jordan', 'Avery', 'Quinn', 'Rosa', 'Luis',
  'Maya', 'Dev', 'Keisha', 'Tom', 'Ana', 'Marcus', 'Lena', 'Omar', 'Hana', 'Eli', 'Nia', 'Carlos']
// prettier-ignore
const LAST = ['Rivera', 'Nguyen', 'Smith', 'Johnson', 'Garcia', 'Brown', 'Lee', 'Martinez', 'Davis', 'Lopez', 'Wilson', 'Clark']
const GENDERS = ['Woman', 'Man', 'Woman', 'Man', 'Man', 'Non-binary']
const RACE = [
  'Non-Hispanic white',
  'Non-Hispanic white',
  'Hispanic or Latino',
  'Non-Hispanic Black',
  'Non-Hispanic Black',
  'Asian',
  'American Indian or Alaska Native',
  'More than one race',
]
const LANGUAGES = ['English', 'English', 'English', 'Spanish']

const COHORTS = [
  {
    name: 'Spring evening cohort',
    daysAgo: 16,
    startTime: '18:00',
    timeZone: 'America/New_York',
    size: 20,
    names: ['Cedar Group', 'Harbor Group'],
  },
  {
    name: 'Winter midday cohort',
    daysAgo: 72,
    startTime: '12:00',
    timeZone: 'America/Chicago',
    size: 22,
    names: ['Willow Group', 'Summit Group'],
  },
] as const

/**
 * Seeds the demo programme into an empty database (demo mode only; see app/startup.server.ts).
 * Everything is written through the app's own domain functions, inside one transaction: a failure
 * part-way leaves no demo rows at all. Returns false (and writes nothing) when the database
 * already has users.
 *
 * Two parts are raw inserts because the app has no synchronous write for them: logins with a
 * known password (the app only sets passwords through an emailed invitation, which is async),
 * and the link from a participant record to such a login.
 */
export async function seedDemoProgramme(lessons: LessonLookup, now = new Date()): Promise<boolean> {
  const db = getDb()
  const hasUsers = () => db.select({ n: count() }).from(users).get()!.n > 0
  if (hasUsers()) return false
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  return db.transaction(() => {
    // Checked again inside the transaction: another process may have seeded while we hashed.
    if (hasUsers()) return false
    buildDemo(lessons, now, passwordHash)
    return true
  })
}

function buildDemo(lessons: LessonLookup, now: Date, passwordHash: string) {
  const db = getDb()
  const rand = prng(2026)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]

  const login = (role: typeof users.$inferInsert.role, email: string, name: string, timeZone = 'America/New_York') =>
    db.insert(users).values({ role, email, name, passwordHash, timeZone }).returning({ id: users.id }).get().id
  login('admin', 'admin@demo.test', 'Dana Admin')
  login('data_manager', 'data.manager@demo.test', 'Devon Data-Manager')
  const coordinator = login('coordinator', 'coordinator@demo.test', 'Chris Coordinator')
  login('supervisor', 'supervisor@demo.test', 'Sandra Supervisor')
  const facilitator = login('facilitator', 'facilitator@demo.test', 'Frankie Facilitator', 'America/Chicago')
  const rsLeads = [
    login('facilitator', 'jordan.reyes@demo.test', 'Jordan Reyes'),
    login('facilitator', 'pat.okafor@demo.test', 'Pat Okafor', 'America/Chicago'),
  ]

  updateProgrammeSettings({ contactName: 'Programme team', contactPhone: '(555) 010-2026' }, coordinator)

  const today = localDate(now, 'America/New_York')
  let studyNo = 1
  let demoParticipant: number | null = null
  for (const [ci, spec] of COHORTS.entries()) {
    const startDate = addDays(today, -spec.daysAgo)
    const weekday = new Date(`${startDate}T12:00:00Z`).getUTCDay()
    const cohortId = createCohort(
      {
        name: spec.name,
        startDate,
        weekday,
        startTime: spec.startTime,
        timeZone: spec.timeZone,
        groups: {
          mrocc: { name: spec.names[0], facilitatorIds: [facilitator] },
          recovery_support: { name: spec.names[1], facilitatorIds: [rsLeads[ci]] },
        },
      },
      coordinator,
    )
    const schedule = { startDate, weekday, startTime: spec.startTime, timeZone: spec.timeZone }
    const week = currentWeek(schedule, now)
    const heldBy = (w: number) => meetingInstant(schedule, w).getTime() <= now.getTime()

    for (let i = 0; i < spec.size; i++) {
      const name = `${FIRST[(studyNo * 7) % FIRST.length]} ${LAST[(studyNo * 5) % LAST.length]}`
      const pid = enrolParticipant(
        cohortId,
        {
          studyId: `MR-${String(ci + 1).padStart(2, '0')}${String(i + 1).padStart(3, '0')}`,
          contactEmail: `p${studyNo}@participants.demo.test`,
          contactPhone: null,
          gender: pick(GENDERS),
          raceEthnicity: pick(RACE),
          language: pick(LANGUAGES),
          eligibilityConfirmed: true,
          consentedAt: addDays(startDate, -7),
        },
        coordinator,
      )
      const { groupId } = randomizeParticipant(pid, coordinator)
      const arm = db.select({ arm: groups.arm }).from(groups).where(eq(groups.id, groupId)).get()!.arm
      const isDemo = demoParticipant === null && ci === 1 && arm === 'mrocc'
      const userId = db
        .insert(users)
        .values({
          role: 'participant',
          email: isDemo ? DEMO_PARTICIPANT_EMAIL : `p${studyNo}@participants.demo.test`,
          name: isDemo ? 'Pat Participant' : name,
          passwordHash: isDemo ? passwordHash : null,
          timeZone: spec.timeZone,
        })
        .returning({ id: users.id })
        .get().id
      db.update(participants).set({ userId }).where(eq(participants.id, pid)).run()
      if (isDemo) demoParticipant = pid
      studyNo++
    }
    // The screening log behind this cohort (CONSORT): the enrolled, linked, and some who did not join.
    seedDemoScreening(
      cohortId,
      startDate,
      db
        .select({ id: participants.id })
        .from(participants)
        .where(eq(participants.cohortId, cohortId))
        .all()
        .map((p) => p.id),
      coordinator,
    )

    // Meetings held so far, with attendance, fidelity checklists and (M-ROCC) week-8 decisions.
    const cohortGroups = db.select().from(groups).where(eq(groups.cohortId, cohortId)).all()
    for (const group of cohortGroups) {
      const roster = db.select().from(participants).where(eq(participants.groupId, group.id)).all()
      const reliability = new Map(roster.map((p) => [p.id, 0.55 + rand() * 0.45]))
      const attended = new Map<number, number[]>(roster.map((p) => [p.id, []]))
      const lead = db.select().from(groupFacilitators).where(eq(groupFacilitators.groupId, group.id)).get()!.userId
      const decisions = new Map<number, Decision>()
      for (let w = 1; w <= week && heldBy(w); w++) {
        if (w === INTENSIVE_FROM_WEEK && group.arm === 'mrocc') {
          for (const p of roster) {
            const eligible = isEligibleToContinue(attended.get(p.id)!, {
              continuationMinSessions: 3,
              continuationFromWeek: 5,
              continuationToWeek: 8,
              recoverySupportContinuationCheck: false,
            })
            const isDemo = p.id === demoParticipant
            const r = rand()
            const decision: Decision | null = isDemo
              ? 'continue'
              : !eligible
                ? null
                : r < 0.62
                  ? 'continue'
                  : r < 0.9
                    ? 'decline'
                    : 'undecided'
            if (decision) decisions.set(p.id, decision)
            recordDecision(
              {
                participantId: p.id,
                eligible: eligible || isDemo,
                offeredAt: eligible || isDemo ? meetingInstant(schedule, DECISION_WEEK).toISOString() : null,
                decision: decision ?? 'undecided',
                reasons:
                  decision === 'decline'
                    ? [pick(['time-or-schedule', 'work-or-caregiving', 'not-a-good-fit'])]
                    : decision === 'continue'
                      ? ['finding-it-helpful']
                      : [],
                note: null,
              },
              lead,
            )
          }
        }
        const lesson = lessons(group.arm, w)
        const held = !(w === 6 && group.arm === 'recovery_support' && ci === 1)
        const fidelity: Record<string, boolean> = {}
        const present: { participantId: number; status: AttendanceStatus; note: null }[] = []
        // Drawn in this order (minutes, checklist, attendance) so the demo stays the same as before.
        const groupMinutes = held ? 58 + Math.floor(rand() * 5) : null
        if (held) {
          for (const itemId of lesson?.fidelityIds ?? []) fidelity[itemId] = rand() < 0.92
          for (const p of roster) {
            const onRoster = w < INTENSIVE_FROM_WEEK || group.arm !== 'mrocc' || decisions.get(p.id) === 'continue'
            if (!onRoster) continue
            const status: AttendanceStatus =
              rand() < reliability.get(p.id)!
                ? rand() < 0.1
                  ? 'late'
                  : 'present'
                : rand() < 0.4
                  ? 'excused'
                  : 'absent'
            present.push({ participantId: p.id, status, note: null })
            if (status === 'present' || status === 'late') attended.get(p.id)!.push(w)
          }
        }
        saveMeeting(
          {
            version: 0,
            groupId: group.id,
            week: w,
            scheduledAt: meetingInstant(schedule, w).toISOString(),
            status: held ? 'held' : 'cancelled',
            checkinMinutes: held ? 30 : null,
            groupMinutes,
            notes: held
              ? 'Good energy; two people joined by phone.'
              : 'Cancelled: facilitator illness; check-in held by coordinator.',
            lesson: held && lesson ? { slug: lesson.slug, hash: lesson.hash } : null,
            facilitatorIds: [lead],
            // everyone at check-in (the check-in-only track too), as in the group where they are in it
            checkin: held
              ? roster.map((p) => ({
                  participantId: p.id,
                  status: present.find((a) => a.participantId === p.id)?.status ?? ('present' as const),
                }))
              : [],
            attendance: present,
            fidelity,
          },
          lead,
        )
      }

      // Weekly surveys (everyone, including the check-in-only track), PROMIS, toxicology.
      for (const p of roster) {
        const base = 3 + rand() * 5
        for (let w = 1; w <= week && heldBy(w); w++) {
          if (rand() > 0.85) continue
          const drift = Math.max(0, base - w * 0.25)
          const craving = [0, 1, 2].map(() => Math.max(0, Math.min(10, Math.round(drift + (rand() - 0.5) * 3)))) as [
            number,
            number,
            number,
          ]
          submitWeeklySurvey(p.id, {
            week: w,
            craving,
            usedOpioids: rand() < 0.25 - w * 0.01,
            otherSubstances: {
              benzodiazepines: false,
              cocaine: rand() < 0.05,
              methamphetamine: false,
              alcohol: rand() < 0.2,
            },
            language: 'en',
          })
          if (w % 2 === 0) {
            const recorded = recordToxResult(
              p.id,
              {
                collectedOn: meetingDate(schedule, w),
                panel: 'Oral fluid 8-panel',
                results: {
                  opioids: rand() < 0.15 ? 'positive' : 'negative',
                  fentanyl: rand() < 0.1 ? 'positive' : 'negative',
                  oxycodone: 'negative',
                  methadone: 'negative',
                  benzodiazepines: 'negative',
                  cocaine: rand() < 0.05 ? 'positive' : 'negative',
                  methamphetamine: 'negative',
                  buprenorphine: 'positive',
                },
              },
              coordinator,
              now,
            )
            if (!recorded.ok) throw new Error(recorded.problems.map((x) => x.message).join(' '))
          }
        }
        for (const w of [0, DECISION_WEEK].filter((w) => w === 0 || w < week)) {
          submitPromis(
            p.id,
            w,
            Array.from({ length: 8 }, () => 1 + Math.floor(rand() * (w === 0 ? 4 : 3))),
            'en',
          )
        }
        if (p.id === demoParticipant) {
          for (let d = 1; d <= 20; d++) {
            if (rand() < 0.35) continue
            addPractice(p.id, {
              practiceSlug: pick(['breath-awareness', 'sitting-practice', 'stop-pause', 'full-body-scan']),
              date: addDays(today, -d),
              minutes: pick([10, 15, 20, 20, 30]),
            })
          }
        }
      }
    }
    if (ci === 1) {
      const someone = db.select().from(participants).where(eq(participants.cohortId, cohortId)).limit(1).get()!
      recordAdverseEvent(
        someone.id,
        {
          description: 'Felt light-headed after a longer sitting practice; resolved after a short rest.',
          onsetDate: addDays(startDate, 30),
          severity: 'mild',
          relatedness: 'possibly',
          expectedness: 'expected',
          serious: false,
          actionTaken: 'Offered eyes-open and shorter practice; no change to treatment.',
        },
        coordinator,
      )
    }
  }
}

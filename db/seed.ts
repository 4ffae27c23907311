import { count, eq } from 'drizzle-orm'
import { hashPassword } from '~/auth/password.server'
import { createCohort, enrolParticipant, randomizeParticipant } from '~/domain/cohorts.server'
import { isEligibleToContinue, INTENSIVE_FROM_WEEK } from '~/domain/continuation'
import { PROMIS_ANXIETY_8A_T } from '~/domain/instruments'
import { addDays, currentWeek, localDate, meetingInstant } from '~/domain/schedule'
import { getDb } from '~/db.server'
import {
  adverseEvents,
  attendance,
  continuationDecisions,
  fidelityChecks,
  groupFacilitators,
  groups,
  meetingFacilitators,
  meetings,
  participants,
  practiceLogs,
  programmeSettings,
  promisAnxiety,
  toxResults,
  users,
  weeklySurveys,
  type Arm,
} from './schema'

export const DEMO_PASSWORD = 'demo-pass-2026'

export type LessonLookup = (arm: Arm, week: number) => { slug: string; hash: string; fidelityIds: string[] } | null

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

const FIRST = [
  'Alex',
  'Sam',
  'Jamie',
  'Taylor',
  'Morgan',
  'Casey',
  'Riley',
  'Jordan',
  'Avery',
  'Quinn',
  'Rosa',
  'Luis',
  'Maya',
  'Dev',
  'Keisha',
  'Tom',
  'Ana',
  'Marcus',
  'Lena',
  'Omar',
  'Hana',
  'Eli',
  'Nia',
  'Carlos',
]
const LAST = [
  'Rivera',
  'Nguyen',
  'Smith',
  'Johnson',
  'Garcia',
  'Brown',
  'Lee',
  'Martinez',
  'Davis',
  'Lopez',
  'Wilson',
  'Clark',
]
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

/**
 * Seeds the demo programme into an empty database (demo mode only; see db.server.ts).
 * Returns false when the database already has users.
 */
export async function seedDemoProgramme(lessons: LessonLookup, now = new Date()): Promise<boolean> {
  const db = getDb()
  if (db.select({ n: count() }).from(users).get()!.n > 0) return false
  const rand = prng(2026)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]
  const passwordHash = await hashPassword(DEMO_PASSWORD)

  db.insert(programmeSettings)
    .values({ id: 1, contactName: 'Programme team', contactPhone: '(555) 010-2026' })
    .onConflictDoNothing()
    .run()

  const staff = (role: typeof users.$inferInsert.role, email: string, name: string, timeZone = 'America/New_York') =>
    db.insert(users).values({ role, email, name, passwordHash, timeZone }).returning({ id: users.id }).get().id
  staff('admin', 'admin@demo.test', 'Dana Admin')
  const coordinator = staff('coordinator', 'coordinator@demo.test', 'Chris Coordinator')
  staff('supervisor', 'supervisor@demo.test', 'Sandra Supervisor')
  const facilitator = staff('facilitator', 'facilitator@demo.test', 'Frankie Facilitator', 'America/Chicago')
  const rsLeadA = staff('facilitator', 'jordan.reyes@demo.test', 'Jordan Reyes')
  const rsLeadB = staff('facilitator', 'pat.okafor@demo.test', 'Pat Okafor', 'America/Chicago')

  const today = localDate(now, 'America/New_York')
  const cohortSpecs = [
    {
      name: 'Spring evening cohort',
      daysAgo: 16,
      startTime: '18:00',
      timeZone: 'America/New_York',
      size: 20,
      names: ['Cedar Group', 'Harbor Group'],
      rsLead: rsLeadA,
    },
    {
      name: 'Winter midday cohort',
      daysAgo: 72,
      startTime: '12:00',
      timeZone: 'America/Chicago',
      size: 22,
      names: ['Willow Group', 'Summit Group'],
      rsLead: rsLeadB,
    },
  ]

  let studyNo = 1
  let demoParticipantLinked = false
  for (const [ci, spec] of cohortSpecs.entries()) {
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
          recovery_support: { name: spec.names[1], facilitatorIds: [spec.rsLead] },
        },
      },
      coordinator,
    )
    const schedule = { startDate, weekday, startTime: spec.startTime, timeZone: spec.timeZone }
    const week = currentWeek(schedule, now)

    for (let i = 0; i < spec.size; i++) {
      const name = `${FIRST[(studyNo * 7) % FIRST.length]} ${LAST[(studyNo * 5) % LAST.length]}`
      const studyId = `MR-${String(ci + 1).padStart(2, '0')}${String(i + 1).padStart(3, '0')}`
      const pid = enrolParticipant(
        cohortId,
        {
          studyId,
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
      const group = db.select({ arm: groups.arm }).from(groups).where(eq(groups.id, groupId)).get()!
      const isDemo = !demoParticipantLinked && ci === 1 && group.arm === 'mrocc'
      const userId = db
        .insert(users)
        .values({
          role: 'participant',
          email: isDemo ? 'participant@demo.test' : `p${studyNo}@participants.demo.test`,
          name: isDemo ? 'Pat Participant' : name,
          passwordHash: isDemo ? passwordHash : null,
          timeZone: spec.timeZone,
        })
        .returning({ id: users.id })
        .get().id
      db.update(participants).set({ userId }).where(eq(participants.id, pid)).run()
      if (isDemo) demoParticipantLinked = true
      studyNo++
    }

    // Meetings held so far, with attendance, fidelity checklists, surveys and toxicology.
    const cohortGroups = db.select().from(groups).where(eq(groups.cohortId, cohortId)).all()
    for (const group of cohortGroups) {
      const roster = db.select().from(participants).where(eq(participants.groupId, group.id)).all()
      const reliability = new Map(roster.map((p) => [p.id, 0.55 + rand() * 0.45]))
      const attended = new Map<number, number[]>(roster.map((p) => [p.id, []]))
      const lead = db.select().from(groupFacilitators).where(eq(groupFacilitators.groupId, group.id)).get()!
      const decisions = new Map<number, 'continue' | 'decline' | 'undecided'>()
      for (let w = 1; w <= week; w++) {
        if (meetingInstant(schedule, w).getTime() > now.getTime()) break
        if (w === INTENSIVE_FROM_WEEK && group.arm === 'mrocc') {
          for (const p of roster) {
            const eligible = isEligibleToContinue(attended.get(p.id)!, {
              continuationMinSessions: 3,
              continuationFromWeek: 5,
              continuationToWeek: 8,
              recoverySupportContinuationCheck: false,
            })
            const isDemo =
              p.userId !== null &&
              db.select({ e: users.email }).from(users).where(eq(users.id, p.userId)).get()?.e ===
                'participant@demo.test'
            const r = rand()
            const decision = isDemo
              ? 'continue'
              : !eligible
                ? null
                : r < 0.62
                  ? 'continue'
                  : r < 0.9
                    ? 'decline'
                    : 'undecided'
            if (decision) decisions.set(p.id, decision)
            db.insert(continuationDecisions)
              .values({
                participantId: p.id,
                eligible: eligible || isDemo,
                offeredAt: eligible || isDemo ? meetingInstant(schedule, 8).toISOString() : null,
                decision: decision ?? 'undecided',
                reasons:
                  decision === 'decline'
                    ? [pick(['time-or-schedule', 'work-or-caregiving', 'not-a-good-fit'])]
                    : decision === 'continue'
                      ? ['finding-it-helpful']
                      : [],
                note: null,
                recordedBy: lead.userId,
                recordedAt: meetingInstant(schedule, 8).toISOString(),
              })
              .run()
          }
        }
        const lesson = lessons(group.arm, w)
        const held = meetingInstant(schedule, w)
        const status = w === 6 && group.arm === 'recovery_support' && ci === 1 ? 'cancelled' : 'held'
        const meeting = db
          .insert(meetings)
          .values({
            groupId: group.id,
            week: w,
            scheduledAt: held.toISOString(),
            status,
            checkinMinutes: status === 'held' ? 30 : null,
            groupMinutes: status === 'held' ? 58 + Math.floor(rand() * 5) : null,
            lessonSlug: status === 'held' ? (lesson?.slug ?? null) : null,
            contentHash: status === 'held' ? (lesson?.hash ?? null) : null,
            notes:
              status === 'held'
                ? 'Good energy; two people joined by phone.'
                : 'Cancelled: facilitator illness; check-in held by coordinator.',
            recordedBy: lead.userId,
            updatedAt: held.toISOString(),
          })
          .returning({ id: meetings.id })
          .get()
        db.insert(meetingFacilitators).values({ meetingId: meeting.id, userId: lead.userId }).run()
        if (status !== 'held') continue
        for (const itemId of lesson?.fidelityIds ?? []) {
          db.insert(fidelityChecks)
            .values({ meetingId: meeting.id, itemId, delivered: rand() < 0.92 })
            .run()
        }
        for (const p of roster) {
          const onRoster = w < INTENSIVE_FROM_WEEK || group.arm !== 'mrocc' || decisions.get(p.id) === 'continue'
          if (!onRoster) continue
          const r = rand()
          const s =
            r < reliability.get(p.id)! ? (rand() < 0.1 ? 'late' : 'present') : rand() < 0.4 ? 'excused' : 'absent'
          db.insert(attendance).values({ meetingId: meeting.id, participantId: p.id, status: s }).run()
          if (s === 'present' || s === 'late') attended.get(p.id)!.push(w)
        }
      }
      // Weekly surveys (everyone, including the check-in-only track), PROMIS, toxicology.
      for (const p of roster) {
        const base = 3 + rand() * 5
        for (let w = 1; w <= week; w++) {
          if (meetingInstant(schedule, w).getTime() > now.getTime()) break
          if (rand() > 0.85) continue
          const drift = Math.max(0, base - w * 0.25)
          const items = [0, 1, 2].map(() => Math.max(0, Math.min(10, Math.round(drift + (rand() - 0.5) * 3))))
          db.insert(weeklySurveys)
            .values({
              participantId: p.id,
              week: w,
              cravingNow: items[0],
              cravingCue: items[1],
              cravingLikelihood: items[2],
              cravingScore: (items[0] + items[1] + items[2]) / 3,
              usedOpioids: rand() < 0.25 - w * 0.01,
              otherSubstances: {
                benzodiazepines: false,
                cocaine: rand() < 0.05,
                methamphetamine: false,
                alcohol: rand() < 0.2,
              },
              submittedAt: addDays(meetingInstant(schedule, w).toISOString().slice(0, 10), 0) + 'T12:00:00.000Z',
            })
            .run()
          if (w % 2 === 0) {
            db.insert(toxResults)
              .values({
                participantId: p.id,
                period: w / 2,
                collectedOn: meetingInstant(schedule, w).toISOString().slice(0, 10),
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
                recordedBy: coordinator,
              })
              .run()
          }
        }
        for (const w of [0, 8].filter((w) => w === 0 || w < week)) {
          const items = Array.from({ length: 8 }, () => 1 + Math.floor(rand() * (w === 0 ? 4 : 3)))
          const raw = items.reduce((a, b) => a + b, 0)
          db.insert(promisAnxiety)
            .values({
              participantId: p.id,
              week: w,
              items,
              raw,
              tScore: PROMIS_ANXIETY_8A_T[raw],
              submittedAt: addDays(startDate, w * 7 - 1) + 'T15:00:00.000Z',
            })
            .run()
        }
        if (p.userId !== null) {
          const email = db.select({ e: users.email }).from(users).where(eq(users.id, p.userId)).get()?.e
          if (email === 'participant@demo.test') {
            for (let d = 1; d <= 20; d++) {
              if (rand() < 0.35) continue
              db.insert(practiceLogs)
                .values({
                  participantId: p.id,
                  practiceSlug: pick(['breath-awareness', 'sitting-practice', 'stop-pause', 'full-body-scan']),
                  date: addDays(today, -d),
                  minutes: pick([10, 15, 20, 20, 30]),
                })
                .run()
            }
          }
        }
      }
    }
    if (ci === 1) {
      const someone = db.select().from(participants).where(eq(participants.cohortId, cohortId)).limit(1).get()!
      db.insert(adverseEvents)
        .values({
          participantId: someone.id,
          description: 'Felt light-headed after a longer sitting practice; resolved after a short rest.',
          onsetDate: addDays(startDate, 30),
          severity: 'mild',
          relatedness: 'possibly',
          expectedness: 'expected',
          serious: false,
          actionTaken: 'Offered eyes-open and shorter practice; no change to treatment.',
          recordedBy: coordinator,
        })
        .run()
    }
  }
  return true
}

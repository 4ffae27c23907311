import type { LessonMeta } from '~/content/schema'
import { getLesson } from '~/content/content.server'
import { ARM_DIRECTORY, ARM_LABEL } from '~/domain/arms'
import { sessionFidelity } from '~/domain/fidelity.server'
import { groupFacilitatorUsers, groupMembers, type GroupWithCohort } from '~/domain/groups.server'
import { TOX_CLASSES } from '~/domain/instruments'
import { defaultFacilitators } from '~/domain/meeting-record'
import { getMeetingRecord, toxCollectedBetween } from '~/domain/meetings.server'
import { addDays, formatInstant, meetingDate, meetingInstant } from '~/domain/schedule'
import { surveyWeeksDone } from '~/domain/surveys.server'
import { lessonSegments } from '~/mdx/segments.server'
import { cacheUntilDataChanges } from '~/utils/until-data-changes.server'

type Viewer = { id: number; timeZone: string }

/**
 * What the session screen shows of a group's week, for one facilitator: the lesson beside the
 * week's record, and what the form starts from (the stored record, or nothing chosen). Nothing
 * here depends on the clock, so it is kept until the data changes (ADR 018); the screen still
 * authorises and audits every view.
 */
function build(group: GroupWithCohort, week: number, lesson: LessonMeta | null, code: string | null, viewer: Viewer) {
  const segments = lesson && code ? lessonSegments({ hash: lesson.hash, code }) : []
  const members = groupMembers(group, week)
  const memberIds = members.map((m) => m.id)
  const record = getMeetingRecord(group.id, week)
  const surveysDone = surveyWeeksDone(memberIds, week)
  const facilitators = groupFacilitatorUsers(group.id)
  const weekStart = meetingDate(group.schedule, week)
  const toxThisWeek = toxCollectedBetween(memberIds, weekStart, addDays(weekStart, 6))
  return {
    toxThisWeek: toxThisWeek.map((t) => ({
      participantId: t.participantId,
      collectedOn: t.collectedOn,
      period: t.period,
      positive: TOX_CLASSES.filter((c) => t.results[c] === 'positive'),
    })),
    week,
    group: {
      id: group.id,
      name: group.name,
      armLabel: ARM_LABEL[group.arm],
      cohortId: group.cohortId,
      cohortName: group.cohortName,
    },
    scheduled: formatInstant(meetingInstant(group.schedule, week), viewer.timeZone),
    lesson: lesson
      ? {
          title: lesson.title,
          agenda: lesson.agenda,
          segments: segments.length
            ? segments
            : lesson.agenda.map((a) => ({ ...a, html: '<p>See the facilitator guide.</p>' })),
          fidelity: lesson.fidelity,
          href: `/curriculum/${ARM_DIRECTORY[group.arm]}/${week}`,
        }
      : null,
    members: members.map((m) => ({
      id: m.id,
      name: m.name ?? m.studyId,
      studyId: m.studyId,
      onRoster: m.onRoster,
      surveyDone: surveysDone.has(m.id),
    })),
    facilitators,
    recorded: record ? { status: record.meeting.status, updatedAt: record.meeting.updatedAt } : null,
    fidelityFeedback: sessionFidelity(record?.meeting.id ?? null),
    version: record?.meeting.version ?? 0,
    /** what the form starts from: the stored record, or nothing chosen */
    defaults: {
      status: record?.meeting.status,
      checkinMinutes: record?.meeting.checkinMinutes ?? undefined,
      groupMinutes: record?.meeting.groupMinutes ?? undefined,
      notes: record?.meeting.notes ?? '',
      facilitatorIds: (record
        ? record.facilitatorIds
        : defaultFacilitators(
            [],
            viewer.id,
            facilitators.map((f) => f.id),
          )
      ).map(String),
      checkin: members.map((m) => ({
        participantId: String(m.id),
        status: record?.checkin.find((x) => x.participantId === m.id)?.status,
      })),
      attendance: members
        .filter((m) => m.onRoster)
        .map((m) => {
          const a = record?.attendance.find((x) => x.participantId === m.id)
          return { participantId: String(m.id), status: a?.status, note: a?.note ?? '' }
        }),
      fidelity: (lesson?.fidelity ?? []).map((f) => ({
        itemId: f.id,
        delivered: record?.fidelity.find((x) => x.itemId === f.id)?.delivered ? 'on' : undefined,
      })),
    },
  }
}

export type SessionScreen = ReturnType<typeof build>

const cache = cacheUntilDataChanges<SessionScreen>({ size: 64 })

/** The session screen of `group`'s week `week` as `viewer` sees it (`lesson`: that week's lesson, if any). */
export async function sessionScreen(group: GroupWithCohort, week: number, lesson: LessonMeta | null, viewer: Viewer) {
  // the lesson's own compiled content (no MDX compile here); the same for every version of the data
  const code = lesson ? ((await getLesson(group.arm, week))?.code ?? null) : null
  return cache(`${group.id}:${week}:${viewer.id}:${viewer.timeZone}`, () => build(group, week, lesson, code, viewer))
}

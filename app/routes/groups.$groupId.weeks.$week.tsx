import { getCollectionProps, getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { z } from 'zod'
import { ATTENDANCE_STATUSES, MEETING_STATUSES } from '#db/schema'
import { audit, auditParticipantsShown } from '~/auth/audit.server'
import { authorize } from '~/auth/authorize.server'
import { DraftNotice, useFormDraft } from '~/components/form-draft'
import { ChoiceField, ErrorList, FormErrors, StatusButton, TextareaField, TextField } from '~/components/forms'
import { SessionTimer } from '~/components/session-timer'
import { findLessonMeta } from '~/content/content.server'
import { ARM_DIRECTORY, ARM_LABEL } from '~/domain/arms'
import { getGroup, groupFacilitatorUsers, groupMembers } from '~/domain/groups.server'
import {
  ATTENDANCE_LABEL,
  defaultFacilitators,
  MEETING_LABEL,
  meetingChanges,
  meetingRecordProblems,
} from '~/domain/meeting-record'
import { StaleRecordError } from '~/domain/record-version.server'
import { RecordConflictNotice, VersionField } from '~/components/record-conflict'
import { getMeetingRecord, saveMeeting } from '~/domain/meetings.server'
import { formatInstant, meetingInstant } from '~/domain/schedule'
import { surveyWeeksDone } from '~/domain/surveys.server'
import { conflict, invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
import { useFormReply } from '~/utils/form-reply'
import { notFound } from '~/utils/http-errors'
import { idParam, weekParam } from '~/utils/params'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Week ${data?.week ?? ''} session · ${data?.group.name ?? ''}` },
]

const minutes = (label: string, max: number) =>
  z
    .number({ invalid_type_error: `Enter ${label} as a number of minutes.` })
    .int(`Enter whole minutes for ${label}.`)
    .min(0, `${label} cannot be negative.`)
    .max(max, `${label} cannot be more than ${max} minutes.`)
    .optional()

/**
 * The form's shape (ADR 008). Whether the record is acceptable for this roster, lesson and clock
 * is `meetingRecordProblems` (app/domain/meeting-record.ts). Nothing is preset: status, minutes
 * and attendance start empty unless the week is already recorded.
 */
const MeetingSchema = z.object({
  /** the record's version the form was opened from (ADR 013); 0 = not recorded yet */
  version: z.number().int().min(0),
  status: z.enum(MEETING_STATUSES, {
    errorMap: () => ({ message: 'Choose whether the meeting was held, missed or cancelled.' }),
  }),
  checkinMinutes: minutes('check-in minutes', 120),
  groupMinutes: minutes('group minutes', 180),
  notes: z.string().trim().max(5000, 'Keep the notes under 5,000 characters.').optional(),
  facilitatorIds: z.array(z.number().int().positive()).default([]),
  attendance: z
    .array(
      z.object({
        participantId: z.number().int().positive(),
        status: z
          .enum(ATTENDANCE_STATUSES, { errorMap: () => ({ message: 'Choose an attendance status.' }) })
          .optional(),
        note: z.string().trim().max(500, 'Keep the note under 500 characters.').optional(),
      }),
    )
    .default([]),
  fidelity: z.array(z.object({ itemId: z.string().max(100), delivered: z.boolean().optional() })).default([]),
})

async function load(request: Request, params: LoaderFunctionArgs['params']) {
  const groupId = idParam(params, 'groupId')
  const user = await authorize(request, 'group:run', { type: 'group', id: groupId })
  const week = weekParam(params)
  const group = getGroup(groupId)
  if (!group) notFound()
  return { user, week, group, lesson: findLessonMeta(group.arm, week) }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, week, group, lesson } = await load(request, params)
  const members = groupMembers(group, week)
  const record = getMeetingRecord(group.id, week)
  const surveysDone = surveyWeeksDone(
    members.map((m) => m.id),
    week,
  )
  audit({ actorId: user.id, action: 'group.session.read', entity: 'group', entityId: group.id, detail: `week=${week}` })
  auditParticipantsShown(
    { actorId: user.id, action: 'group.session.read', entity: 'group', entityId: group.id, detail: `week=${week}` },
    members.map((m) => m.id),
  )
  const facilitators = groupFacilitatorUsers(group.id)
  return {
    week,
    group: {
      id: group.id,
      name: group.name,
      armLabel: ARM_LABEL[group.arm],
      cohortId: group.cohortId,
      cohortName: group.cohortName,
    },
    scheduled: formatInstant(meetingInstant(group.schedule, week), user.timeZone),
    lesson: lesson
      ? {
          title: lesson.title,
          agenda: lesson.agenda,
          prep: lesson.prep,
          fidelity: lesson.fidelity,
          proscribed: lesson.proscribed,
          href: `/curriculum/${ARM_DIRECTORY[group.arm]}/${week}`,
        }
      : null,
    members: members.map((m) => ({ ...m, surveyDone: surveysDone.has(m.id) })),
    facilitators,
    recorded: record ? { status: record.meeting.status, updatedAt: record.meeting.updatedAt } : null,
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
            user.id,
            facilitators.map((f) => f.id),
          )
      ).map(String),
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

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, week, group, lesson } = await load(request, params)
  const submission = await parseSubmission(request, MeetingSchema)
  if (submission.status !== 'success') return invalid(submission)
  const v = submission.value
  const roster = groupMembers(group, week).filter((m) => m.onRoster)
  const groupFacilitatorIds = groupFacilitatorUsers(group.id).map((f) => f.id)
  const scheduledAt = meetingInstant(group.schedule, week)
  const problems = meetingRecordProblems(v, {
    rosterIds: roster.map((m) => m.id),
    fidelityIds: (lesson?.fidelity ?? []).map((f) => f.id),
    groupFacilitatorIds,
    scheduledAt,
    now: new Date(),
  })
  if (problems.length) return invalid(submission, problemsToErrors(problems), 400)
  const held = v.status === 'held'
  const facilitatorIds = defaultFacilitators(v.facilitatorIds, user.id, groupFacilitatorIds)
  try {
    saveMeeting(
      {
        version: v.version,
        groupId: group.id,
        week,
        scheduledAt: scheduledAt.toISOString(),
        status: v.status,
        checkinMinutes: v.checkinMinutes ?? null,
        groupMinutes: v.groupMinutes ?? null,
        notes: v.notes || null,
        lesson: lesson ? { slug: lesson.slug, hash: lesson.hash } : null,
        facilitatorIds,
        attendance: held
          ? v.attendance.map((a) => ({ participantId: a.participantId, status: a.status!, note: a.note || null }))
          : [],
        fidelity: Object.fromEntries(v.fidelity.map((f) => [f.itemId, !!f.delivered])),
      },
      user.id,
    )
  } catch (error) {
    if (!(error instanceof StaleRecordError)) throw error
    // Someone saved this week since the form was opened: nothing was written; show what differs.
    const saved = getMeetingRecord(group.id, week)
    const members = groupMembers(group, week)
    const facilitatorNames = groupFacilitatorUsers(group.id)
    const names = {
      person: (id: number) => {
        const m = members.find((x) => x.id === id)
        return m ? (m.name ?? m.studyId) : `#${id}`
      },
      facilitator: (id: number) => facilitatorNames.find((f) => f.id === id)?.name ?? `#${id}`,
      fidelityItems: lesson?.fidelity ?? [],
    }
    const changes = meetingChanges(
      { ...v, facilitatorIds, checkin: [], attendance: v.attendance, fidelity: v.fidelity },
      saved
        ? {
            ...saved.meeting,
            facilitatorIds: saved.facilitatorIds,
            checkin: [],
            attendance: saved.attendance,
            fidelity: saved.fidelity,
          }
        : { facilitatorIds: [], checkin: [], attendance: [], fidelity: [] },
      names,
    )
    return conflict(submission, {
      version: saved?.meeting.version ?? 0,
      savedBy: saved?.savedBy ?? null,
      savedAt: saved?.meeting.updatedAt ?? null,
      changes,
    })
  }
  return redirectWithToast(`/groups/${group.id}/weeks/${week}`, {
    description: `Week ${week} saved.`,
  })
}

export default function RunSession() {
  const data = useLoaderData<typeof loader>()
  const formRef = useRef<HTMLFormElement>(null)
  const [form, fields] = useForm({
    id: `meeting-${data.group.id}-${data.week}`,
    lastResult: useFormReply(),
    defaultValue: data.defaults,
    constraint: getZodConstraint(MeetingSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MeetingSchema }),
  })
  const draft = useFormDraft(formRef, `meeting:${data.group.id}:${data.week}`, {
    version: data.version,
  })
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  const name = (id: number) => {
    const m = data.members.find((x) => x.id === id)
    return m ? (m.name ?? m.studyId) : String(id)
  }
  const rows = fields.attendance.getFieldList()
  const checkinOnly = data.members.filter((m) => !m.onRoster)
  const markAllPresent = () => {
    for (const input of formRef.current?.querySelectorAll<HTMLInputElement>(
      'input[data-attendance][value="present"]',
    ) ?? [])
      if (!formRef.current?.querySelector(`input[name="${input.name}"]:checked`)) input.click()
  }

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link to="/groups">My groups</Link> ·{' '}
          <Link to={`/cohorts/${data.group.cohortId}`}>{data.group.cohortName}</Link>
        </p>
        <h1 className="mt-1">
          {data.group.name}: week {data.week}
        </h1>
        <p className="text-slate-700">
          {data.group.armLabel} · scheduled {data.scheduled}
          {data.recorded ? ` · recorded (${data.recorded.status})` : ' · not recorded yet'}
        </p>
      </div>
      <RecordConflictNotice reloadTo={`/groups/${data.group.id}/weeks/${data.week}`} />
      <DraftNotice draft={draft} />
      <FormErrors form={form} />
      {data.lesson?.prep.length ? (
        <details className="card" open={!data.recorded}>
          <summary className="cursor-pointer font-semibold">Before the session</summary>
          <ul className="mt-2 list-disc pl-5 text-sm">
            {data.lesson.prep.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <Form method="post" className="space-y-6" {...getFormProps(form)} ref={formRef}>
        <VersionField version={data.version} />
        <section className="card" aria-labelledby="checkin-heading">
          <h2 id="checkin-heading">Check-in (30 minutes) and attendance</h2>
          <p className="text-sm text-slate-700">
            Mark each person on the group roster. Nothing is marked until you mark it. ✓ shows who has done this week’s
            check-in survey.
          </p>
          {rows.length === 0 ? <p className="mt-2">No one is on this group’s roster this week.</p> : null}
          {hydrated && rows.length ? (
            <button type="button" className="btn-secondary mt-2" onClick={markAllPresent}>
              Mark everyone not yet marked as present
            </button>
          ) : null}
          <div className="mt-3 overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Participant</th>
                  <th scope="col">Survey</th>
                  <th scope="col">Attendance</th>
                  <th scope="col">Quick note</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => {
                  const r = row.getFieldset()
                  const pid = Number(r.participantId.initialValue)
                  const member = data.members.find((m) => m.id === pid)
                  const who = name(pid)
                  const statusInputs = getCollectionProps(r.status, {
                    type: 'radio',
                    options: [...ATTENDANCE_STATUSES],
                  })
                  const { key: idKey, ...idProps } = getInputProps(r.participantId, { type: 'hidden' })
                  const { key: noteKey, ...noteProps } = getInputProps(r.note, { type: 'text' })
                  return (
                    <tr key={row.key}>
                      <th scope="row" className="font-normal">
                        <input key={idKey} {...idProps} />
                        <Link to={`/participants/${pid}`}>{who}</Link>
                        <div className="text-xs text-slate-700">{member?.studyId}</div>
                      </th>
                      <td>
                        {member?.surveyDone ? (
                          <span className="text-green-800">✓ Done</span>
                        ) : (
                          <span className="text-slate-700">Not yet</span>
                        )}
                      </td>
                      <td>
                        <fieldset
                          aria-invalid={r.status.errors?.length ? true : undefined}
                          aria-describedby={r.status.errors?.length ? r.status.errorId : undefined}
                        >
                          <legend className="sr-only">Attendance for {who}</legend>
                          <div className="flex flex-wrap gap-x-3 gap-y-1">
                            {statusInputs.map(({ key, ...props }) => (
                              <label key={key ?? props.value} className="inline-flex min-h-[32px] items-center gap-1">
                                <input {...props} id={`${r.status.id}-${props.value}`} data-attendance />
                                {ATTENDANCE_LABEL[props.value as keyof typeof ATTENDANCE_LABEL]}
                              </label>
                            ))}
                          </div>
                          <ErrorList id={r.status.errorId} errors={r.status.errors} />
                        </fieldset>
                      </td>
                      <td>
                        <label className="sr-only" htmlFor={r.note.id}>
                          Note for {who}
                        </label>
                        <input key={noteKey} {...noteProps} className="input mt-0" maxLength={500} />
                        <ErrorList id={r.note.errorId} errors={r.note.errors} />
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
          {checkinOnly.length ? (
            <div className="mt-4">
              <h3>Check-in only</h3>
              <p className="text-sm text-slate-700">
                Still in the programme (weekly check-in and surveys), not in the 60-minute group.
              </p>
              <ul className="mt-1 list-disc pl-5">
                {checkinOnly.map((m) => (
                  <li key={m.id}>
                    <Link to={`/participants/${m.id}`}>{m.name ?? m.studyId}</Link> — survey{' '}
                    {m.surveyDone ? '✓ done' : 'not yet'}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </section>

        {data.lesson ? (
          <>
            <div className="grid gap-6 lg:grid-cols-2">
              <SessionTimer
                storageKey={`session-timer:${data.group.id}:${data.week}`}
                agenda={data.lesson.agenda}
                onMinutes={(m) => form.update({ name: fields.groupMinutes.name, value: String(m) })}
              />
              <section className="card" aria-labelledby="lesson-heading">
                <h2 id="lesson-heading">Lesson: {data.lesson.title}</h2>
                <p className="mt-1">
                  <Link to={data.lesson.href} target="_blank" rel="noreferrer">
                    Open the facilitator guide
                  </Link>{' '}
                  (new tab)
                </p>
                <h3 className="mt-3">Must not happen</h3>
                <ul className="list-disc pl-5 text-sm">
                  {data.lesson.proscribed.map((p) => (
                    <li key={p.id}>{p.text}</li>
                  ))}
                </ul>
              </section>
            </div>
            <fieldset className="card">
              <legend className="px-1 text-xl font-semibold">Fidelity checklist</legend>
              <p className="text-sm text-slate-700">Tick each prescribed item you delivered.</p>
              <ul className="mt-2 space-y-2">
                {fields.fidelity.getFieldList().map((item) => {
                  const f = item.getFieldset()
                  const text = data.lesson!.fidelity.find((x) => x.id === f.itemId.initialValue)?.text ?? ''
                  const { key: idKey, ...idProps } = getInputProps(f.itemId, { type: 'hidden' })
                  const { key, ...boxProps } = getInputProps(f.delivered, { type: 'checkbox' })
                  return (
                    <li key={item.key}>
                      <input key={idKey} {...idProps} />
                      <label className="flex items-start gap-2" htmlFor={f.delivered.id}>
                        <input key={key} {...boxProps} className="mt-1 h-5 w-5 shrink-0" />
                        <span>{text}</span>
                      </label>
                    </li>
                  )
                })}
              </ul>
            </fieldset>
          </>
        ) : null}

        <section className="card" aria-labelledby="record-heading">
          <h2 id="record-heading">Record the meeting</h2>
          <ChoiceField
            meta={fields.status}
            label="Meeting status"
            options={MEETING_STATUSES.map((s) => ({ value: s, label: MEETING_LABEL[s] }))}
            className="mt-2"
          />
          <div className="mt-3 grid gap-4 sm:grid-cols-2">
            <TextField
              meta={fields.checkinMinutes}
              label="Check-in minutes (actual)"
              type="number"
              inputMode="numeric"
              className=""
            />
            <TextField
              meta={fields.groupMinutes}
              label="Group minutes (actual)"
              type="number"
              inputMode="numeric"
              className=""
            />
          </div>
          <ChoiceField
            meta={fields.facilitatorIds}
            type="checkbox"
            label="Facilitators who ran it"
            options={data.facilitators.map((f) => ({ value: String(f.id), label: f.name }))}
            className="mt-3"
          />
          <TextareaField meta={fields.notes} label="Session notes" rows={4} maxLength={5000} className="mt-3" />
          <StatusButton pendingText="Saving…" className="btn mt-4">
            {data.recorded ? 'Save changes' : 'Save session'}
          </StatusButton>
        </section>
      </Form>
    </div>
  )
}

import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useRef } from 'react'
import { z } from 'zod'
import { ATTENDANCE_STATUSES, MEETING_STATUSES } from '#db/schema'
import { audit } from '~/auth/audit.server'
import { authorize } from '~/auth/authorize.server'
import { notFound } from '~/utils/http-errors'
import { FormErrors, fieldError } from '~/components/forms-legacy'
import { SessionTimer } from '~/components/session-timer'
import { findLessonMeta } from '~/content/content.server'
import { weekFromParam } from '~/content/params'
import { ARM_DIRECTORY, ARM_LABEL } from '~/content/schema'
import { getGroup, groupFacilitatorUsers, groupMembers } from '~/domain/groups.server'
import { getMeetingRecord, saveMeeting } from '~/domain/meetings.server'
import { surveyWeeksDone } from '~/domain/surveys.server'
import { formatInstant, meetingInstant } from '~/domain/schedule'
import { formError, parseForm } from '~/utils/forms-legacy.server'
import { id, optionalText } from '~/utils/validation'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Week ${data?.week ?? ''} session · ${data?.group.name ?? ''}` },
]

async function load(request: Request, params: LoaderFunctionArgs['params']) {
  const groupId = Number(params.groupId)
  const user = await authorize(request, 'group:run', { type: 'group', id: Number.isInteger(groupId) ? groupId : -1 })
  const week = weekFromParam(params.week)
  const group = getGroup(groupId)
  if (!week || !group) notFound()
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
  return {
    week,
    group: {
      id: group.id,
      name: group.name,
      arm: group.arm,
      armLabel: ARM_LABEL[group.arm],
      cohortId: group.cohortId,
      cohortName: group.cohortName,
    },
    scheduled: formatInstant(meetingInstant(group.schedule, week), user.timeZone),
    lesson: lesson
      ? {
          title: lesson.title,
          agenda: lesson.agenda,
          fidelity: lesson.fidelity,
          proscribed: lesson.proscribed,
          hash: lesson.hash,
          href: `/curriculum/${ARM_DIRECTORY[group.arm]}/${week}`,
        }
      : null,
    members: members.map((m) => ({ ...m, surveyDone: surveysDone.has(m.id) })),
    facilitators: groupFacilitatorUsers(group.id),
    currentUserId: user.id,
    record,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, week, group, lesson } = await load(request, params)
  const roster = groupMembers(group, week).filter((m) => m.onRoster)
  const facilitators = groupFacilitatorUsers(group.id).map((f) => f.id)
  const minutes = (label: string, max: number) =>
    z.coerce
      .number({ invalid_type_error: `Enter ${label} as a number of minutes.` })
      .int(`Enter whole minutes for ${label}.`)
      .min(0, `${label} cannot be negative.`)
      .max(max, `${label} cannot be more than ${max} minutes.`)
  const schema = z
    .object({
      status: z.enum(MEETING_STATUSES, {
        errorMap: () => ({ message: 'Choose whether the meeting was held, missed or cancelled.' }),
      }),
      checkinMinutes: minutes('check-in minutes', 120).optional(),
      groupMinutes: minutes('group minutes', 180).optional(),
      notes: optionalText('notes', 5000),
      facilitatorIds: z
        .array(id)
        .or(id.transform((v) => [v]))
        .default([])
        .transform((v) => [...new Set(v)]),
      ...Object.fromEntries(roster.map((m) => [`att-${m.id}`, z.enum(ATTENDANCE_STATUSES).optional()])),
      ...Object.fromEntries(roster.map((m) => [`note-${m.id}`, optionalText('the note', 500)])),
      ...Object.fromEntries((lesson?.fidelity ?? []).map((f) => [`fid-${f.id}`, z.string().optional()])),
    })
    .superRefine((v, ctx) => {
      if (v.status === 'held') {
        for (const m of roster) {
          if (!(v as Record<string, unknown>)[`att-${m.id}`])
            ctx.addIssue({ code: 'custom', path: [`att-${m.id}`], message: 'Choose an attendance status.' })
        }
        if (v.checkinMinutes === undefined)
          ctx.addIssue({ code: 'custom', path: ['checkinMinutes'], message: 'Enter the check-in minutes.' })
        if (v.groupMinutes === undefined)
          ctx.addIssue({ code: 'custom', path: ['groupMinutes'], message: 'Enter the group minutes.' })
      }
      if (!v.facilitatorIds.every((f) => facilitators.includes(f)))
        ctx.addIssue({ code: 'custom', path: ['facilitatorIds'], message: 'Choose facilitators of this group.' })
    })
  const parsed = await parseForm(request, schema)
  if (!parsed.ok) return parsed.reply
  const v = parsed.value as z.output<typeof schema> & Record<string, unknown>
  const held = v.status === 'held'
  const scheduledAt = meetingInstant(group.schedule, week)
  if (v.status === 'held' && scheduledAt.getTime() - Date.now() > 86_400_000) {
    return formError(
      [
        `Week ${week} is scheduled for ${formatInstant(scheduledAt, user.timeZone)}; it cannot be recorded as held yet.`,
      ],
      {},
      409,
    )
  }
  saveMeeting(
    {
      groupId: group.id,
      week,
      scheduledAt: scheduledAt.toISOString(),
      status: v.status,
      checkinMinutes: v.checkinMinutes ?? null,
      groupMinutes: v.groupMinutes ?? null,
      notes: v.notes ?? null,
      lesson: lesson ? { slug: lesson.slug, hash: lesson.hash } : null,
      facilitatorIds: v.facilitatorIds?.length ? v.facilitatorIds : [user.id].filter((u) => facilitators.includes(u)),
      attendance: held
        ? roster.map((m) => ({
            participantId: m.id,
            status: v[`att-${m.id}`] as (typeof ATTENDANCE_STATUSES)[number],
            note: (v[`note-${m.id}`] as string | null) ?? null,
          }))
        : [],
      fidelity: Object.fromEntries((lesson?.fidelity ?? []).map((f) => [f.id, v[`fid-${f.id}`] === 'on'])),
    },
    user.id,
  )
  return redirect(`/groups/${group.id}/weeks/${week}?saved=1`)
}

const STATUS_LABEL = { present: 'Present', late: 'Late', excused: 'Excused', absent: 'Absent' } as const

export default function RunSession() {
  const data = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const navigation = useNavigation()
  const groupMinutesRef = useRef<HTMLInputElement>(null)
  const [params] = useSearchParams()
  const saved = params.get('saved')
  const rec = data.record
  const attendanceOf = (pid: number) => rec?.attendance.find((a) => a.participantId === pid)
  const delivered = (itemId: string) => rec?.fidelity.find((f) => f.itemId === itemId)?.delivered ?? false
  const roster = data.members.filter((m) => m.onRoster)
  const checkinOnly = data.members.filter((m) => !m.onRoster)
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
          {rec ? ` · recorded (${rec.meeting.status})` : ' · not recorded yet'}
        </p>
        {saved ? (
          <p role="status" className="mt-2 rounded bg-green-50 p-2 font-semibold text-green-900">
            Saved.
          </p>
        ) : null}
      </div>
      <FormErrors reply={reply} />
      <Form method="post" className="space-y-6" noValidate>
        <section className="card" aria-labelledby="checkin-heading">
          <h2 id="checkin-heading">Check-in (30 minutes)</h2>
          <p className="text-sm text-slate-700">
            Record attendance for the group roster. ✓ marks who has done this week's check-in survey.
          </p>
          {roster.length === 0 ? <p className="mt-2">No one is on this group's roster this week.</p> : null}
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
                {roster.map((m) => {
                  const current = attendanceOf(m.id)
                  const err = fieldError(reply, `att-${m.id}`)
                  return (
                    <tr key={m.id}>
                      <th scope="row" className="font-normal">
                        <Link to={`/participants/${m.id}`}>{m.name ?? m.studyId}</Link>
                        <div className="text-xs text-slate-700">{m.studyId}</div>
                      </th>
                      <td>
                        {m.surveyDone ? (
                          <span className="text-green-800">✓ Done</span>
                        ) : (
                          <span className="text-slate-700">Not yet</span>
                        )}
                      </td>
                      <td>
                        <fieldset aria-invalid={err ? true : undefined}>
                          <legend className="sr-only">Attendance for {m.name ?? m.studyId}</legend>
                          <div className="flex flex-wrap gap-x-3 gap-y-1">
                            {ATTENDANCE_STATUSES.map((s) => (
                              <label key={s} className="inline-flex min-h-[32px] items-center gap-1">
                                <input
                                  type="radio"
                                  name={`att-${m.id}`}
                                  value={s}
                                  defaultChecked={(current?.status ?? (rec ? undefined : 'present')) === s}
                                />
                                {STATUS_LABEL[s]}
                              </label>
                            ))}
                          </div>
                          {err ? <p className="error">{err}</p> : null}
                        </fieldset>
                      </td>
                      <td>
                        <label className="sr-only" htmlFor={`note-${m.id}`}>
                          Note for {m.name ?? m.studyId}
                        </label>
                        <input
                          id={`note-${m.id}`}
                          name={`note-${m.id}`}
                          className="input mt-0"
                          defaultValue={current?.note ?? ''}
                          maxLength={500}
                        />
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
                onMinutes={(m) => {
                  if (groupMinutesRef.current) groupMinutesRef.current.value = String(m)
                }}
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
                {data.lesson.fidelity.map((f) => (
                  <li key={f.id}>
                    <label className="flex items-start gap-2">
                      <input
                        type="checkbox"
                        name={`fid-${f.id}`}
                        defaultChecked={delivered(f.id)}
                        className="mt-1 h-5 w-5"
                      />
                      <span>{f.text}</span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          </>
        ) : null}

        <section className="card" aria-labelledby="record-heading">
          <h2 id="record-heading">Record the meeting</h2>
          <fieldset className="mt-2">
            <legend className="label">Meeting status</legend>
            <div className="flex flex-wrap gap-4">
              {MEETING_STATUSES.map((s) => (
                <label key={s} className="inline-flex items-center gap-1">
                  <input type="radio" name="status" value={s} defaultChecked={(rec?.meeting.status ?? 'held') === s} />{' '}
                  {s === 'held' ? 'Held' : s === 'missed' ? 'Missed' : 'Cancelled'}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="mt-3 grid gap-4 sm:grid-cols-2">
            <div>
              <label className="label" htmlFor="f-checkinMinutes">
                Check-in minutes (actual)
              </label>
              <input
                id="f-checkinMinutes"
                name="checkinMinutes"
                type="number"
                inputMode="numeric"
                min={0}
                max={120}
                className="input"
                defaultValue={rec?.meeting.checkinMinutes ?? 30}
                aria-invalid={fieldError(reply, 'checkinMinutes') ? true : undefined}
              />
              {fieldError(reply, 'checkinMinutes') ? (
                <p className="error">{fieldError(reply, 'checkinMinutes')}</p>
              ) : null}
            </div>
            <div>
              <label className="label" htmlFor="f-groupMinutes">
                Group minutes (actual)
              </label>
              <input
                ref={groupMinutesRef}
                id="f-groupMinutes"
                name="groupMinutes"
                type="number"
                inputMode="numeric"
                min={0}
                max={180}
                className="input"
                defaultValue={rec?.meeting.groupMinutes ?? 60}
                aria-invalid={fieldError(reply, 'groupMinutes') ? true : undefined}
              />
              {fieldError(reply, 'groupMinutes') ? <p className="error">{fieldError(reply, 'groupMinutes')}</p> : null}
            </div>
          </div>
          <fieldset className="mt-3">
            <legend className="label">Facilitators who ran it</legend>
            {data.facilitators.map((f) => (
              <label key={f.id} className="mr-4 inline-flex items-center gap-1">
                <input
                  type="checkbox"
                  name="facilitatorIds"
                  value={f.id}
                  defaultChecked={rec ? rec.facilitatorIds.includes(f.id) : f.id === data.currentUserId}
                />{' '}
                {f.name}
              </label>
            ))}
          </fieldset>
          <div className="mt-3">
            <label className="label" htmlFor="f-notes">
              Session notes
            </label>
            <textarea
              id="f-notes"
              name="notes"
              rows={4}
              className="input"
              defaultValue={rec?.meeting.notes ?? ''}
              maxLength={5000}
            />
          </div>
          <button type="submit" className="btn mt-4" disabled={navigation.state === 'submitting'}>
            {navigation.state === 'submitting' ? 'Saving…' : rec ? 'Save changes' : 'Save session'}
          </button>
        </section>
      </Form>
    </div>
  )
}

import { getFormProps, useForm, type Submission } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useMemo, useRef } from 'react'
import { z } from 'zod'
import { ATTENDANCE_STATUSES, MEETING_STATUSES } from '#db/schema'
import { auditView } from '~/auth/audit.server'
import { authorize } from '~/auth/authorize.server'
import { FidelityFeedback } from '~/components/fidelity-feedback'
import { LESSON_BRIEF_ID, LessonBriefLists } from '~/components/lesson-brief'
import { lessonBrief } from '~/components/lesson-brief.server'
import { DraftNotice, useFormDraft } from '~/components/form-draft'
import { ChoiceField, FormErrors, listRows, rowInput, StatusButton, TextareaField, TextField } from '~/components/forms'
import { AttendanceList, type Person } from '~/components/session-attendance'
import { ToxAtCheckin } from '~/components/session-tox'
import { SegmentScript, SessionTimer, segmentBodyId, useSessionClock } from '~/components/session-timer'
import { findLessonMeta } from '~/content/content.server'
import { getGroup, groupFacilitatorUsers, groupMembers } from '~/domain/groups.server'
import {
  defaultFacilitators,
  MEETING_LABEL,
  meetingChanges,
  meetingRecordProblems,
  toxEntryStarted,
} from '~/domain/meeting-record'
import { TOX_CLASSES, TOX_RESULTS, toxPanel } from '~/domain/instruments'
import { recordToxResult } from '~/domain/measures.server'
import { emptyList, fixedList, withListLength } from '~/utils/fixed-list'
import { isoDate, shortText } from '~/utils/validation'
import { StaleRecordError } from '~/domain/record-version.server'
import { RecordConflictNotice, VersionField } from '~/components/record-conflict'
import { getMeetingRecord, saveMeeting } from '~/domain/meetings.server'
import { meetingInstant } from '~/domain/schedule'
import { sessionScreen } from '~/domain/session-screen.server'
import { conflict, invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
import { useFormReply } from '~/utils/form-reply'
import { notFound } from '~/utils/http-errors'
import { idParam, weekParam } from '~/utils/params'
import { shipOnce, shipRenderedOnce, ShippedOnceOr } from '~/utils/shipped-once'
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
  /** the 30-minute check-in: everyone still in the study */
  checkin: z
    .array(
      z.object({
        participantId: z.number().int().positive(),
        status: z.enum(ATTENDANCE_STATUSES, { errorMap: () => ({ message: 'Mark check-in attendance.' }) }).optional(),
      }),
    )
    .default([]),
  /** the 60-minute group: the roster only */
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

const MEETING_CONSTRAINT = getZodConstraint(MeetingSchema)

/** "Mark all not yet marked present" (per part): fills the form, saves nothing. */
const MARK_INTENTS = { 'mark-checkin': 'checkin', 'mark-group': 'attendance' } as const
const AnyForm = z.object({}).passthrough()
const TOX_PANEL = 'Oral fluid 8-panel'
/** A fresh toxicology entry: the usual panel, a row per substance, nothing chosen. */
const toxBlank = () => ({ panel: TOX_PANEL, results: emptyList(TOX_CLASSES.length) })

/**
 * The browser sends nothing for a substance left unchosen, so a reply's typed entry may have
 * fewer rows than the panel: pad it back so every substance shows again (fixed-list.ts).
 */
function withToxRows<R extends { initialValue?: Record<string, unknown> | null } | undefined>(result: R): R {
  const tox = result?.initialValue?.tox as Record<string, unknown> | undefined
  if (!result?.initialValue || !tox || typeof tox !== 'object') return result
  return {
    ...result,
    initialValue: {
      ...result.initialValue,
      tox: withListLength({ initialValue: tox }, 'results', TOX_CLASSES.length)?.initialValue,
    },
  }
}

/**
 * One toxicology result recorded at check-in (its own intent, "Save test result"): who, when
 * collected (the period follows from the date), and every substance chosen (none preset). Sent
 * with the rest of the form, so nothing typed elsewhere on the screen is lost.
 */
const ToxEntrySchema = z.object({
  participantId: z
    .number({ required_error: 'Choose who was tested.', invalid_type_error: 'Choose who was tested.' })
    .int()
    .positive(),
  collectedOn: isoDate('the collection date'),
  panel: shortText('the panel', 100),
  results: fixedList(
    z.enum(TOX_RESULTS, { errorMap: () => ({ message: 'Choose negative or positive.' }) }),
    TOX_CLASSES.length,
  ),
})
const ToxForm = z.object({ tox: ToxEntrySchema }).passthrough()
/** The whole form's shape: the meeting, and the toxicology entry that has its own intent. */
type MeetingForm = z.output<typeof MeetingSchema> & { tox?: z.output<typeof ToxEntrySchema> }
/** Intents that send the form back as typed, saving nothing. */
const FORM_BACK_INTENTS = new Set([...Object.keys(MARK_INTENTS), 'clear-tox', 'open-tox'])
const schemaFor = (intent: string | null) =>
  intent === 'tox' ? ToxForm : intent && FORM_BACK_INTENTS.has(intent) ? AnyForm : MeetingSchema

async function load(request: Request, params: LoaderFunctionArgs['params']) {
  const groupId = idParam(params, 'groupId')
  const user = await authorize(request, 'group:run', { type: 'group', id: groupId })
  const week = weekParam(params)
  const group = getGroup(groupId)
  if (!group) notFound()
  return { user, week, group, lesson: findLessonMeta(group.arm, week) }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, week, group, lesson } = await load(request, params)
  const screen = await sessionScreen(group, week, lesson, user)
  await auditView(
    { actorId: user.id, action: 'group.session.read', entity: 'group', entityId: group.id, detail: `week=${week}` },
    screen.members.map((m) => m.id),
  )
  return {
    ...screen,
    lesson: screen.lesson && {
      ...screen.lesson,
      // each segment's script rendered into the markup only on a document request
      segments: screen.lesson.segments.map((s, i) => ({ ...s, html: shipOnce(context, segmentBodyId(i), s.html) })),
      // the preparation and what must not happen: rendered once per lesson, shipped once
      brief: lesson && shipRenderedOnce(context, LESSON_BRIEF_ID, ...lessonBrief(lesson)),
    },
    defaults: { ...screen.defaults, tox: toxBlank() },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, week, group, lesson } = await load(request, params)
  const submission = await parseSubmission(request, schemaFor)
  const payload = submission.payload as Record<string, unknown>
  const intent = String(payload.intent ?? 'save')
  if (intent === 'open-tox') {
    // Without JavaScript: the same form back, with a fresh toxicology entry shown. Not saved.
    payload.tox = toxBlank()
    return data({ result: submission.reply(), intent: null, toxOpen: true })
  }
  if (intent === 'clear-tox') {
    // the toxicology entry set aside (not saved), everything else as typed
    payload.tox = toxBlank()
    return data({ result: submission.reply(), intent: null, toxCleared: Date.now() })
  }
  if (intent === 'tox') {
    if (submission.status !== 'success') return invalid(submission)
    const entry = (submission.value as z.output<typeof ToxForm>).tox
    const person = groupMembers(group, week).find((m) => m.id === entry.participantId)
    if (!person) return invalid(submission, { fieldErrors: { 'tox.participantId': ['Choose someone in this group.'] } })
    const saved = recordToxResult(
      person.id,
      { collectedOn: entry.collectedOn, panel: entry.panel, results: toxPanel(entry.results) },
      user.id,
    )
    if (!saved.ok)
      return invalid(
        submission,
        problemsToErrors(saved.problems.map((p) => ({ ...p, path: p.path && `tox.${p.path}` }))),
      )
    const { period } = saved
    // The rest of the form comes back as typed (nothing else saved); the entry is cleared for the next person.
    payload.tox = { ...toxBlank(), panel: entry.panel }
    return data({
      result: submission.reply(),
      intent: null,
      toxCleared: Date.now(),
      toxSaved: `Toxicology result saved for ${person.name ?? person.studyId} (period ${period}).`,
    })
  }
  if (intent in MARK_INTENTS) {
    // Without JavaScript: the same form back, with this part's unmarked rows marked present. Not saved.
    const rows = (submission.payload as Record<string, unknown>)[MARK_INTENTS[intent as keyof typeof MARK_INTENTS]]
    if (Array.isArray(rows))
      for (const row of rows)
        if (row && typeof row === 'object' && !('status' in row && row.status)) row.status = 'present'
    return data({ result: submission.reply(), intent: null })
  }
  if (submission.status !== 'success') return invalid(submission)
  if (toxEntryStarted(payload.tox))
    return invalid(submission, {
      formErrors: [
        'A toxicology result is filled in but not saved. Save it with “Save test result”, or set it aside, then save the meeting.',
      ],
    })
  const v = submission.value as z.output<typeof MeetingSchema>
  const members = groupMembers(group, week)
  const roster = members.filter((m) => m.onRoster)
  const groupFacilitatorIds = groupFacilitatorUsers(group.id).map((f) => f.id)
  const scheduledAt = meetingInstant(group.schedule, week)
  const problems = meetingRecordProblems(v, {
    inStudyIds: members.map((m) => m.id),
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
        checkin: held ? v.checkin.map((c) => ({ participantId: c.participantId, status: c.status! })) : [],
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
      { ...v, facilitatorIds },
      saved
        ? {
            ...saved.meeting,
            facilitatorIds: saved.facilitatorIds,
            checkin: saved.checkin,
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

/** A restored draft's toxicology entry, from the values still waiting for its fields. */
function waitingTox(waiting: readonly [string, string][]) {
  if (!waiting.some(([name]) => name.startsWith('tox.'))) return undefined
  const { payload } = parseWithZod(new URLSearchParams([...waiting]), { schema: AnyForm })
  return (payload as { tox?: unknown }).tox
}

export default function RunSession() {
  const data = useLoaderData<typeof loader>()
  const formRef = useRef<HTMLFormElement>(null)
  const reply = useFormReply()
  // a new object only when the reply changes (conform reports every new lastResult)
  const lastResult = useMemo(() => withToxRows(reply), [reply])
  const [form, fields] = useForm<MeetingForm>({
    id: `meeting-${data.group.id}-${data.week}`,
    lastResult,
    defaultValue: data.defaults,
    constraint: MEETING_CONSTRAINT,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    // "Save test result" checks only the toxicology entry; everything else checks the meeting
    onValidate: ({ formData }) =>
      parseWithZod(formData, {
        schema: schemaFor(formData.get('intent') as string | null),
      }) as unknown as Submission<MeetingForm>,
  })
  const toxReply = useActionData<typeof action>() as
    { toxSaved?: string; toxCleared?: number; toxOpen?: boolean } | undefined
  const toxSaved = toxReply?.toxSaved
  const draft = useFormDraft(formRef, `meeting:${data.group.id}:${data.week}`, { version: data.version })
  // The toxicology entry is drawn on request; it opens by itself when it holds something to show.
  const toxShown =
    !!toxReply?.toxOpen ||
    !!toxSaved ||
    toxEntryStarted(lastResult?.initialValue?.tox) ||
    Object.keys(lastResult?.error ?? {}).some((name) => name.startsWith('tox.')) ||
    toxEntryStarted(waitingTox(draft.waiting))
  const agenda = data.lesson?.agenda ?? []
  const clock = useSessionClock(`session-timer:${data.group.id}:${data.week}`, agenda)
  const people = useMemo(() => new Map<number, Person>(data.members.map((m) => [m.id, m])), [data.members])
  const checkinOnly = data.members.filter((m) => !m.onRoster).length
  const saveLabel = data.recorded ? 'Save changes' : 'Save session'
  const here = `/groups/${data.group.id}/weeks/${data.week}`

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <div>
          <p className="text-sm">
            <Link to="/groups">My groups</Link> ·{' '}
            <Link to={`/cohorts/${data.group.cohortId}`}>{data.group.cohortName}</Link>
          </p>
          <h1 className="text-2xl">
            {data.group.name}: week {data.week}
          </h1>
        </div>
        <p className="text-sm text-slate-700">
          {data.group.armLabel} · scheduled {data.scheduled}
          {data.recorded ? ` · recorded (${data.recorded.status})` : ' · not recorded yet'}
        </p>
      </div>
      <RecordConflictNotice reloadTo={here} />
      <FidelityFeedback {...data.fidelityFeedback} returnTo={`/groups/${data.group.id}/weeks/${data.week}`} />
      <DraftNotice draft={draft} />
      <FormErrors form={form} />
      {/* One screen: the lesson and its clocks beside the record (two columns from 1024 px, stacked below). */}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2 lg:items-start">
        <div
          className="flex max-h-[85vh] flex-col gap-2 lg:sticky lg:top-2 lg:h-[calc(100vh-1rem)] lg:max-h-none"
          data-testid="lesson-column"
        >
          {data.lesson ? (
            <>
              <SessionTimer
                clock={clock}
                agenda={agenda}
                onMinutes={(m) => form.update({ name: fields.groupMinutes.name, value: String(m) })}
              />
              <SegmentScript segments={data.lesson.segments} clock={clock} />
              {/* opened, it scrolls within the column (which has a height of its own), never under the record */}
              <details className="max-h-[50vh] shrink-0 overflow-y-auto rounded-md border border-slate-300 bg-white px-3 py-1 text-sm">
                <summary className="cursor-pointer font-semibold">
                  {data.lesson.title}: preparation, what must not happen, the guide
                </summary>
                <ShippedOnceOr
                  id={LESSON_BRIEF_ID}
                  data={data.lesson.brief}
                  draw={(brief) => <LessonBriefLists {...brief} />}
                />
                <p className="my-1">
                  <Link to={data.lesson.href} target="_blank" rel="noreferrer">
                    Open the whole facilitator guide
                  </Link>{' '}
                  (new tab)
                </p>
              </details>
            </>
          ) : (
            <p className="rounded-md border border-slate-300 bg-white p-3">There is no lesson for this week.</p>
          )}
        </div>

        <Form method="post" className="space-y-3" {...getFormProps(form)} ref={formRef}>
          <section
            className="space-y-2 rounded-md border border-slate-300 bg-white p-3"
            aria-labelledby="attendance-heading"
          >
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2 id="attendance-heading" className="text-lg">
                Attendance
              </h2>
              {/* first in the form: Enter in a field saves, never "mark all present" */}
              <StatusButton pendingText="Saving…" className="btn min-h-[36px] px-3 py-1" intent="save">
                {saveLabel}
              </StatusButton>
            </div>
            <VersionField version={data.version} />
            <AttendanceList
              part="checkin"
              title="Check-in (30 minutes)"
              hint={`Everyone still in the study${checkinOnly ? `, ${checkinOnly} on the check-in-only track` : ''}. Nothing is marked until you mark it. ✓ = this week’s survey done.`}
              list={fields.checkin}
              people={people}
            />
            <ToxAtCheckin
              // a saved or set-aside entry starts afresh (its inputs are not controlled)
              key={toxReply?.toxCleared ?? 'tox'}
              meta={fields.tox}
              people={data.members}
              recorded={data.toxThisWeek}
              savedMessage={toxSaved}
              shown={toxShown}
            />
            <AttendanceList
              part="group"
              title="Group (60 minutes)"
              hint="This week’s group roster. “Mark all present” marks only those not yet marked."
              list={fields.attendance}
              people={people}
            />
          </section>

          {data.lesson ? (
            <fieldset className="rounded-md border border-slate-300 bg-white p-3">
              <legend className="px-1 text-lg font-semibold">Fidelity checklist</legend>
              <p className="text-xs text-slate-700">Tick each prescribed item you delivered.</p>
              {/* styled from the list, as the attendance rows are (`.ticks`) */}
              <ul className="ticks">
                {listRows(fields.fidelity, ['itemId', 'delivered']).map((f) => {
                  const text = data.lesson!.fidelity.find((x) => x.id === f.itemId.initialValue)?.text ?? ''
                  return (
                    <li key={f.itemId.name}>
                      <input {...rowInput(f.itemId, 'hidden')} />
                      <label>
                        <input {...rowInput(f.delivered, 'checkbox')} />
                        <span>{text}</span>
                      </label>
                    </li>
                  )
                })}
              </ul>
            </fieldset>
          ) : null}

          <section className="rounded-md border border-slate-300 bg-white p-3" aria-labelledby="meeting-heading">
            <h2 id="meeting-heading" className="text-lg">
              Meeting, minutes and notes
            </h2>
            <ChoiceField
              meta={fields.status}
              label="Meeting status"
              options={MEETING_STATUSES.map((s) => ({ value: s, label: MEETING_LABEL[s] }))}
              className="mt-1"
            />
            <div className="mt-2 grid gap-3 sm:grid-cols-2">
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
              className="mt-2"
            />
            <TextareaField meta={fields.notes} label="Session notes" rows={4} maxLength={5000} className="mt-2" />
            <StatusButton pendingText="Saving…" className="btn mt-3" intent="save">
              {saveLabel}
            </StatusButton>
          </section>
        </Form>
      </div>
    </div>
  )
}

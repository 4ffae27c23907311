import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useFormAction, useLoaderData, useNavigation, useSubmit } from '@remix-run/react'
import { z } from 'zod'
import { auditParticipantsShown } from '~/auth/audit.server'
import { AuditBadge } from '~/components/fidelity-feedback'
import { auditStatusOfMeetings } from '~/domain/audit-queue.server'
import { authorize } from '~/auth/authorize.server'
import { can } from '~/auth/permissions'
import { BarChart, LineChart } from '~/components/charts'
import { FormErrors, StatusButton, TextField } from '~/components/forms'
import { OneTimeLink, oneTimeLinkOf } from '~/components/one-time-link'
import { ARM_LABEL } from '~/domain/arms'
import { ADHERENCE_LABEL } from '~/domain/adherence'
import { participantFacingTextProblems } from '~/domain/blinding'
import { RandomizationError, randomizeParticipant } from '~/domain/cohorts.server'
import { DECISION_LABEL } from '~/domain/continuation'
import { InviteError, inviteParticipant, participantCohortId } from '~/domain/participants.server'
import { cohortProgress } from '~/domain/progress.server'
import { WEEKDAYS } from '~/domain/schedule'
import { describeWeekMatch } from '~/domain/time-matching'
import { describeToxPeriod } from '~/domain/toxicology'
import { invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
import { notFound } from '~/utils/http-errors'
import { useLinkClicks } from '~/utils/link-clicks'
import { oneTimeLinkReply } from '~/utils/one-time-link.server'
import { idParam } from '~/utils/params'
import { redirectWithToast } from '~/utils/toast.server'
import { shortText } from '~/utils/validation'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.progress.cohort.name ?? 'Cohort'} · Weekly Groups` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const cohortId = idParam(params, 'cohortId')
  const user = await authorize(request, 'cohort:read', { type: 'cohort', id: cohortId })
  const canManage = can(user, 'cohort:manage')
  const progress = cohortProgress(cohortId, {
    onlyGroupsLedBy: user.role === 'facilitator' ? user.id : undefined,
    includeEnrolment: canManage,
  })
  if (!progress) notFound()
  auditParticipantsShown({ actorId: user.id, action: 'cohort.progress.read', entity: 'cohort', entityId: cohortId }, [
    ...progress.groups.flatMap((g) => g.participants.map((p) => p.id)),
    ...progress.unrandomized.map((p) => p.id),
    ...progress.awaitingInvite.map((p) => p.id),
  ])
  // Send what the page renders: the grid up to the current week as one letter per week
  // (GRID_CODE), not an object per cell.
  const shown = Math.max(progress.week, 1)
  const groups = progress.groups.map((g) => ({
    ...g,
    participants: g.participants.map(({ weeks, ...p }) => ({
      ...p,
      grid: weeks
        .slice(0, shown)
        .map((c) => (c.status ? (GRID_CODE[c.status] ?? '?') : c.onRoster ? ' ' : '.'))
        .join(''),
    })),
  }))
  const audits = can(user, 'fidelity:manage')
    ? Object.fromEntries(auditStatusOfMeetings(groups.flatMap((g) => g.meetings.map((m) => m.id))))
    : {}
  return { progress: { ...progress, groups }, canManage, canAudit: can(user, 'fidelity:audit'), audits }
}

const participantId = z
  .number({ required_error: 'Unknown participant.', invalid_type_error: 'Unknown participant.' })
  .int()
  .positive()
const RandomizeSchema = z.object({ intent: z.literal('randomize'), participantId })
const InviteSchema = z.object({
  intent: z.literal('invite'),
  participantId,
  name: shortText('the participant’s name', 120),
})
// Built once: a cohort's page can hold a form per participant.
const RANDOMIZE_CONSTRAINT = getZodConstraint(RandomizeSchema)
const INVITE_CONSTRAINT = getZodConstraint(InviteSchema)
const ActionSchema = z.discriminatedUnion('intent', [RandomizeSchema, InviteSchema])

/** Which row's form a reply belongs to (each unrandomized or uninvited participant has one). */
const replyTag = (intent: unknown, participantId: unknown) => `${String(intent ?? '')}:${String(participantId ?? '')}`

export async function action({ request, params }: ActionFunctionArgs) {
  const cohortId = idParam(params, 'cohortId')
  const user = await authorize(request, 'cohort:manage', { type: 'cohort', id: cohortId })
  const submission = await parseSubmission(request, ActionSchema)
  const payload = submission.payload as { intent?: unknown; participantId?: unknown }
  const intent = replyTag(payload.intent, payload.participantId)
  if (submission.status !== 'success') return invalid(submission, { intent })
  const form = submission.value
  await authorize(request, 'participant:write', { type: 'participant', id: form.participantId })
  if (participantCohortId(form.participantId) !== cohortId) notFound()
  try {
    if (form.intent === 'randomize') {
      randomizeParticipant(form.participantId, user.id)
      return redirectWithToast(`/cohorts/${cohortId}`, {
        description: 'Randomized. The participant now appears in their group below.',
      })
    }
    const nameProblems = participantFacingTextProblems('name', form.name, 'their display name')
    if (nameProblems.length) return invalid(submission, { intent, ...problemsToErrors(nameProblems) })
    return oneTimeLinkReply(request, {
      result: submission.reply({ resetForm: true }),
      intent,
      path: inviteParticipant(form.participantId, form.name, user.id),
      recipient: 'the participant',
      message: 'Login created for the participant.',
    })
  } catch (error) {
    if (error instanceof RandomizationError || error instanceof InviteError)
      return invalid(submission, { formErrors: [error.message], intent }, 409)
    throw error
  }
}

const ADHERENCE_CLASS: Record<string, string> = {
  adherent: 'text-green-900',
  'on-track': '',
  'at-risk': 'font-semibold text-amber-900',
  'cannot-reach': 'font-semibold text-red-800',
}

/**
 * The attendance grid, one letter per week: the attendance status, or the meeting's when it was
 * not held; ' ' nothing recorded, '.' not on the group roster that week (check-in only).
 */
const GRID_CODE: Record<string, string> = {
  present: 'P',
  late: 'L',
  excused: 'E',
  absent: 'A',
  cancelled: 'C',
  missed: 'M',
}
/** Each letter's cell: the letter itself is the text (colour only repeats it); `.att` in tailwind.css. */
const GRID_CELL: Record<string, string> = {
  P: '<td class="w wP">P</td>',
  L: '<td class="w wL">L</td>',
  E: '<td class="w wE">E</td>',
  A: '<td class="w wA">A</td>',
  C: '<td class="w wC">C</td>',
  M: '<td class="w wC">M</td>',
  ' ': '<td class="w"></td>',
  '.': '<td class="w">·</td>',
}
const GRID_LEGEND = 'P present, L late, E excused, A absent, C meeting cancelled, M meeting missed, · check-in only'

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

type GridRow = {
  id: number
  studyId: string
  name: string | null
  status: string
  decision: keyof typeof DECISION_LABEL | null
  track: string
  attended: number
  held: number
  stillAttendable: number
  adherence: keyof typeof ADHERENCE_LABEL
  notOfferedFlag: boolean
  toxMissing: number[]
  grid: string
}

/**
 * A group's attendance table body as markup: 24 people × 24 weeks of cells are most of the page,
 * and built as one string (the same on the server and in the browser) they cost a fraction of
 * rendering each cell through React. Column headers give each cell its week; the caption and the
 * legend give the letters.
 */
function gridBodyHtml(participants: GridRow[]): string {
  let html = ''
  for (const p of participants) {
    html += `<tr><th scope="row" class="whitespace-nowrap font-normal"><a href="/participants/${p.id}">${escapeHtml(p.name ?? p.studyId)}</a></th>`
    for (const code of p.grid) html += GRID_CELL[code] ?? '<td class="w">?</td>'
    const track =
      p.status === 'withdrawn'
        ? 'Left the programme'
        : p.track === 'group'
          ? 'Group'
          : `Check-in only${p.decision ? ` (${DECISION_LABEL[p.decision].toLowerCase()})` : ''}`
    html +=
      `<td>${p.attended}/${p.held}</td>` +
      `<td class="${ADHERENCE_CLASS[p.adherence]}">${ADHERENCE_LABEL[p.adherence]}<span class="block font-normal text-slate-700">${p.stillAttendable} more possible</span></td>` +
      `<td>${track}${p.notOfferedFlag ? '<span class="block font-semibold text-red-800">⚠ Not offered yet (week 9 has started)</span>' : ''}</td>` +
      (p.toxMissing.length
        ? `<td class="font-semibold text-red-800">⚠ No test in period${p.toxMissing.length > 1 ? 's' : ''} ${p.toxMissing.map(describeToxPeriod).join(', ')}</td>`
        : '<td>Up to date</td>') +
      '</tr>'
  }
  return html
}

export default function CohortPage() {
  const { progress, canManage, canAudit, audits } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const lastResultFor = (intent: string, participantId: number) =>
    actionData?.intent === replyTag(intent, participantId) ? actionData.result : undefined
  const link = oneTimeLinkOf(actionData)
  const { cohort, week, groups } = progress
  const weeks = Array.from({ length: Math.max(week, 1) }, (_, i) => i + 1)
  const onGridClick = useLinkClicks()
  // The invite rows: plain forms (one router hook for the list, not a <Form> per row), and the
  // row being submitted (one navigation read for the page, not one per row's button).
  const formAction = useFormAction()
  const submit = useSubmit()
  const onInviteSubmit = (event: React.FormEvent<HTMLUListElement>) => {
    const form = event.target
    if (!(form instanceof HTMLFormElement) || !form.dataset.plain || event.defaultPrevented) return
    event.preventDefault()
    const submitter = (event.nativeEvent as SubmitEvent).submitter
    submit(submitter instanceof HTMLButtonElement ? submitter : form)
  }
  const navigation = useNavigation()
  const invitePending =
    navigation.state !== 'idle' && navigation.formData?.get('intent') === 'invite'
      ? String(navigation.formData.get('participantId'))
      : null
  const { timeMatch } = progress
  const flaggedWeeks = timeMatch.weeks.filter((m) => m.flagged)
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link to="/cohorts">Cohorts</Link>
        </p>
        <h1>{cohort.name}</h1>
        <p className="text-slate-700">
          {WEEKDAYS[cohort.weekday]}s at {cohort.startTime} ({cohort.timeZone}) · first meeting on or after{' '}
          {cohort.startDate} · {week === 0 ? 'not started' : `week ${week} of 24`}
        </p>
      </div>
      {link ? <OneTimeLink {...link} /> : null}

      {canManage ? (
        <section className="card" aria-labelledby="enrol-heading">
          <h2 id="enrol-heading">Enrolment and randomization</h2>
          <p className="mt-1">
            <Link className="btn" to={`/cohorts/${cohort.id}/enrol`}>
              Enrol a participant
            </Link>
          </p>
          {progress.unrandomized.length ? (
            <>
              <h3 className="mt-4">Enrolled, not yet randomized</h3>
              <p className="text-sm text-slate-700">
                Randomizing reveals the next concealed allocation for this participant. It cannot be undone.
              </p>
              <ul className="mt-2 space-y-2">
                {progress.unrandomized.map((p) => (
                  <RandomizeRow key={p.id} participant={p} lastResult={lastResultFor('randomize', p.id)} />
                ))}
              </ul>
            </>
          ) : null}
          {progress.awaitingInvite.length ? (
            <>
              <h3 className="mt-4">Randomized, not yet invited</h3>
              {/* The rows' plain forms submit through the router here, with the button pressed. */}
              <ul className="mt-2 space-y-2" onSubmit={onInviteSubmit}>
                {progress.awaitingInvite.map((p) => (
                  <InviteRow
                    key={p.id}
                    action={formAction}
                    participant={p}
                    lastResult={lastResultFor('invite', p.id)}
                    pending={invitePending === String(p.id)}
                  />
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      <section className="card" aria-labelledby="minutes-heading">
        <h2 id="minutes-heading">Minutes delivered per week (time matching)</h2>
        <p className="text-sm text-slate-700">
          Both groups should get the same check-in and group minutes every week. Tolerance:{' '}
          {timeMatch.tolerance === 0 ? 'none (any difference is flagged)' : `${timeMatch.tolerance} min`}.
        </p>
        {groups.length < 2 ? (
          <p className="mt-1 text-sm text-slate-700">
            Time matching compares the cohort’s two groups; this page shows only the group you lead.
          </p>
        ) : null}
        {flaggedWeeks.length ? (
          <p className="mt-1 font-semibold text-red-800" role="note">
            ⚠ Not time-matched in week{flaggedWeeks.length > 1 ? 's' : ''} {flaggedWeeks.map((m) => m.week).join(', ')}.
          </p>
        ) : null}
        <div className="overflow-x-auto">
          <table className="table">
            <caption className="sr-only">Check-in and group minutes per week, by group</caption>
            <thead>
              <tr>
                <th scope="col">Week</th>
                {groups.map((g) => (
                  <th key={g.id} scope="col">
                    {ARM_LABEL[g.arm]} (check-in + group)
                  </th>
                ))}
                <th scope="col">Time matching</th>
              </tr>
            </thead>
            <tbody>
              {timeMatch.weeks.map((wm) => {
                const w = wm.week
                return (
                  <tr key={w}>
                    <th scope="row">{w}</th>
                    {groups.map((g) => {
                      const m = g.meetings.find((x) => x.week === w)
                      return (
                        <td key={g.id}>
                          {m?.status === 'held'
                            ? `${m.checkinMinutes ?? '?'} + ${m.groupMinutes ?? '?'} min`
                            : (m?.status ?? 'not recorded')}
                          {canAudit && m?.status === 'held' ? (
                            <>
                              {' '}
                              ·{' '}
                              <Link to={`/meetings/${m.id}/audit`}>
                                Audit
                                <span className="sr-only">
                                  {' '}
                                  {ARM_LABEL[g.arm]} week {w}
                                </span>
                              </Link>
                            </>
                          ) : null}
                          {m && audits[m.id] ? <AuditBadge {...audits[m.id]} /> : null}
                        </td>
                      )
                    })}
                    <td className={wm.flagged ? 'font-semibold text-red-800' : ''}>
                      {wm.flagged ? '⚠ ' : wm.status === 'matched' ? '✓ ' : ''}
                      {describeWeekMatch(wm)}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
        <h3 className="mt-4">Cumulative minutes per arm</h3>
        <LineChart
          title="Cumulative check-in and group minutes, by arm"
          description={timeMatch.cumulative
            .map((c) => {
              const last = c.weeks[c.weeks.length - 1]
              return `${ARM_LABEL[c.arm]}: ${last?.checkin ?? 0} check-in and ${last?.group ?? 0} group minutes through week ${week}`
            })
            .join('. ')}
          categories={weeks}
          markers={false}
          series={timeMatch.cumulative.flatMap((c) => [
            { label: `${ARM_LABEL[c.arm]} check-in`, values: c.weeks.map((x) => x.checkin) },
            { label: `${ARM_LABEL[c.arm]} group`, values: c.weeks.map((x) => x.group) },
          ])}
        />
        <div className="overflow-x-auto">
          <table className="table" data-testid="cumulative-minutes">
            <caption className="sr-only">Cumulative check-in and group minutes per arm, through each week</caption>
            <thead>
              <tr>
                <th scope="col">Through week</th>
                {timeMatch.cumulative.flatMap((c) => [
                  <th key={`${c.groupId}-c`} scope="col">
                    {ARM_LABEL[c.arm]} check-in
                  </th>,
                  <th key={`${c.groupId}-g`} scope="col">
                    {ARM_LABEL[c.arm]} group
                  </th>,
                ])}
              </tr>
            </thead>
            <tbody>
              {weeks.map((w) => (
                <tr key={w}>
                  <th scope="row">{w}</th>
                  {timeMatch.cumulative.flatMap((c) => [
                    <td key={`${c.groupId}-c`}>{c.weeks[w - 1]?.checkin ?? 0}</td>,
                    <td key={`${c.groupId}-g`}>{c.weeks[w - 1]?.group ?? 0}</td>,
                  ])}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {groups.some((g) => g.funnel) ? (
        <section className="card" aria-labelledby="funnel-heading">
          <h2 id="funnel-heading">Week-8 continuation decision</h2>
          {groups.map((g) => {
            const f = g.funnel
            if (!f) return null
            const notOffered = g.participants.filter((p) => f.notOfferedIds.includes(p.id))
            return (
              <div key={g.id} className="mt-2">
                <h3>
                  {ARM_LABEL[g.arm]}: {g.name}
                </h3>
                {f.flagNotOffered ? (
                  <p
                    className="mt-1 rounded border border-red-300 bg-red-50 p-2 font-semibold text-red-900"
                    role="note"
                  >
                    ⚠ Week 9 has started and {f.notOfferedYet} eligible participant
                    {f.notOfferedYet > 1 ? 's have' : ' has'} not been offered the choice to continue:{' '}
                    {notOffered.map((p) => p.name ?? p.studyId).join(', ')}.{' '}
                    <Link to={`/groups/${g.id}/decisions`}>Record the decisions</Link>
                  </p>
                ) : null}
                <BarChart
                  title={`Decision funnel, ${ARM_LABEL[g.arm]}`}
                  description={`Eligible ${f.eligible}, offered ${f.offered}, not offered yet ${f.notOfferedYet}, continued ${f.continued}, declined ${f.declined}, still deciding ${f.undecided}`}
                  categories={['Eligible', 'Offered', 'Not offered yet', 'Continued', 'Declined', 'Still deciding']}
                  series={[
                    {
                      label: 'Participants',
                      values: [f.eligible, f.offered, f.notOfferedYet, f.continued, f.declined, f.undecided],
                    },
                  ]}
                  height={150}
                />
                <p data-testid={`funnel-${g.arm}`}>
                  {f.counted} in the group: {f.notEligible} not eligible · eligible {f.eligible} → offered {f.offered} →
                  continued {f.continued} · declined {f.declined} · still deciding {f.undecided} · not offered yet{' '}
                  {f.notOfferedYet}
                </p>
              </div>
            )
          })}
        </section>
      ) : null}

      <div className="grid gap-6 xl:grid-cols-2">
        {groups.map((g) => (
          <section key={g.id} className="card overflow-x-auto" aria-labelledby={`group-${g.id}`}>
            <h2 id={`group-${g.id}`}>
              {g.name} <span className="text-base font-normal text-slate-700">({ARM_LABEL[g.arm]})</span>
            </h2>
            <p className="text-sm text-slate-700">
              Facilitators: {g.facilitators.join(', ') || 'none yet'} ·{' '}
              {g.meetings.filter((m) => m.status === 'held').length} meetings held · {g.participants.length}{' '}
              participants
            </p>
            <p className="mt-1 text-xs text-slate-700">{GRID_LEGEND}</p>
            {/* Clicks on the participant links inside the string-built body (keyboard Enter is a click too). */}
            <table className="table att mt-2 text-xs" onClick={onGridClick}>
              <caption className="sr-only">
                Attendance for {g.name} by week: {GRID_LEGEND}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Participant</th>
                  {weeks.map((w) => (
                    <th key={w} scope="col" className="px-1 text-center">
                      <span className="sr-only">Week </span>
                      {w}
                    </th>
                  ))}
                  <th scope="col">Attended</th>
                  <th scope="col">Adherence</th>
                  <th scope="col">Track</th>
                  <th scope="col">Toxicology</th>
                </tr>
              </thead>
              <tbody dangerouslySetInnerHTML={{ __html: gridBodyHtml(g.participants) }} />
            </table>
          </section>
        ))}
      </div>
    </div>
  )
}

type RowProps = {
  participant: { id: number; studyId: string }
  lastResult: SubmissionResult<string[]> | null | undefined
}

function RandomizeRow({ participant: p, lastResult }: RowProps) {
  const [form, fields] = useForm({
    id: `randomize-${p.id}`,
    lastResult,
    constraint: RANDOMIZE_CONSTRAINT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RandomizeSchema }),
  })
  return (
    <li>
      <FormErrors form={form} />
      <Form method="post" className="flex flex-wrap items-center gap-3" {...getFormProps(form)}>
        <span className="font-mono">{p.studyId}</span>
        <input type="hidden" name={fields.participantId.name} value={p.id} />
        <StatusButton intent="randomize" className="btn-secondary min-h-[36px] py-1" pendingText="Randomizing…">
          Randomize<span className="sr-only"> {p.studyId}</span>
        </StatusButton>
      </Form>
    </li>
  )
}

/**
 * A row for each randomized participant without a login: often most of a new cohort. Until a row
 * has a reply to show, it is a plain form with the schema's constraints (the browser checks them;
 * the action validates with the same schema): a conform form per row cost more to render than the
 * rest of the page. The row a reply belongs to is the full conform form, with its errors and
 * what was typed.
 */
function InviteRow({ participant: p, lastResult, pending, action }: RowProps & { pending: boolean; action: string }) {
  if (lastResult) return <ConformInviteRow participant={p} lastResult={lastResult} />
  const inputId = `invite-${p.id}-name`
  return (
    <li>
      <form
        method="post"
        action={action}
        data-plain="1"
        className="flex flex-wrap items-end gap-2"
        id={`invite-${p.id}`}
      >
        <span className="mb-2 font-mono">{p.studyId}</span>
        <input type="hidden" name="participantId" value={p.id} />
        <div className="mb-0 w-56">
          <label htmlFor={inputId} className="label">
            Name for {p.studyId}
          </label>
          <input
            id={inputId}
            name="name"
            type="text"
            required={INVITE_CONSTRAINT.name?.required}
            minLength={INVITE_CONSTRAINT.name?.minLength}
            maxLength={INVITE_CONSTRAINT.name?.maxLength}
            placeholder="Name they go by"
            className="input"
          />
        </div>
        <button
          type="submit"
          name="intent"
          value="invite"
          className="btn-secondary min-h-[36px] py-1"
          aria-disabled={pending || undefined}
          disabled={pending}
        >
          {pending ? (
            'Creating link…'
          ) : (
            <>
              Create login link<span className="sr-only"> for {p.studyId}</span>
            </>
          )}
        </button>
      </form>
    </li>
  )
}

function ConformInviteRow({ participant: p, lastResult }: RowProps) {
  const [form, fields] = useForm({
    id: `invite-${p.id}`,
    lastResult,
    constraint: INVITE_CONSTRAINT,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
  })
  return (
    <li>
      <FormErrors form={form} />
      <Form method="post" className="flex flex-wrap items-end gap-2" {...getFormProps(form)}>
        <span className="mb-2 font-mono">{p.studyId}</span>
        <input type="hidden" name={fields.participantId.name} value={p.id} />
        <TextField
          meta={fields.name}
          label={`Name for ${p.studyId}`}
          placeholder="Name they go by"
          className="mb-0 w-56"
        />
        <StatusButton intent="invite" className="btn-secondary min-h-[36px] py-1" pendingText="Creating link…">
          Create login link<span className="sr-only"> for {p.studyId}</span>
        </StatusButton>
      </Form>
    </li>
  )
}

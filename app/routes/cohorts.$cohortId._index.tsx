import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useFormAction, useLoaderData, useNavigation, useSubmit } from '@remix-run/react'
import { z } from 'zod'
import { auditParticipantsShown } from '~/auth/audit.server'
import { authorize } from '~/auth/authorize.server'
import { can } from '~/auth/permissions'
import { CohortFigures } from '~/components/cohort-figures'
import { cohortPage } from '~/components/cohort-figures.server'
import { FormErrors, StatusButton, TextField } from '~/components/forms'
import { OneTimeLink, oneTimeLinkOf } from '~/components/one-time-link'
import { participantFacingTextProblems } from '~/domain/blinding'
import { RandomizationError, randomizeParticipant } from '~/domain/cohorts.server'
import { InviteError, inviteParticipant, participantCohortId } from '~/domain/participants.server'
import { WEEKDAYS } from '~/domain/schedule'
import { invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
import { notFound } from '~/utils/http-errors'
import { useLinkClicks } from '~/utils/link-clicks'
import { oneTimeLinkReply } from '~/utils/one-time-link.server'
import { idParam } from '~/utils/params'
import { ShippedOnceOr, shipRenderedOnce } from '~/utils/shipped-once'
import { redirectWithToast } from '~/utils/toast.server'
import { shortText } from '~/utils/validation'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.cohort.name ?? 'Cohort'} · Weekly Groups` },
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const cohortId = idParam(params, 'cohortId')
  const user = await authorize(request, 'cohort:read', { type: 'cohort', id: cohortId })
  const canManage = can(user, 'cohort:manage')
  const page = cohortPage(cohortId, {
    onlyGroupsLedBy: user.role === 'facilitator' ? user.id : undefined,
    includeEnrolment: canManage,
    auditStatus: can(user, 'fidelity:manage'),
    auditLinks: can(user, 'fidelity:audit'),
    participantLinks: can(user, 'participant:read'),
  })
  if (!page) notFound()
  await auditParticipantsShown(
    { actorId: user.id, action: 'cohort.progress.read', entity: 'cohort', entityId: cohortId },
    page.participantIds,
  )
  return {
    cohort: page.cohort,
    week: page.week,
    canManage,
    unrandomized: page.unrandomized,
    awaitingInvite: page.awaitingInvite,
    /** the figures: on a document request their markup only (ADR 018) */
    progress: shipRenderedOnce(context, FIGURES_ID, page.figures, page.html),
  }
}

/** The element that holds the figures (shipped once). */
const FIGURES_ID = 'cohort-figures'

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

export default function CohortPage() {
  const { cohort, week, progress, canManage, unrandomized, awaitingInvite } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const lastResultFor = (intent: string, participantId: number) =>
    actionData?.intent === replyTag(intent, participantId) ? actionData.result : undefined
  const link = oneTimeLinkOf(actionData)
  const onLinkClick = useLinkClicks()
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
          {unrandomized.length ? (
            <>
              <h3 className="mt-4">Enrolled, not yet randomized</h3>
              <p className="text-sm text-slate-700">
                Randomizing reveals the next concealed allocation for this participant. It cannot be undone.
              </p>
              <ul className="mt-2 space-y-2">
                {unrandomized.map((p) => (
                  <RandomizeRow key={p.id} participant={p} lastResult={lastResultFor('randomize', p.id)} />
                ))}
              </ul>
            </>
          ) : null}
          {awaitingInvite.length ? (
            <>
              <h3 className="mt-4">Randomized, not yet invited</h3>
              {/* The rows' plain forms submit through the router here, with the button pressed. */}
              <ul className="mt-2 space-y-2" onSubmit={onInviteSubmit}>
                {awaitingInvite.map((p) => (
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

      <ShippedOnceOr
        id={FIGURES_ID}
        data={progress}
        draw={(figures) => <CohortFigures week={week} {...figures} />}
        className="space-y-6"
        // clicks on the figures' links navigate like <Link>s (Enter on a link is a click too)
        onClick={onLinkClick}
      />
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

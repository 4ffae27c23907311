import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { DECISIONS } from '#db/schema'
import { audit, auditParticipantsShown } from '~/auth/audit.server'
import { authorize } from '~/auth/authorize.server'
import { ChoiceField, FormErrors, StatusButton, TextareaField, TextField } from '~/components/forms'
import { ARM_LABEL } from '~/domain/arms'
import {
  continuationApplies,
  DECISION_LABEL,
  DECISION_REASONS,
  DECISION_WEEK,
  describeRule,
  describeWindow,
} from '~/domain/continuation'
import { decisionRoster, recordOfferedDecision } from '~/domain/decisions.server'
import { getGroup } from '~/domain/groups.server'
import { currentWeek } from '~/domain/schedule'
import { getProgrammeSettings } from '~/domain/settings.server'
import { useFormReply } from '~/utils/form-reply'
import { invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
import { notFound } from '~/utils/http-errors'
import { idParam } from '~/utils/params'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Week-8 decisions · Weekly Groups' }]

async function load(request: Request, params: LoaderFunctionArgs['params']) {
  const groupId = idParam(params, 'groupId')
  const user = await authorize(request, 'group:run', { type: 'group', id: groupId })
  const group = getGroup(groupId)
  if (!group) notFound()
  const settings = getProgrammeSettings()
  if (!continuationApplies(group.arm, settings)) notFound()
  return { user, group, settings }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, group, settings } = await load(request, params)
  const roster = decisionRoster(group.id)
  audit({ actorId: user.id, action: 'continuation.read', entity: 'group', entityId: group.id })
  auditParticipantsShown(
    { actorId: user.id, action: 'continuation.read', entity: 'group', entityId: group.id },
    roster.map((m) => m.id),
  )
  return {
    group: { id: group.id, name: group.name, armLabel: ARM_LABEL[group.arm] },
    week: currentWeek(group.schedule, new Date()),
    rule: describeRule(settings),
    window: describeWindow(settings),
    roster,
  }
}

/** The form's shape; whether a decision can be recorded is `decisionProblems` (app/domain). */
const DecisionSchema = z.object({
  intent: z.literal('decide'),
  participantId: z.number().int().positive(),
  offeredAt: z.string({ required_error: 'Enter the date the choice was offered.' }).regex(/^\d{4}-\d{2}-\d{2}$/, {
    message: 'Enter the date as YYYY-MM-DD.',
  }),
  decision: z.enum(DECISIONS, {
    errorMap: () => ({ message: 'Choose continue, not continue, or still deciding.' }),
  }),
  reasons: z
    .array(z.string())
    .default([])
    .refine((rs) => rs.every((r) => DECISION_REASONS.some((d) => d.id === r)), 'Choose reasons from the list.'),
  note: z.string().trim().max(1000, 'Keep the note under 1,000 characters.').optional(),
})

const replyTag = (participantId: unknown) => `decide:${String(participantId ?? '')}`

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, group } = await load(request, params)
  const submission = await parseSubmission(request, DecisionSchema)
  const intent = replyTag((submission.payload as { participantId?: unknown }).participantId)
  if (submission.status !== 'success') return invalid(submission, { intent })
  const v = submission.value
  const problems = recordOfferedDecision(
    group,
    {
      participantId: v.participantId,
      offeredAt: v.offeredAt,
      decision: v.decision,
      reasons: v.reasons,
      note: v.note || null,
    },
    user.id,
  )
  if (problems === null) notFound()
  if (problems.length) return invalid(submission, { intent, ...problemsToErrors(problems) }, 409)
  return redirectWithToast(`/groups/${group.id}/decisions`, { description: 'Decision saved.' })
}

type Member = ReturnType<typeof decisionRoster>[number]

function DecisionForm({ m, window }: { m: Member; window: string }) {
  const who = m.name ?? m.studyId
  const [form, fields] = useForm({
    id: `decision-${m.id}`,
    lastResult: useFormReply(replyTag(m.id)),
    constraint: getZodConstraint(DecisionSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DecisionSchema }),
    // Nothing is preset: the offer date and the decision start empty unless already recorded.
    defaultValue: {
      offeredAt: m.decision?.offeredAt?.slice(0, 10) ?? '',
      decision: m.decision?.decision,
      reasons: m.decision?.reasons ?? [],
      note: m.decision?.note ?? '',
    },
  })
  return (
    <Form method="post" className="mt-3 space-y-3" {...getFormProps(form)}>
      <FormErrors form={form} />
      <input type="hidden" name="intent" value="decide" />
      <input type="hidden" name={fields.participantId.name} value={m.id} />
      <div className="flex flex-wrap gap-4">
        <TextField meta={fields.offeredAt} label={`Offered on (to ${who})`} type="date" className="" />
        <ChoiceField
          meta={fields.decision}
          label="Decision"
          options={DECISIONS.map((d) => ({ value: d, label: DECISION_LABEL[d] }))}
          className=""
        />
      </div>
      <ChoiceField
        meta={fields.reasons}
        type="checkbox"
        label="Reasons they gave (optional)"
        options={DECISION_REASONS.map((r) => ({ value: r.id, label: r.label }))}
        listClassName="grid gap-1 sm:grid-cols-2"
      />
      <TextareaField meta={fields.note} label="Note (optional)" rows={2} maxLength={1000} />
      <p className="sr-only">Eligibility window: {window}.</p>
      <StatusButton pendingText="Saving…">
        Save decision<span className="sr-only"> for {who}</span>
      </StatusButton>
    </Form>
  )
}

export default function Decisions() {
  const data = useLoaderData<typeof loader>()
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link to="/groups">My groups</Link>
        </p>
        <h1>Week-8 continuation: {data.group.name}</h1>
        <p className="text-slate-700">
          {data.group.armLabel} · now in week {data.week}
        </p>
      </div>
      <section className="card border-violet-600 bg-violet-50" aria-labelledby="framing">
        <h2 id="framing">How to make the offer</h2>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          <li>
            State the real load in the same words to everyone: sixteen more weekly groups and daily home practice. Name
            what continuing offers without promising results.
          </li>
          <li>
            Declining is a valid, respected choice. People who decline keep their weekly check-in and surveys and stay
            in the programme.
          </li>
          <li>
            Ask about practical barriers (time, transport, phone, care) the same way for everyone, and follow up one to
            one in the person’s language before the decision date.
          </li>
          <li>Do not persuade or pressure. “Still deciding” is fine; record it and follow up.</li>
        </ul>
        <p className="mt-2 text-sm">Eligibility rule for this programme: {data.rule}.</p>
      </section>
      {data.week < DECISION_WEEK ? <p className="card">Decisions can be recorded from week {DECISION_WEEK}.</p> : null}
      <ul className="space-y-4">
        {data.roster.map((m) => (
          <li key={m.id} className="card">
            <h2 className="text-lg">
              {m.name ?? m.studyId} <span className="text-sm font-normal text-slate-700">{m.studyId}</span>
            </h2>
            <p className="text-sm">
              Attended {m.windowAttended} of {data.window} ·{' '}
              {m.eligible ? (
                <strong className="text-green-800">Eligible</strong>
              ) : (
                <strong className="text-slate-800">Not eligible: stays on check-in only</strong>
              )}
              {m.decision ? ` · Recorded: ${DECISION_LABEL[m.decision.decision]}` : ''}
            </p>
            {m.eligible && data.week >= DECISION_WEEK ? <DecisionForm m={m} window={data.window} /> : null}
          </li>
        ))}
      </ul>
    </div>
  )
}

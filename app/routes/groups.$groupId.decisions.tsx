import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useRef } from 'react'
import { z } from 'zod'
import { DECISIONS } from '#db/schema'
import { auditView } from '~/auth/audit.server'
import { authorize } from '~/auth/authorize.server'
import { CorrectionHistory } from '~/components/decision-history'
import { DraftNotice, useFormDraft } from '~/components/form-draft'
import { ChoiceField, FormErrors, StatusButton, TextareaField, TextField } from '~/components/forms'
import { RecordConflictNotice, VersionField } from '~/components/record-conflict'
import { ARM_LABEL } from '~/domain/arms'
import {
  continuationApplies,
  CORRECTION_REASON_MAX,
  decisionChangeKind,
  DECISION_LABEL,
  DECISION_REASONS,
  DECISION_WEEK,
  describeRule,
  describeWindow,
  INTENSIVE_FROM_WEEK,
  type Decision,
} from '~/domain/continuation'
import { decisionCorrectionsOf, decisionRoster, recordOfferedDecision, savedDecision } from '~/domain/decisions.server'
import { changedFields } from '~/domain/record-version'
import { StaleRecordError } from '~/domain/record-version.server'
import { getGroup } from '~/domain/groups.server'
import { currentWeek, localDate } from '~/domain/schedule'
import { EARLIEST_EVENT_DATE } from '~/domain/calendar-date'
import { getProgrammeSettings } from '~/domain/settings.server'
import { useFormReply } from '~/utils/form-reply'
import { conflict, invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
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
  await auditView(
    { actorId: user.id, action: 'continuation.read', entity: 'group', entityId: group.id },
    roster.map((m) => m.id),
  )
  const now = new Date()
  return {
    group: { id: group.id, name: group.name, armLabel: ARM_LABEL[group.arm] },
    week: currentWeek(group.schedule, now),
    changeKind: decisionChangeKind(group.schedule, now),
    today: localDate(now, group.schedule.timeZone),
    corrections: decisionCorrectionsOf(roster.map((m) => m.id)),
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
  /** the version the form was opened from; 0 = no decision recorded yet (ADR 013) */
  version: z.number({ required_error: 'Reload the page and try again.' }).int().min(0),
  /** required (by correctionProblems) once the decision is fixed */
  correctionReason: z
    .string()
    .trim()
    .max(CORRECTION_REASON_MAX, `Keep the reason under ${CORRECTION_REASON_MAX.toLocaleString('en-US')} characters.`)
    .optional(),
})

const CONFLICT_LABELS = { decision: 'Decision', offeredAt: 'Offered on', reasons: 'Reasons', note: 'Note' }

function shownDecision(d: {
  decision: Decision
  offeredAt: string | null
  reasons: readonly string[]
  note: string | null
}) {
  return {
    decision: DECISION_LABEL[d.decision],
    offeredAt: d.offeredAt?.slice(0, 10) ?? '',
    reasons: d.reasons.map((r) => DECISION_REASONS.find((x) => x.id === r)?.label ?? r).join('; '),
    note: d.note ?? '',
  }
}

const replyTag = (participantId: unknown) => `decide:${String(participantId ?? '')}`

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, group } = await load(request, params)
  const submission = await parseSubmission(request, DecisionSchema)
  const intent = replyTag((submission.payload as { participantId?: unknown }).participantId)
  if (submission.status !== 'success') return invalid(submission, { intent })
  const v = submission.value
  const input = {
    participantId: v.participantId,
    offeredAt: v.offeredAt,
    decision: v.decision,
    reasons: v.reasons,
    note: v.note || null,
    version: v.version,
    correctionReason: v.correctionReason || null,
  }
  let problems: ReturnType<typeof recordOfferedDecision>
  try {
    problems = recordOfferedDecision(group, input, user.id)
  } catch (error) {
    if (!(error instanceof StaleRecordError)) throw error
    // Someone saved this person's decision since the form was opened: show both, keep what was typed.
    const saved = savedDecision(v.participantId)
    return conflict(
      submission,
      {
        version: saved?.version ?? 0,
        savedBy: saved?.recordedBy ?? null,
        savedAt: saved?.recordedAt ?? null,
        changes: changedFields(shownDecision(input), saved ? shownDecision(saved) : {}, CONFLICT_LABELS),
      },
      { intent },
    )
  }
  if (problems === null) notFound()
  if (problems.length) return invalid(submission, { intent, ...problemsToErrors(problems) }, 409)
  return redirectWithToast(`/groups/${group.id}/decisions`, {
    description: v.correctionReason ? 'Correction saved and kept in the history.' : 'Decision saved.',
  })
}

type Member = ReturnType<typeof decisionRoster>[number]

function DecisionForm({
  m,
  window,
  groupId,
  correcting,
  today,
}: {
  m: Member
  window: string
  groupId: number
  correcting: boolean
  today: string
}) {
  const who = m.name ?? m.studyId
  const tag = replyTag(m.id)
  const formRef = useRef<HTMLFormElement>(null)
  const version = m.decision?.version ?? 0
  const draft = useFormDraft(formRef, `decision:${m.id}`, { version })
  const [form, fields] = useForm({
    id: `decision-${m.id}`,
    lastResult: useFormReply(tag),
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
    <Form method="post" className="mt-3 space-y-3" ref={formRef} {...getFormProps(form)}>
      <RecordConflictNotice intent={tag} reloadTo={`/groups/${groupId}/decisions`} />
      <DraftNotice draft={draft} />
      <FormErrors form={form} />
      <input type="hidden" name="intent" value="decide" />
      <input type="hidden" name={fields.participantId.name} value={m.id} />
      <VersionField version={version} intent={tag} />
      {correcting ? (
        <p className="rounded bg-amber-50 p-2 text-sm">
          The intensive phase has started (week {INTENSIVE_FROM_WEEK}), so this decision is fixed. A change is saved as
          a correction: say why, and the recorded decision and yours are both kept in the history.
        </p>
      ) : null}
      <div className="flex flex-wrap gap-4">
        <TextField
          meta={fields.offeredAt}
          label={`Offered on (to ${who})`}
          type="date"
          className=""
          min={EARLIEST_EVENT_DATE}
          max={today}
        />
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
      {correcting ? (
        <TextareaField
          meta={fields.correctionReason}
          label="Reason for the correction (required)"
          rows={2}
          maxLength={CORRECTION_REASON_MAX}
        />
      ) : null}
      <p className="sr-only">Eligibility window: {window}.</p>
      <StatusButton pendingText="Saving…">
        {correcting ? 'Save correction' : 'Save decision'}
        <span className="sr-only"> for {who}</span>
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
            <CorrectionHistory corrections={data.corrections.filter((c) => c.participantId === m.id)} />
            {m.eligible && data.week >= DECISION_WEEK ? (
              <DecisionForm
                m={m}
                window={data.window}
                groupId={data.group.id}
                correcting={data.changeKind === 'correction' && m.decision !== null}
                today={data.today}
              />
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  )
}

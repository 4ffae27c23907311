import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { DECISIONS } from '#db/schema'
import { audit } from '~/auth/audit.server'
import { authorize } from '~/auth/authorize.server'
import { notFound } from '~/utils/http-errors'
import { FormErrors, fieldError } from '~/components/forms-legacy'
import { ARM_LABEL } from '~/content/schema'
import {
  continuationApplies,
  DECISION_LABEL,
  DECISION_REASONS,
  DECISION_WEEK,
  describeRule,
} from '~/domain/continuation'
import { decisionRoster, recordDecision } from '~/domain/decisions.server'
import { getGroup } from '~/domain/groups.server'
import { currentWeek } from '~/domain/schedule'
import { getProgrammeSettings } from '~/domain/settings.server'
import { formError, parseForm } from '~/utils/forms-legacy.server'
import { id, isoDate, optionalText } from '~/utils/validation'

export const meta: MetaFunction = () => [{ title: 'Week-8 decisions · Weekly Groups' }]

async function load(request: Request, params: LoaderFunctionArgs['params']) {
  const groupId = Number(params.groupId)
  const user = await authorize(request, 'group:run', { type: 'group', id: Number.isInteger(groupId) ? groupId : -1 })
  const group = getGroup(groupId)
  if (!group) notFound()
  const settings = getProgrammeSettings()
  if (!continuationApplies(group.arm, settings)) notFound()
  return { user, group, settings }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, group, settings } = await load(request, params)
  audit({ actorId: user.id, action: 'continuation.read', entity: 'group', entityId: group.id })
  return {
    group: { id: group.id, name: group.name, armLabel: ARM_LABEL[group.arm] },
    week: currentWeek(group.schedule, new Date()),
    rule: describeRule(settings),
    roster: decisionRoster(group.id),
  }
}

const DecisionSchema = z.object({
  participantId: id,
  offeredAt: isoDate('the date it was offered'),
  decision: z.enum(DECISIONS, { errorMap: () => ({ message: 'Choose continue, not continue, or still deciding.' }) }),
  reasons: z
    .array(z.string())
    .or(z.string().transform((v) => [v]))
    .default([])
    .refine((rs) => rs.every((r) => DECISION_REASONS.some((d) => d.id === r)), 'Choose reasons from the list.'),
  note: optionalText('the note', 1000),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, group } = await load(request, params)
  const parsed = await parseForm(request, DecisionSchema)
  if (!parsed.ok) return parsed.reply
  const v = parsed.value
  const member = decisionRoster(group.id).find((m) => m.id === v.participantId)
  if (!member) notFound()
  if (!member.eligible)
    return formError(
      [
        `${member.name ?? member.studyId} has not met the eligibility rule, so the offer is not made. They stay on the check-in-only track.`,
      ],
      {},
      409,
    )
  if (currentWeek(group.schedule, new Date()) < DECISION_WEEK)
    return formError(['Decisions are recorded from week 8.'], {}, 409)
  recordDecision(
    {
      participantId: v.participantId,
      eligible: true,
      offeredAt: v.offeredAt,
      decision: v.decision,
      reasons: v.reasons,
      note: v.note,
    },
    user.id,
  )
  return { status: 'saved' as const, participantId: v.participantId }
}

export default function Decisions() {
  const data = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const today = new Date().toISOString().slice(0, 10)
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
            Invite each person to weigh their own reasons: what has changed for them, what they want, and what
            continuing would ask of them.
          </li>
          <li>
            Declining is a valid, respected choice. People who decline keep their weekly check-in and surveys and stay
            in the programme.
          </li>
          <li>
            Make the same offer in the same words to everyone. Ask about practical barriers (time, transport, phone,
            care) the same way for everyone.
          </li>
          <li>Do not persuade or pressure. “Still deciding” is fine; record it and follow up.</li>
        </ul>
        <p className="mt-2 text-sm">Eligibility rule for this programme: {data.rule}.</p>
      </section>
      {data.week < DECISION_WEEK ? <p className="card">Decisions can be recorded from week {DECISION_WEEK}.</p> : null}
      <FormErrors reply={reply} />
      {reply && 'status' in reply && reply.status === 'saved' ? (
        <p role="status" className="card bg-green-50">
          Decision saved.
        </p>
      ) : null}
      <ul className="space-y-4">
        {data.roster.map((m) => (
          <li key={m.id} className="card">
            <h2 className="text-lg">
              {m.name ?? m.studyId} <span className="text-sm font-normal text-slate-700">{m.studyId}</span>
            </h2>
            <p className="text-sm">
              Attended {m.windowAttended} of weeks 5–8 ·{' '}
              {m.eligible ? (
                <strong className="text-green-800">Eligible</strong>
              ) : (
                <strong className="text-slate-800">Not eligible: stays on check-in only</strong>
              )}
              {m.decision ? ` · Recorded: ${DECISION_LABEL[m.decision.decision]}` : ''}
            </p>
            {m.eligible && data.week >= DECISION_WEEK ? (
              <Form method="post" className="mt-3 space-y-3">
                <input type="hidden" name="participantId" value={m.id} />
                <div className="flex flex-wrap gap-4">
                  <div>
                    <label className="label" htmlFor={`offered-${m.id}`}>
                      Offered on
                    </label>
                    <input
                      id={`offered-${m.id}`}
                      name="offeredAt"
                      type="date"
                      className="input"
                      defaultValue={m.decision?.offeredAt?.slice(0, 10) ?? today}
                    />
                  </div>
                  <fieldset>
                    <legend className="label">Decision</legend>
                    {DECISIONS.map((d) => (
                      <label key={d} className="mr-4 inline-flex min-h-[32px] items-center gap-1">
                        <input
                          type="radio"
                          name="decision"
                          value={d}
                          defaultChecked={(m.decision?.decision ?? 'undecided') === d}
                        />{' '}
                        {DECISION_LABEL[d]}
                      </label>
                    ))}
                  </fieldset>
                </div>
                <fieldset>
                  <legend className="label">Reasons they gave (optional)</legend>
                  <div className="grid gap-1 sm:grid-cols-2">
                    {DECISION_REASONS.map((r) => (
                      <label key={r.id} className="inline-flex items-center gap-2">
                        <input
                          type="checkbox"
                          name="reasons"
                          value={r.id}
                          defaultChecked={m.decision?.reasons.includes(r.id)}
                        />{' '}
                        {r.label}
                      </label>
                    ))}
                  </div>
                </fieldset>
                <div>
                  <label className="label" htmlFor={`note-${m.id}`}>
                    Note (optional)
                  </label>
                  <textarea
                    id={`note-${m.id}`}
                    name="note"
                    className="input"
                    rows={2}
                    maxLength={1000}
                    defaultValue={m.decision?.note ?? ''}
                  />
                  {fieldError(reply, 'note') ? <p className="error">{fieldError(reply, 'note')}</p> : null}
                </div>
                <button className="btn" type="submit">
                  Save decision<span className="sr-only"> for {m.name ?? m.studyId}</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  )
}

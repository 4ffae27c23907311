import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { authorize } from '~/auth/authorize.server'
import { notFound } from '~/utils/http-errors'
import { FormErrors, fieldError } from '~/components/forms-legacy'
import { ARM_LABEL } from '~/content/schema'
import {
  adherencePercent,
  COMPETENCE_DOMAINS,
  COMPETENCE_SCALE,
  ITEM_RATINGS,
  meanCompetence,
  selfRatingAgreement,
} from '~/domain/fidelity'
import { meetingForAudit, saveAudit } from '~/domain/fidelity.server'
import { formError, parseForm } from '~/utils/forms-legacy.server'
import { checkbox, optionalText } from '~/utils/validation'

export const meta: MetaFunction = () => [{ title: 'Fidelity audit · Weekly Groups' }]

async function load(request: Request, params: LoaderFunctionArgs['params']) {
  const id = Number(params.meetingId)
  const user = await authorize(request, 'fidelity:audit', {
    type: 'meeting',
    id: Number.isInteger(id) && id > 0 ? id : -1,
  })
  const found = meetingForAudit(id)
  if (!found || found.meeting.status !== 'held' || !found.lesson) notFound()
  return { user, found, lesson: found.lesson }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { found, lesson } = await load(request, params)
  const itemIds = lesson.fidelity.map((f) => f.id)
  return {
    meeting: {
      id: found.meeting.id,
      week: found.meeting.week,
      groupMinutes: found.meeting.groupMinutes,
      checkinMinutes: found.meeting.checkinMinutes,
      notes: found.meeting.notes,
    },
    group: { name: found.groupName, armLabel: ARM_LABEL[found.arm], cohortId: found.cohortId },
    lesson: { title: lesson.title, fidelity: lesson.fidelity, proscribed: lesson.proscribed },
    contentChanged: found.contentChanged,
    present: found.present,
    selfChecked: found.selfChecked,
    audits: found.audits.map(({ audit: a, rater }) => ({
      id: a.id,
      rater,
      at: a.createdAt.slice(0, 10),
      adherence: adherencePercent(a.itemRatings, itemIds),
      competence: meanCompetence(a.domainRatings),
      agreement: selfRatingAgreement(found.selfChecked, a.itemRatings, itemIds),
      proscribed: lesson.proscribed.filter((p) => a.proscribedObserved.includes(p.id)).map((p) => p.text),
      comments: a.comments,
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, found, lesson } = await load(request, params)
  const rating = (values: readonly { value: number }[], message: string) =>
    z.coerce
      .number({ required_error: message, invalid_type_error: message })
      .int()
      .refine((v) => values.some((s) => s.value === v), message)
  const schema = z.object({
    ...Object.fromEntries(lesson.fidelity.map((f) => [`item-${f.id}`, rating(ITEM_RATINGS, 'Rate this item.')])),
    ...Object.fromEntries(
      COMPETENCE_DOMAINS.map((d) => [`domain-${d.id}`, rating(COMPETENCE_SCALE, 'Rate this domain from 1 to 5.')]),
    ),
    ...Object.fromEntries(lesson.proscribed.map((p) => [`proscribed-${p.id}`, checkbox])),
    comments: optionalText('the comments', 4000),
  })
  const parsed = await parseForm(request, schema)
  if (!parsed.ok) return parsed.reply
  const v = parsed.value as Record<string, unknown> & { comments: string | null }
  if (found.meeting.status !== 'held') return formError(['Only held sessions can be audited.'], {}, 409)
  saveAudit(found.meeting.id, user.id, {
    itemRatings: Object.fromEntries(lesson.fidelity.map((f) => [f.id, v[`item-${f.id}`] as number])),
    domainRatings: Object.fromEntries(COMPETENCE_DOMAINS.map((d) => [d.id, v[`domain-${d.id}`] as number])),
    proscribedObserved: lesson.proscribed.filter((p) => v[`proscribed-${p.id}`] === true).map((p) => p.id),
    comments: v.comments,
  })
  return { status: 'saved' as const }
}

export default function FidelityAudit() {
  const d = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link to={`/cohorts/${d.group.cohortId}`}>Cohort</Link>
        </p>
        <h1>
          Fidelity audit: {d.group.name}, week {d.meeting.week}
        </h1>
        <p className="text-slate-700">
          {d.group.armLabel} · lesson “{d.lesson.title}” · {d.present} attended · check-in{' '}
          {d.meeting.checkinMinutes ?? '—'} min, group {d.meeting.groupMinutes ?? '—'} min
        </p>
        {d.contentChanged ? (
          <p className="mt-2 rounded bg-amber-50 p-2 text-amber-900">
            The lesson has been edited since this session was taught; the items below are the current version.
          </p>
        ) : null}
        {d.meeting.notes ? (
          <p className="mt-2">
            <strong>Facilitator notes:</strong> {d.meeting.notes}
          </p>
        ) : null}
      </div>
      {reply && 'status' in reply && reply.status === 'saved' ? (
        <p role="status" className="card bg-green-50">
          Audit saved.
        </p>
      ) : null}
      {d.audits.length ? (
        <section className="card overflow-x-auto" aria-labelledby="earlier">
          <h2 id="earlier">Audits of this session</h2>
          <table className="table mt-2">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Rater</th>
                <th scope="col">Adherence</th>
                <th scope="col">Competence (1–5)</th>
                <th scope="col">Agrees with facilitator checklist</th>
                <th scope="col">Proscribed observed</th>
              </tr>
            </thead>
            <tbody>
              {d.audits.map((a) => (
                <tr key={a.id}>
                  <td>{a.at}</td>
                  <td>{a.rater}</td>
                  <td>{a.adherence}%</td>
                  <td>{a.competence}</td>
                  <td>{a.agreement}%</td>
                  <td>{a.proscribed.join('; ') || 'none'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <FormErrors reply={reply} />
      <Form method="post" className="space-y-6" noValidate>
        <fieldset className="card">
          <legend className="px-1 text-xl font-semibold">Prescribed items</legend>
          <ul className="mt-2 space-y-3">
            {d.lesson.fidelity.map((f) => (
              <li key={f.id}>
                <fieldset aria-invalid={fieldError(reply, `item-${f.id}`) ? true : undefined}>
                  <legend>
                    {f.text}{' '}
                    <span className="text-sm text-slate-700">
                      (facilitator ticked: {d.selfChecked[f.id] ? 'yes' : 'no'})
                    </span>
                  </legend>
                  <div className="mt-1 flex flex-wrap gap-4">
                    {ITEM_RATINGS.map((r) => (
                      <label key={r.value} className="inline-flex min-h-[32px] items-center gap-1">
                        <input type="radio" name={`item-${f.id}`} value={r.value} /> {r.label}
                      </label>
                    ))}
                  </div>
                  {fieldError(reply, `item-${f.id}`) ? (
                    <p className="error">{fieldError(reply, `item-${f.id}`)}</p>
                  ) : null}
                </fieldset>
              </li>
            ))}
          </ul>
        </fieldset>
        <fieldset className="card">
          <legend className="px-1 text-xl font-semibold">Proscribed: tick anything that happened</legend>
          <ul className="mt-2 space-y-2">
            {d.lesson.proscribed.map((p) => (
              <li key={p.id}>
                <label className="flex items-start gap-2">
                  <input type="checkbox" name={`proscribed-${p.id}`} className="mt-1 h-5 w-5" /> <span>{p.text}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <fieldset className="card">
          <legend className="px-1 text-xl font-semibold">Facilitator competence</legend>
          <ul className="mt-2 space-y-3">
            {COMPETENCE_DOMAINS.map((dom) => (
              <li key={dom.id}>
                <fieldset aria-invalid={fieldError(reply, `domain-${dom.id}`) ? true : undefined}>
                  <legend>{dom.label}</legend>
                  <div className="mt-1 flex flex-wrap gap-4">
                    {COMPETENCE_SCALE.map((s) => (
                      <label key={s.value} className="inline-flex min-h-[32px] items-center gap-1">
                        <input type="radio" name={`domain-${dom.id}`} value={s.value} /> {s.value} {s.label}
                      </label>
                    ))}
                  </div>
                  {fieldError(reply, `domain-${dom.id}`) ? (
                    <p className="error">{fieldError(reply, `domain-${dom.id}`)}</p>
                  ) : null}
                </fieldset>
              </li>
            ))}
          </ul>
          <label className="label mt-4" htmlFor="f-comments">
            Comments and feedback for the facilitator
          </label>
          <textarea id="f-comments" name="comments" rows={4} maxLength={4000} className="input" />
        </fieldset>
        <button type="submit" className="btn">
          Save audit
        </button>
      </Form>
    </div>
  )
}

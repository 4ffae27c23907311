import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { authorize } from '~/auth/authorize.server'
import { ChoiceField, FormErrors, StatusButton, TextareaField } from '~/components/forms'
import { ARM_LABEL } from '~/domain/arms'
import {
  adherencePercent,
  COMPETENCE_DOMAINS,
  COMPETENCE_SCALE,
  ITEM_RATINGS,
  auditShapeProblems,
  meanCompetence,
  selfRatingAgreement,
} from '~/domain/fidelity'
import { meetingForAudit, saveAudit } from '~/domain/fidelity.server'
import { useFormReply } from '~/utils/form-reply'
import { invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
import { notFound } from '~/utils/http-errors'
import { idParam } from '~/utils/params'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Fidelity audit · Weekly Groups' }]

async function load(request: Request, params: LoaderFunctionArgs['params']) {
  const id = idParam(params, 'meetingId')
  const user = await authorize(request, 'fidelity:audit', { type: 'meeting', id })
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

const rating = (values: readonly { value: number }[], message: string) =>
  z
    .number({ required_error: message, invalid_type_error: message })
    .int()
    .refine((v) => values.some((s) => s.value === v), message)

/**
 * The form's shape (ADR 008): one rating per prescribed item and per competence domain, in the
 * lesson's order, and the proscribed items observed. Nothing is preset.
 */
const AuditSchema = z.object({
  items: z.array(z.object({ itemId: z.string().max(100), rating: rating(ITEM_RATINGS, 'Rate this item.') })),
  domains: z.array(
    z.object({ domainId: z.string().max(100), rating: rating(COMPETENCE_SCALE, 'Rate this domain from 1 to 5.') }),
  ),
  proscribed: z.array(z.string().max(100)).default([]),
  comments: z.string().trim().max(4000, 'Keep the comments under 4,000 characters.').optional(),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, found, lesson } = await load(request, params)
  const submission = await parseSubmission(request, AuditSchema)
  if (submission.status !== 'success') return invalid(submission)
  const v = submission.value
  const problems = auditShapeProblems(
    { items: v.items.map((i) => i.itemId), domains: v.domains.map((d) => d.domainId), proscribed: v.proscribed },
    lesson.fidelity.map((f) => f.id),
    lesson.proscribed.map((p) => p.id),
  )
  if (problems.length) return invalid(submission, problemsToErrors(problems))
  saveAudit(found.meeting.id, user.id, {
    itemRatings: Object.fromEntries(v.items.map((i) => [i.itemId, i.rating])),
    domainRatings: Object.fromEntries(v.domains.map((d) => [d.domainId, d.rating])),
    proscribedObserved: v.proscribed,
    comments: v.comments || null,
  })
  return redirectWithToast(`/meetings/${found.meeting.id}/audit`, { description: 'Audit saved.' })
}

export default function FidelityAudit() {
  const d = useLoaderData<typeof loader>()
  const [form, fields] = useForm({
    id: `audit-${d.meeting.id}`,
    lastResult: useFormReply(),
    constraint: getZodConstraint(AuditSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AuditSchema }),
    defaultValue: {
      items: d.lesson.fidelity.map((f) => ({ itemId: f.id })),
      domains: COMPETENCE_DOMAINS.map((dom) => ({ domainId: dom.id })),
      proscribed: [],
      comments: '',
    },
  })
  const itemText = (id: unknown) => d.lesson.fidelity.find((f) => f.id === id)?.text ?? ''
  const domainLabel = (id: unknown) => COMPETENCE_DOMAINS.find((x) => x.id === id)?.label ?? ''
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
      <FormErrors form={form} />
      <Form method="post" className="space-y-6" {...getFormProps(form)}>
        <fieldset className="card">
          <legend className="px-1 text-xl font-semibold">Prescribed items</legend>
          <ul className="mt-2 space-y-3">
            {fields.items.getFieldList().map((row) => {
              const r = row.getFieldset()
              return (
                <li key={row.key}>
                  <input type="hidden" name={r.itemId.name} value={String(r.itemId.initialValue ?? '')} />
                  <ChoiceField
                    meta={r.rating}
                    label={
                      <>
                        {itemText(r.itemId.initialValue)}{' '}
                        <span className="text-sm text-slate-700">
                          (facilitator ticked: {d.selfChecked[String(r.itemId.initialValue)] ? 'yes' : 'no'})
                        </span>
                      </>
                    }
                    legendClassName=""
                    optionClassName="inline-flex min-h-[32px] items-center gap-1"
                    options={ITEM_RATINGS.map((x) => ({ value: String(x.value), label: x.label }))}
                    className=""
                  />
                </li>
              )
            })}
          </ul>
        </fieldset>
        <fieldset className="card">
          <legend className="px-1 text-xl font-semibold">Proscribed: tick anything that happened</legend>
          <ChoiceField
            meta={fields.proscribed}
            type="checkbox"
            label={<span className="sr-only">Proscribed items observed</span>}
            listClassName="mt-2 space-y-2"
            optionClassName="flex items-start gap-2"
            inputClassName="mt-1 h-5 w-5"
            options={d.lesson.proscribed.map((p) => ({ value: p.id, label: <span>{p.text}</span> }))}
            className=""
          />
        </fieldset>
        <fieldset className="card">
          <legend className="px-1 text-xl font-semibold">Facilitator competence</legend>
          <ul className="mt-2 space-y-3">
            {fields.domains.getFieldList().map((row) => {
              const r = row.getFieldset()
              return (
                <li key={row.key}>
                  <input type="hidden" name={r.domainId.name} value={String(r.domainId.initialValue ?? '')} />
                  <ChoiceField
                    meta={r.rating}
                    label={domainLabel(r.domainId.initialValue)}
                    legendClassName=""
                    optionClassName="inline-flex min-h-[32px] items-center gap-1"
                    options={COMPETENCE_SCALE.map((x) => ({ value: String(x.value), label: `${x.value} ${x.label}` }))}
                    className=""
                  />
                </li>
              )
            })}
          </ul>
          <TextareaField
            meta={fields.comments}
            label="Comments and feedback for the facilitator"
            rows={4}
            maxLength={4000}
            className="mt-4"
          />
        </fieldset>
        <StatusButton pendingText="Saving…">Save audit</StatusButton>
      </Form>
    </div>
  )
}

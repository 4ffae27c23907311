import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useRef } from 'react'
import { z } from 'zod'
import { authorize } from '~/auth/authorize.server'
import { DraftNotice, useFormDraft } from '~/components/form-draft'
import { ChoiceField, FormErrors, SelectField, StatusButton, TextField } from '~/components/forms'
import { RecordConflictNotice, VersionField } from '~/components/record-conflict'
import { getCohort } from '~/domain/cohorts.server'
import { changedFields } from '~/domain/record-version'
import { StaleRecordError } from '~/domain/record-version.server'
import { localDate } from '~/domain/schedule'
import { screeningProblems, STAGE_LABEL, type ScreeningInput } from '~/domain/screening'
import {
  getScreeningEntry,
  linkableParticipants,
  listCriteria,
  saveScreening,
  screeningLogOf,
} from '~/domain/screening.server'
import { useFormReply } from '~/utils/form-reply'
import { conflict, invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
import { notFound } from '~/utils/http-errors'
import { idParam } from '~/utils/params'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Screening log · Weekly Groups' }]

const date = (label: string) =>
  z.string({ required_error: `Enter the ${label}.` }).regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the ${label} as YYYY-MM-DD.`)
const optionalDate = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the ${label} as YYYY-MM-DD.`)
    .optional()
    .transform((v) => v ?? null)

/** One schema for adding and editing an entry; whether it holds together is `screeningProblems`. */
const ScreeningSchema = z.object({
  entryId: z.number().int().positive().optional(),
  version: z.number({ required_error: 'Reload the page and try again.' }).int().min(0),
  referredOn: date('referral date'),
  screenedOn: date('screening date'),
  eligible: z.enum(['yes', 'no'], {
    errorMap: () => ({ message: 'Say whether this person is eligible.' }),
  }),
  failedCriteria: z
    .array(z.number({ invalid_type_error: 'Choose criteria from the list.' }).int().positive())
    .optional()
    .transform((v) => [...new Set(v ?? [])]),
  consent: z.enum(['pending', 'consented', 'declined'], {
    errorMap: () => ({ message: 'Choose where consent stands.' }),
  }),
  consentedOn: optionalDate('consent date'),
  baselineCompletedOn: optionalDate('baseline date'),
  participantId: z
    .number({ invalid_type_error: 'Choose a participant from the list.' })
    .int()
    .positive()
    .optional()
    .transform((v) => v ?? null),
})

const LABELS = {
  referredOn: 'Referred on',
  screenedOn: 'Screened on',
  eligible: 'Eligible',
  failedCriteria: 'Criteria not met',
  consent: 'Consent',
  consentedOn: 'Consented on',
  baselineCompletedOn: 'Baseline completed on',
  participantId: 'Enrolled as',
}

function entryOr404(cohortId: number, raw: string | null) {
  if (raw === null) return null
  const id = Number(raw)
  if (!/^[1-9]\d{0,9}$/.test(raw)) notFound()
  return getScreeningEntry(cohortId, id) ?? notFound()
}

/** Coordinators keep the screening log of the cohort they enrol into (`cohort:manage`). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const cohortId = idParam(params, 'cohortId')
  await authorize(request, 'cohort:manage', { type: 'cohort', id: cohortId })
  const cohort = getCohort(cohortId) ?? notFound()
  const editing = entryOr404(cohortId, new URL(request.url).searchParams.get('edit'))
  return {
    cohort: { id: cohort.id, name: cohort.name },
    today: localDate(new Date(), cohort.timeZone),
    criteria: listCriteria().map((c) => ({ id: c.id, kind: c.kind, text: c.text, active: c.active })),
    entries: screeningLogOf(cohortId),
    editing,
    linkable: linkableParticipants(cohortId, editing?.id ?? null),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const cohortId = idParam(params, 'cohortId')
  const user = await authorize(request, 'cohort:manage', { type: 'cohort', id: cohortId })
  const cohort = getCohort(cohortId) ?? notFound()
  const submission = await parseSubmission(request, ScreeningSchema)
  if (submission.status !== 'success') return invalid(submission)
  const v = submission.value
  const existing = v.entryId === undefined ? null : getScreeningEntry(cohortId, v.entryId)
  if (v.entryId !== undefined && !existing)
    return invalid(submission, { formErrors: ['That screening entry no longer exists.'] }, 404)
  const input: ScreeningInput = {
    referredOn: v.referredOn,
    screenedOn: v.screenedOn,
    eligible: v.eligible === 'yes',
    failedCriteria: v.failedCriteria,
    consent: v.consent,
    consentedOn: v.consentedOn,
    baselineCompletedOn: v.baselineCompletedOn,
    participantId: v.participantId,
  }
  const criteria = listCriteria()
  const problems = screeningProblems(input, {
    today: localDate(new Date(), cohort.timeZone),
    // a retired criterion can stay on an entry that already cites it, but cannot be newly cited
    criterionIds: criteria.filter((c) => c.active || existing?.failedCriteria.includes(c.id)).map((c) => c.id),
    linkableParticipantIds: linkableParticipants(cohortId, existing?.id ?? null).map((p) => p.id),
  })
  if (problems.length) return invalid(submission, problemsToErrors(problems))
  try {
    saveScreening(cohortId, existing?.id ?? null, v.version, input, user.id)
  } catch (error) {
    if (!(error instanceof StaleRecordError)) throw error
    const saved = existing ? getScreeningEntry(cohortId, existing.id) : null
    if (!saved) return invalid(submission, { formErrors: ['That screening entry no longer exists.'] }, 404)
    const show = (e: Record<string, unknown>) =>
      Object.fromEntries(Object.keys(LABELS).map((k) => [k, e[k] == null ? '' : String(e[k])]))
    return conflict(submission, {
      version: saved.version,
      savedBy: null,
      savedAt: saved.updatedAt,
      changes: changedFields(
        show({ ...input, eligible: input.eligible, failedCriteria: input.failedCriteria }),
        show(saved),
        LABELS,
      ),
    })
  }
  return redirectWithToast(`/cohorts/${cohortId}/screening`, {
    description: existing ? 'Screening entry updated.' : 'Screening entry added.',
  })
}

export default function Screening() {
  const { cohort, criteria, entries, editing, linkable, today } = useLoaderData<typeof loader>()
  const criterionText = new Map(criteria.map((c) => [c.id, c.text]))
  return (
    <div className="space-y-6">
      <div>
        <p>
          <Link to={`/cohorts/${cohort.id}`}>← {cohort.name}</Link>
        </p>
        <h1>Screening log: {cohort.name}</h1>
        <p className="mt-1 max-w-3xl text-slate-700">
          Everyone referred and screened for this cohort, whether or not they join: the data manager's CONSORT diagram
          is drawn from this log. Record no names or contact details here; enrol people on the enrolment page and link
          the entry to their study ID.
        </p>
      </div>
      <section className="card" aria-labelledby="log">
        <h2 id="log">Entries ({entries.length})</h2>
        {entries.length === 0 ? (
          <p>No one screened yet.</p>
        ) : (
          <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Screening log (table)">
            <table className="table text-sm">
              <thead>
                <tr>
                  <th scope="col">Screening no.</th>
                  <th scope="col">Referred</th>
                  <th scope="col">Screened</th>
                  <th scope="col">Stage</th>
                  <th scope="col">Criteria not met</th>
                  <th scope="col">Consented</th>
                  <th scope="col">Baseline</th>
                  <th scope="col">Study ID</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <th scope="row">{e.code}</th>
                    <td>{e.referredOn}</td>
                    <td>{e.screenedOn}</td>
                    <td>{STAGE_LABEL[e.stage]}</td>
                    <td>{e.failedCriteria.map((id) => criterionText.get(id) ?? `#${id}`).join('; ') || '—'}</td>
                    <td>{e.consentedOn ?? '—'}</td>
                    <td>{e.baselineCompletedOn ?? '—'}</td>
                    <td>{e.studyId ?? '—'}</td>
                    <td>
                      <Link to={`?edit=${e.id}`} aria-label={`Edit ${e.code}`}>
                        Edit
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <ScreeningForm
        key={editing?.id ?? 'new'}
        cohortId={cohort.id}
        today={today}
        criteria={criteria}
        editing={editing}
        linkable={linkable}
      />
    </div>
  )
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

function ScreeningForm({
  cohortId,
  today,
  criteria,
  editing,
  linkable,
}: Pick<LoaderData, 'criteria' | 'editing' | 'linkable' | 'today'> & { cohortId: number }) {
  const formRef = useRef<HTMLFormElement>(null)
  const [form, fields] = useForm({
    id: `screening-${editing?.id ?? 'new'}`,
    lastResult: useFormReply(),
    constraint: getZodConstraint(ScreeningSchema),
    defaultValue: editing
      ? {
          entryId: String(editing.id),
          referredOn: editing.referredOn,
          screenedOn: editing.screenedOn,
          eligible: editing.eligible ? 'yes' : 'no',
          failedCriteria: editing.failedCriteria.map(String),
          consent: editing.consent,
          consentedOn: editing.consentedOn ?? '',
          baselineCompletedOn: editing.baselineCompletedOn ?? '',
          participantId: editing.participantId ? String(editing.participantId) : '',
        }
      : undefined,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ScreeningSchema }),
  })
  const draft = useFormDraft(formRef, `screening:${cohortId}:${editing?.id ?? 'new'}`, {
    version: editing?.version ?? 0,
  })
  const shown = criteria.filter((c) => c.active || editing?.failedCriteria.includes(c.id))
  const option = (c: (typeof criteria)[number]) => ({
    value: String(c.id),
    label: `${c.kind === 'inclusion' ? 'Does not meet' : 'Meets exclusion'}: ${c.text}${c.active ? '' : ' (retired)'}`,
  })
  return (
    <section className="card" aria-labelledby="entry-form">
      <h2 id="entry-form">{editing ? `Edit ${editing.code}` : 'Add a screened person'}</h2>
      <RecordConflictNotice reloadTo={`/cohorts/${cohortId}/screening${editing ? `?edit=${editing.id}` : ''}`} />
      <DraftNotice draft={draft} />
      <FormErrors form={form} />
      <Form method="post" ref={formRef} {...getFormProps(form)}>
        {editing ? <input {...getInputProps(fields.entryId, { type: 'hidden' })} key={fields.entryId.key} /> : null}
        <VersionField version={editing?.version ?? 0} />
        <div className="grid gap-x-4 sm:grid-cols-2">
          <TextField meta={fields.referredOn} label="Referred on" type="date" max={today} />
          <TextField meta={fields.screenedOn} label="Screened on" type="date" max={today} />
        </div>
        <ChoiceField
          meta={fields.eligible}
          label="Eligible?"
          options={[
            { value: 'yes', label: 'Eligible' },
            { value: 'no', label: 'Not eligible' },
          ]}
        />
        <ChoiceField
          type="checkbox"
          meta={fields.failedCriteria}
          label="If not eligible: the criteria not met"
          hint="Tick every one that applies. The list is kept on the screening criteria page."
          listClassName="flex flex-col gap-1"
          options={shown.map(option)}
        />
        <ChoiceField
          meta={fields.consent}
          label="Consent"
          options={[
            { value: 'pending', label: 'Not yet asked / pending' },
            { value: 'consented', label: 'Consented' },
            { value: 'declined', label: 'Declined to take part' },
          ]}
        />
        <div className="grid gap-x-4 sm:grid-cols-2">
          <TextField meta={fields.consentedOn} label="Consented on" type="date" max={today} />
          <TextField
            meta={fields.baselineCompletedOn}
            label="Baseline measures completed on"
            type="date"
            max={today}
            hint="Baseline (including PROMIS week 0) can be completed before randomization."
          />
        </div>
        <SelectField
          meta={fields.participantId}
          label="Enrolled as (study ID)"
          hint="Once enrolled on the enrolment page, link this entry to the participant."
          placeholder="Not enrolled yet"
          options={linkable.map((p) => ({ value: String(p.id), label: p.studyId }))}
        />
        <StatusButton pendingText="Saving…">{editing ? 'Save changes' : 'Add to the log'}</StatusButton>
        {editing ? (
          <Link to={`/cohorts/${cohortId}/screening`} className="ml-4">
            Cancel
          </Link>
        ) : null}
      </Form>
      <p className="mt-4 text-sm">
        <Link to="/screening/criteria">Screening criteria</Link>
      </p>
    </section>
  )
}

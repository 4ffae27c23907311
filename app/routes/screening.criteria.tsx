import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { CRITERION_KINDS } from '#db/schema'
import { authorize } from '~/auth/authorize.server'
import { ChoiceField, FormErrors, StatusButton, TextField } from '~/components/forms'
import { roleHas } from '~/auth/permissions'
import { addCriterion, cohortsForScreening, listCriteria, setCriterionActive } from '~/domain/screening.server'
import { useFormReply } from '~/utils/form-reply'
import { invalid, parseSubmission } from '~/utils/forms.server'
import { redirectWithToast } from '~/utils/toast.server'
import { shortText } from '~/utils/validation'

export const meta: MetaFunction = () => [{ title: 'Screening · Weekly Groups' }]

const AddSchema = z.object({
  intent: z.literal('add'),
  kind: z.enum(CRITERION_KINDS, { errorMap: () => ({ message: 'Choose inclusion or exclusion.' }) }),
  text: shortText('the criterion', 200),
})

const ToggleSchema = z.object({
  intent: z.literal('toggle'),
  criterionId: z.number({ required_error: 'Unknown criterion.' }).int().positive(),
  active: z.enum(['true', 'false'], { errorMap: () => ({ message: 'Unknown change.' }) }),
})

const schemaFor = (intent: string | null) => (intent === 'toggle' ? ToggleSchema : AddSchema)

/** The trial's inclusion and exclusion criteria, as the programme's editable list (settings). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, 'settings:manage')
  return {
    criteria: listCriteria(),
    // the screening logs themselves are the coordinators' (they enrol)
    logs: roleHas(user.role, 'cohort:manage') ? cohortsForScreening() : [],
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await authorize(request, 'settings:manage')
  const submission = await parseSubmission(request, schemaFor)
  if (submission.status !== 'success') return invalid(submission, { intent: 'add' })
  const v = submission.value
  if (v.intent === 'add') {
    addCriterion(v.kind, v.text, user.id)
    return redirectWithToast('/screening/criteria', { description: 'Criterion added.' })
  }
  if (!setCriterionActive(v.criterionId, v.active === 'true', user.id))
    return invalid(submission, { intent: 'toggle', formErrors: ['That criterion no longer exists.'] }, 404)
  return redirectWithToast('/screening/criteria', {
    description: v.active === 'true' ? 'Criterion restored.' : 'Criterion retired.',
  })
}

export default function Criteria() {
  const { criteria, logs } = useLoaderData<typeof loader>()
  const [form, fields] = useForm({
    id: 'add-criterion',
    lastResult: useFormReply('add'),
    constraint: getZodConstraint(AddSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddSchema }),
  })
  return (
    <div className="space-y-6">
      <h1>Screening</h1>
      {logs.length ? (
        <section className="card" aria-labelledby="logs">
          <h2 id="logs">Screening logs</h2>
          <ul className="mt-2 list-disc pl-6">
            {logs.map((c) => (
              <li key={c.id}>
                <Link to={`/cohorts/${c.id}/screening`}>{c.name}</Link> ({c.entries} screened)
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>Screening criteria</h2>
      <p className="max-w-3xl text-slate-700">
        The inclusion and exclusion criteria coordinators cite when someone screened is not eligible. A criterion that
        is no longer used is retired, not deleted: entries that cite it keep their reason.
      </p>
      {CRITERION_KINDS.map((kind) => (
        <section key={kind} className="card" aria-labelledby={`kind-${kind}`}>
          <h2 id={`kind-${kind}`}>{kind === 'inclusion' ? 'Inclusion criteria' : 'Exclusion criteria'}</h2>
          <ul className="mt-2 space-y-2">
            {criteria
              .filter((c) => c.kind === kind)
              .map((c) => (
                <li key={c.id} className="flex flex-wrap items-center gap-3">
                  <span className={c.active ? '' : 'text-slate-600 line-through'}>
                    {c.text}
                    {c.active ? '' : ' (retired)'}
                  </span>
                  <Form method="post">
                    <input type="hidden" name="criterionId" value={c.id} />
                    <input type="hidden" name="active" value={c.active ? 'false' : 'true'} />
                    <StatusButton className="btn-secondary" intent="toggle" pendingText="Saving…">
                      {c.active ? 'Retire' : 'Restore'}
                      <span className="sr-only">: {c.text}</span>
                    </StatusButton>
                  </Form>
                </li>
              ))}
          </ul>
        </section>
      ))}
      <section className="card" aria-labelledby="add">
        <h2 id="add">Add a criterion</h2>
        <FormErrors form={form} />
        <Form method="post" {...getFormProps(form)}>
          <ChoiceField
            meta={fields.kind}
            label="Kind"
            options={[
              { value: 'inclusion', label: 'Inclusion (must be met)' },
              { value: 'exclusion', label: 'Exclusion (must not apply)' },
            ]}
          />
          <TextField meta={fields.text} label="Criterion" />
          <StatusButton intent="add" pendingText="Adding…">
            Add criterion
          </StatusButton>
        </Form>
      </section>
    </div>
  )
}

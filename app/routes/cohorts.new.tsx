import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { TIME_ZONES } from '~/domain/time-zones'
import { authorize } from '~/auth/authorize.server'
import { ChoiceField, FormErrors, SelectField, StatusButton, TextField } from '~/components/forms'
import { cohortCreationProblems, startDateWindow } from '~/domain/cohort-rules'
import { cohortNameTaken, createCohort } from '~/domain/cohorts.server'
import { WEEKDAYS } from '~/domain/schedule'
import { listFacilitators } from '~/domain/users.server'
import { invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
import { redirectWithToast } from '~/utils/toast.server'
import { shortText } from '~/utils/validation'
import { useFormReply } from '~/utils/form-reply'

export const meta: MetaFunction = () => [{ title: 'New cohort · Weekly Groups' }]

const facilitatorIds = z
  .array(z.number({ invalid_type_error: 'Choose facilitators from the list.' }).int().positive())
  .optional()
  .transform((v) => [...new Set(v ?? [])])

/** The form's shape; whether the cohort can be created is `cohortCreationProblems` (app/domain). */
const CohortSchema = z.object({
  name: shortText('a cohort name', 120),
  startDate: z
    .string({ required_error: 'Enter the start date.' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the start date as YYYY-MM-DD.'),
  weekday: z
    .number({ required_error: 'Choose a weekday.', invalid_type_error: 'Choose a weekday from the list.' })
    .int('Choose a weekday from the list.')
    .min(0, 'Choose a weekday from the list.')
    .max(6, 'Choose a weekday from the list.'),
  startTime: z
    .string({ required_error: 'Enter a start time.' })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter the time as HH:MM, 24-hour.'),
  timeZone: z.enum(TIME_ZONES, { errorMap: () => ({ message: 'Choose a time zone from the list.' }) }),
  mroccName: shortText('a name for the first group', 60),
  rsName: shortText('a name for the second group', 60),
  mroccFacilitators: facilitatorIds,
  rsFacilitators: facilitatorIds,
})

export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request, 'cohort:manage')
  return {
    facilitators: listFacilitators(),
    timeZones: TIME_ZONES,
    startWindow: startDateWindow(new Date().toISOString().slice(0, 10)),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await authorize(request, 'cohort:manage')
  const submission = await parseSubmission(request, CohortSchema)
  if (submission.status !== 'success') return invalid(submission)
  const v = submission.value
  const problems = cohortCreationProblems(v, {
    now: new Date(),
    facilitatorIds: listFacilitators().map((f) => f.id),
  })
  if (problems.length) return invalid(submission, problemsToErrors(problems))
  if (cohortNameTaken(v.name))
    return invalid(
      submission,
      {
        fieldErrors: { name: ['A cohort with this name already exists. If you meant to make another, name it apart.'] },
      },
      409,
    )
  const cohortId = createCohort(
    {
      name: v.name,
      startDate: v.startDate,
      weekday: v.weekday,
      startTime: v.startTime,
      timeZone: v.timeZone,
      groups: {
        mrocc: { name: v.mroccName, facilitatorIds: v.mroccFacilitators },
        recovery_support: { name: v.rsName, facilitatorIds: v.rsFacilitators },
      },
    },
    user.id,
  )
  return redirectWithToast(`/cohorts/${cohortId}`, {
    description: 'Cohort created, with its concealed allocation sequence.',
  })
}

export default function NewCohort() {
  const { facilitators, timeZones, startWindow } = useLoaderData<typeof loader>()
  const [form, fields] = useForm({
    id: 'new-cohort',
    lastResult: useFormReply(),
    constraint: getZodConstraint(CohortSchema),
    defaultValue: { weekday: '2', startTime: '18:00', timeZone: TIME_ZONES[0] },
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CohortSchema }),
  })
  const people = facilitators.map((f) => ({ value: String(f.id), label: f.name }))
  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="mb-4">New cohort</h1>
      <div className="card">
        <FormErrors form={form} />
        <Form method="post" {...getFormProps(form)}>
          <TextField meta={fields.name} label="Cohort name" />
          <div className="grid gap-x-4 sm:grid-cols-2">
            <TextField
              meta={fields.startDate}
              label="Start date"
              type="date"
              hint={`Between ${startWindow.earliest} and ${startWindow.latest}. The first meeting is the first chosen weekday on or after this date.`}
              min={startWindow.earliest}
              max={startWindow.latest}
            />
            <SelectField
              meta={fields.weekday}
              label="Weekday"
              options={WEEKDAYS.map((d, i) => ({ value: String(i), label: d }))}
            />
            <TextField meta={fields.startTime} label="Start time (check-in)" type="time" />
            <SelectField
              meta={fields.timeZone}
              label="Time zone"
              options={timeZones.map((tz) => ({ value: tz, label: tz }))}
            />
          </div>
          <p className="mb-3 rounded bg-slate-100 p-3 text-sm">
            Both groups meet on the same weekday and time, for the same minutes. Participants only ever see their
            group's name, so choose neutral names.
          </p>
          <div className="grid gap-x-4 sm:grid-cols-2">
            <div>
              <TextField meta={fields.mroccName} label="M-ROCC group: name participants see" />
              <ChoiceField
                type="checkbox"
                meta={fields.mroccFacilitators}
                label="M-ROCC facilitators (1–2)"
                options={people}
              />
            </div>
            <div>
              <TextField meta={fields.rsName} label="Recovery Support group: name participants see" />
              <ChoiceField
                type="checkbox"
                meta={fields.rsFacilitators}
                label="Recovery Support facilitators (1–2)"
                options={people}
              />
            </div>
          </div>
          <StatusButton pendingText="Creating cohort…">Create cohort and allocation sequence</StatusButton>
        </Form>
      </div>
    </div>
  )
}

import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { authorize } from '~/auth/authorize.server'
import { CheckboxField, FormErrors, SelectField, StatusButton, TextField } from '~/components/forms'
import { isCalendarDate } from '~/domain/calendar-date'
import { consentDateProblems } from '~/domain/cohort-rules'
import { enrolParticipant, getCohort, studyIdTaken } from '~/domain/cohorts.server'
import { GENDERS, LANGUAGES, RACE_ETHNICITY } from '~/domain/demographics'
import { invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
import { notFound } from '~/utils/http-errors'
import { idParam } from '~/utils/params'
import { redirectWithToast } from '~/utils/toast.server'
import { email, optionalText } from '~/utils/validation'
import { useFormReply } from '~/utils/form-reply'

export const meta: MetaFunction = () => [{ title: 'Enrol a participant · Weekly Groups' }]

const oneOf = (values: string[], label: string) =>
  z.string({ required_error: `Choose ${label}.` }).refine((v) => values.includes(v), `Choose ${label} from the list.`)

const confirmation = (message: string) =>
  z.boolean({ required_error: message, invalid_type_error: message }).refine((v) => v, message)

const EnrolSchema = z.object({
  studyId: z
    .string({ required_error: 'Enter the study ID.' })
    .trim()
    .regex(/^[A-Za-z0-9-]{3,20}$/, 'Study IDs are 3–20 letters, digits or dashes.'),
  contactEmail: email,
  contactPhone: optionalText('the phone number', 30),
  gender: oneOf(GENDERS, 'a gender'),
  raceEthnicity: oneOf(RACE_ETHNICITY, 'race/ethnicity'),
  language: oneOf(LANGUAGES, 'a preferred language'),
  consentedAt: z
    .string({ required_error: 'Enter the consent date.' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the consent date as YYYY-MM-DD.')
    .refine(isCalendarDate, 'Enter a real date for the consent date.'),
  eligible: confirmation('Confirm the participant meets every eligibility criterion.'),
  consented: confirmation('Confirm written informed consent is on file.'),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const cohortId = idParam(params, 'cohortId')
  await authorize(request, 'cohort:manage', { type: 'cohort', id: cohortId })
  const cohort = getCohort(cohortId) ?? notFound()
  return { cohort: { id: cohort.id, name: cohort.name } }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const cohortId = idParam(params, 'cohortId')
  const user = await authorize(request, 'cohort:manage', { type: 'cohort', id: cohortId })
  const submission = await parseSubmission(request, EnrolSchema)
  if (submission.status !== 'success') return invalid(submission)
  const v = submission.value
  const consentProblems = consentDateProblems(v.consentedAt, new Date().toISOString().slice(0, 10))
  if (consentProblems.length) return invalid(submission, problemsToErrors(consentProblems))
  if (studyIdTaken(v.studyId))
    return invalid(submission, { fieldErrors: { studyId: ['That study ID is already enrolled.'] } }, 409)
  enrolParticipant(
    cohortId,
    {
      studyId: v.studyId,
      contactEmail: v.contactEmail,
      contactPhone: v.contactPhone,
      gender: v.gender,
      raceEthnicity: v.raceEthnicity,
      language: v.language,
      eligibilityConfirmed: v.eligible,
      consentedAt: v.consentedAt,
    },
    user.id,
  )
  return redirectWithToast(`/cohorts/${cohortId}`, { description: 'Participant enrolled. Randomize them below.' })
}

export default function Enrol() {
  const { cohort } = useLoaderData<typeof loader>()
  const [form, fields] = useForm({
    id: 'enrol',
    lastResult: useFormReply(),
    constraint: getZodConstraint(EnrolSchema),
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EnrolSchema }),
  })
  const options = (values: string[]) => values.map((v) => ({ value: v, label: v }))
  return (
    <div className="mx-auto max-w-2xl">
      <p className="text-sm">
        <Link to={`/cohorts/${cohort.id}`}>{cohort.name}</Link>
      </p>
      <h1 className="mb-4">Enrol a participant</h1>
      <div className="card">
        <FormErrors form={form} />
        <Form method="post" {...getFormProps(form)}>
          <div className="grid gap-x-4 sm:grid-cols-2">
            <TextField meta={fields.studyId} label="Study ID" hint="No names or dates of birth in study IDs." />
            <TextField meta={fields.consentedAt} label="Consent date" type="date" />
            <TextField meta={fields.contactEmail} label="Contact email" type="email" hint="Also their sign-in email." />
            <TextField meta={fields.contactPhone} label="Contact phone (optional)" type="tel" />
            <SelectField meta={fields.gender} label="Gender" options={options(GENDERS)} />
            <SelectField meta={fields.raceEthnicity} label="Race/ethnicity" options={options(RACE_ETHNICITY)} />
            <SelectField meta={fields.language} label="Preferred language" options={options(LANGUAGES)} />
          </div>
          <CheckboxField
            meta={fields.eligible}
            label="I confirm this person meets every eligibility criterion."
            className="mb-3"
          />
          <CheckboxField
            meta={fields.consented}
            label="I confirm written informed consent is on file."
            className="mb-3"
          />
          <StatusButton pendingText="Enrolling…">Enrol</StatusButton>
        </Form>
      </div>
    </div>
  )
}

import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { authorize } from '~/auth/authorize.server'
import { CheckboxField, FormErrors, SelectField, StatusButton, TextField } from '~/components/forms'
import { EARLIEST_EVENT_DATE, isCalendarDate, pastDateProblems } from '~/domain/calendar-date'
import { enrolParticipant, getCohort, studyIdTaken } from '~/domain/cohorts.server'
import { GENDERS, LANGUAGES, RACE_ETHNICITY } from '~/domain/demographics'
import { contactEmailTaken, EMAIL_TAKEN } from '~/domain/participants.server'
import { localDate } from '~/domain/schedule'
import { invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
import { notFound } from '~/utils/http-errors'
import { idParam } from '~/utils/params'
import { redirectWithToast } from '~/utils/toast.server'
import { email, phone } from '~/utils/validation'
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
  contactPhone: phone,
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
  return { cohort: { id: cohort.id, name: cohort.name }, today: localDate(new Date(), cohort.timeZone) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const cohortId = idParam(params, 'cohortId')
  const user = await authorize(request, 'cohort:manage', { type: 'cohort', id: cohortId })
  const submission = await parseSubmission(request, EnrolSchema)
  if (submission.status !== 'success') return invalid(submission)
  const v = submission.value
  const cohort = getCohort(cohortId) ?? notFound()
  const dateProblems = pastDateProblems(
    'consentedAt',
    v.consentedAt,
    localDate(new Date(), cohort.timeZone),
    'the consent date',
  )
  if (dateProblems.length) return invalid(submission, problemsToErrors(dateProblems))
  const taken = [
    ...(studyIdTaken(v.studyId) ? [{ path: 'studyId', message: 'That study ID is already enrolled.' }] : []),
    ...(contactEmailTaken(v.contactEmail) ? [{ path: 'contactEmail', message: EMAIL_TAKEN }] : []),
  ]
  if (taken.length) return invalid(submission, problemsToErrors(taken), 409)
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
  const { cohort, today } = useLoaderData<typeof loader>()
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
            <TextField
              meta={fields.consentedAt}
              label="Consent date"
              type="date"
              min={EARLIEST_EVENT_DATE}
              max={today}
            />
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

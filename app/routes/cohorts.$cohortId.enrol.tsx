import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { authorize } from '~/auth/authorize.server'
import { notFound } from '~/utils/http-errors'
import { Field, FormErrors, fieldError } from '~/components/forms-legacy'
import { enrolParticipant, studyIdTaken } from '~/domain/cohorts.server'
import { GENDERS, LANGUAGES, RACE_ETHNICITY } from '~/domain/demographics'
import { getCohort } from '~/domain/progress.server'
import { formError, parseForm } from '~/utils/forms-legacy.server'
import { email, isoDate, optionalText } from '~/utils/validation'

export const meta: MetaFunction = () => [{ title: 'Enrol a participant · Weekly Groups' }]

const oneOf = (values: string[], label: string) =>
  z.string({ required_error: `Choose ${label}.` }).refine((v) => values.includes(v), `Choose ${label} from the list.`)

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
  consentedAt: isoDate('the consent date'),
  eligible: z.literal('on', {
    errorMap: () => ({ message: 'Confirm the participant meets every eligibility criterion.' }),
  }),
  consented: z.literal('on', { errorMap: () => ({ message: 'Confirm written informed consent is on file.' }) }),
})

function cohortIdOf(params: LoaderFunctionArgs['params']) {
  const n = Number(params.cohortId)
  return Number.isInteger(n) && n > 0 ? n : -1
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await authorize(request, 'cohort:manage', { type: 'cohort', id: cohortIdOf(params) })
  const cohort = getCohort(cohortIdOf(params))
  if (!cohort) notFound()
  return { cohort: { id: cohort.id, name: cohort.name } }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await authorize(request, 'cohort:manage', { type: 'cohort', id: cohortIdOf(params) })
  const parsed = await parseForm(request, EnrolSchema)
  if (!parsed.ok) return parsed.reply
  const v = parsed.value
  if (studyIdTaken(v.studyId)) {
    return formError([], { studyId: ['That study ID is already enrolled.'] }, 409)
  }
  enrolParticipant(
    cohortIdOf(params),
    {
      studyId: v.studyId,
      contactEmail: v.contactEmail,
      contactPhone: v.contactPhone,
      gender: v.gender,
      raceEthnicity: v.raceEthnicity,
      language: v.language,
      eligibilityConfirmed: true,
      consentedAt: v.consentedAt,
    },
    user.id,
  )
  return redirect(`/cohorts/${cohortIdOf(params)}`)
}

export default function Enrol() {
  const { cohort } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const select = (name: string, label: string, options: string[]) => (
    <Field label={label} name={name} reply={reply}>
      <select
        id={`f-${name}`}
        name={name}
        className="input"
        defaultValue=""
        aria-invalid={fieldError(reply, name) ? true : undefined}
      >
        <option value="" disabled>
          Choose…
        </option>
        {options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </Field>
  )
  return (
    <div className="mx-auto max-w-2xl">
      <p className="text-sm">
        <Link to={`/cohorts/${cohort.id}`}>{cohort.name}</Link>
      </p>
      <h1 className="mb-4">Enrol a participant</h1>
      <div className="card">
        <FormErrors reply={reply} />
        <Form method="post" noValidate>
          <div className="grid gap-x-4 sm:grid-cols-2">
            <Field
              label="Study ID"
              name="studyId"
              required
              reply={reply}
              hint="No names or dates of birth in study IDs."
            />
            <Field label="Consent date" name="consentedAt" type="date" required reply={reply} />
            <Field
              label="Contact email"
              name="contactEmail"
              type="email"
              required
              reply={reply}
              hint="Also their sign-in email."
            />
            <Field label="Contact phone (optional)" name="contactPhone" type="tel" reply={reply} />
            {select('gender', 'Gender', GENDERS)}
            {select('raceEthnicity', 'Race/ethnicity', RACE_ETHNICITY)}
            {select('language', 'Preferred language', LANGUAGES)}
          </div>
          {(['eligible', 'consented'] as const).map((name) => (
            <div key={name} className="mb-3">
              <label className="flex items-start gap-2">
                <input
                  type="checkbox"
                  name={name}
                  className="mt-1 h-5 w-5"
                  aria-invalid={fieldError(reply, name) ? true : undefined}
                />
                <span>
                  {name === 'eligible'
                    ? 'I confirm this person meets every eligibility criterion.'
                    : 'I confirm written informed consent is on file.'}
                </span>
              </label>
              {fieldError(reply, name) ? <p className="error">{fieldError(reply, name)}</p> : null}
            </div>
          ))}
          <button type="submit" className="btn">
            Enrol
          </button>
        </Form>
      </div>
    </div>
  )
}

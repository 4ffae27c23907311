import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { authorize } from '~/auth/authorize.server'
import { Field, FormErrors, fieldError } from '~/components/forms-legacy'
import { createCohort } from '~/domain/cohorts.server'
import { listFacilitators } from '~/domain/users.server'
import { forbiddenWordsIn } from '~/content/schema'
import { WEEKDAYS } from '~/domain/schedule'
import { formError, parseForm } from '~/utils/forms-legacy.server'
import { id, isoDate, shortText } from '~/utils/validation'

export const meta: MetaFunction = () => [{ title: 'New cohort · Weekly Groups' }]

const TIME_ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Puerto_Rico',
]

const ids = z
  .array(id)
  .or(id.transform((v) => [v]))
  .default([])
  .transform((v) => [...new Set(v)])

const CohortSchema = z
  .object({
    name: shortText('a cohort name', 120),
    startDate: isoDate('the start date'),
    weekday: z.coerce.number().int().min(0).max(6),
    startTime: z
      .string({ required_error: 'Enter a start time.' })
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter the time as HH:MM, 24-hour.'),
    timeZone: z.string().refine((tz) => TIME_ZONES.includes(tz), 'Choose a time zone from the list.'),
    mroccName: shortText('a name for the first group', 60),
    rsName: shortText('a name for the second group', 60),
    mroccFacilitators: ids,
    rsFacilitators: ids,
  })
  .superRefine((v, ctx) => {
    for (const key of ['mroccFacilitators', 'rsFacilitators'] as const) {
      if (v[key].length < 1 || v[key].length > 2)
        ctx.addIssue({ code: 'custom', path: [key], message: 'Choose one or two facilitators.' })
    }
    if (v.mroccName.toLowerCase() === v.rsName.toLowerCase())
      ctx.addIssue({ code: 'custom', path: ['rsName'], message: 'The two groups need different names.' })
    for (const key of ['mroccName', 'rsName'] as const) {
      const words = new Set([...forbiddenWordsIn(v[key], 'mrocc'), ...forbiddenWordsIn(v[key], 'recovery_support')])
      if (words.size) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `Participants see this name: leave out “${[...words].join('”, “')}” and use neutral names that say nothing about the programme (e.g. Cedar Group).`,
        })
      }
    }
  })

export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request, 'cohort:manage')
  return { facilitators: listFacilitators(), timeZones: TIME_ZONES }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await authorize(request, 'cohort:manage')
  const parsed = await parseForm(request, CohortSchema)
  if (!parsed.ok) return parsed.reply
  const v = parsed.value
  const allowed = new Set(listFacilitators().map((f) => f.id))
  if (![...v.mroccFacilitators, ...v.rsFacilitators].every((f) => allowed.has(f))) {
    return formError([], { mroccFacilitators: ['Choose facilitators from the list.'] })
  }
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
  return redirect(`/cohorts/${cohortId}`)
}

export default function NewCohort() {
  const { facilitators, timeZones } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const picker = (name: string, legend: string) => (
    <fieldset className="mb-4" aria-invalid={fieldError(reply, name) ? true : undefined}>
      <legend className="label">{legend}</legend>
      {facilitators.map((f) => (
        <label key={f.id} className="mr-4 inline-flex min-h-[32px] items-center gap-1">
          <input type="checkbox" name={name} value={f.id} /> {f.name}
        </label>
      ))}
      {fieldError(reply, name) ? <p className="error">{fieldError(reply, name)}</p> : null}
    </fieldset>
  )
  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="mb-4">New cohort</h1>
      <div className="card">
        <FormErrors reply={reply} />
        <Form method="post" noValidate>
          <Field label="Cohort name" name="name" required reply={reply} />
          <div className="grid gap-x-4 sm:grid-cols-2">
            <Field
              label="Start date"
              name="startDate"
              type="date"
              required
              reply={reply}
              hint="The first meeting is the first chosen weekday on or after this date."
            />
            <Field label="Weekday" name="weekday" reply={reply}>
              <select id="f-weekday" name="weekday" className="input" defaultValue="2">
                {WEEKDAYS.map((d, i) => (
                  <option key={d} value={i}>
                    {d}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              label="Start time (check-in)"
              name="startTime"
              type="time"
              required
              defaultValue="18:00"
              reply={reply}
            />
            <Field label="Time zone" name="timeZone" reply={reply}>
              <select id="f-timeZone" name="timeZone" className="input">
                {timeZones.map((tz) => (
                  <option key={tz}>{tz}</option>
                ))}
              </select>
            </Field>
          </div>
          <p className="mb-3 rounded bg-slate-100 p-3 text-sm">
            Both groups meet on the same weekday and time, for the same minutes. Participants only ever see their
            group's name, so choose neutral names.
          </p>
          <div className="grid gap-x-4 sm:grid-cols-2">
            <div>
              <Field label="M-ROCC group: name participants see" name="mroccName" required reply={reply} />
              {picker('mroccFacilitators', 'M-ROCC facilitators (1–2)')}
            </div>
            <div>
              <Field label="Recovery Support group: name participants see" name="rsName" required reply={reply} />
              {picker('rsFacilitators', 'Recovery Support facilitators (1–2)')}
            </div>
          </div>
          <button type="submit" className="btn">
            Create cohort and allocation sequence
          </button>
        </Form>
      </div>
    </div>
  )
}

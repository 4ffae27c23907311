import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { authorize } from '~/auth/authorize.server'
import { Field, FormErrors } from '~/components/forms-legacy'
import { getProgrammeSettings, updateProgrammeSettings } from '~/domain/settings.server'
import { parseForm } from '~/utils/forms-legacy.server'
import { checkbox, shortText } from '~/utils/validation'

export const meta: MetaFunction = () => [{ title: 'Programme settings · Weekly Groups' }]

const week = (label: string) =>
  z.coerce
    .number({ invalid_type_error: `Enter ${label} as a week number.` })
    .int()
    .min(1, 'Weeks run 1–24.')
    .max(24, 'Weeks run 1–24.')

const SettingsSchema = z
  .object({
    continuationMinSessions: z.coerce
      .number({ invalid_type_error: 'Enter a number of sessions.' })
      .int()
      .min(0)
      .max(24),
    continuationFromWeek: week('the first week'),
    continuationToWeek: week('the last week'),
    recoverySupportContinuationCheck: checkbox,
    surveyGraceDays: z.coerce
      .number({ invalid_type_error: 'Enter a number of days.' })
      .int()
      .min(0, 'Use 0–14 days.')
      .max(14, 'Use 0–14 days.'),
    contactName: shortText('a contact name', 80),
    contactPhone: z
      .string()
      .trim()
      .max(30, 'Keep the phone number under 30 characters.')
      .regex(/^[0-9+()\-. ]*$/, 'Use digits, spaces and + ( ) - only.'),
  })
  .refine((v) => v.continuationFromWeek <= v.continuationToWeek, {
    path: ['continuationToWeek'],
    message: 'The last week must be on or after the first.',
  })
  .refine((v) => v.continuationMinSessions <= v.continuationToWeek - v.continuationFromWeek + 1, {
    path: ['continuationMinSessions'],
    message: 'More sessions than weeks in the window.',
  })

export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request, 'settings:manage')
  return { settings: getProgrammeSettings() }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await authorize(request, 'settings:manage')
  const parsed = await parseForm(request, SettingsSchema)
  if (!parsed.ok) return parsed.reply
  updateProgrammeSettings(parsed.value, user.id)
  return { status: 'saved' as const }
}

export default function Settings() {
  const { settings } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="mb-4">Programme settings</h1>
      {reply && 'status' in reply && reply.status === 'saved' ? (
        <p role="status" className="card mb-4 bg-green-50">
          Saved.
        </p>
      ) : null}
      <div className="card">
        <FormErrors reply={reply} />
        <Form method="post" noValidate>
          <h2 className="mb-2">Week-8 continuation rule</h2>
          <p className="mb-3 text-sm text-slate-700">
            A participant is eligible to be offered the choice to continue when they attended at least this many
            sessions in these weeks.
          </p>
          <div className="grid gap-x-4 sm:grid-cols-3">
            <Field
              label="Sessions attended"
              name="continuationMinSessions"
              type="number"
              defaultValue={settings.continuationMinSessions}
              reply={reply}
            />
            <Field
              label="From week"
              name="continuationFromWeek"
              type="number"
              defaultValue={settings.continuationFromWeek}
              reply={reply}
            />
            <Field
              label="To week"
              name="continuationToWeek"
              type="number"
              defaultValue={settings.continuationToWeek}
              reply={reply}
            />
          </div>
          <label className="mb-4 flex items-start gap-2">
            <input
              type="checkbox"
              name="recoverySupportContinuationCheck"
              defaultChecked={settings.recoverySupportContinuationCheck}
              className="mt-1 h-5 w-5"
            />
            <span>
              Also hold an equivalent week-8 continuation check in the Recovery Support arm (off in the original trial).
            </span>
          </label>
          <h2 className="mb-2 mt-4">Check-in survey</h2>
          <Field
            label="Grace days after the meeting"
            name="surveyGraceDays"
            type="number"
            defaultValue={settings.surveyGraceDays}
            reply={reply}
            hint="How many days after the meeting a participant can still fill in that week's survey."
          />
          <h2 className="mb-2 mt-4">Programme contact (shown to participants)</h2>
          <Field label="Contact name" name="contactName" defaultValue={settings.contactName} reply={reply} />
          <Field
            label="Contact phone"
            name="contactPhone"
            type="tel"
            defaultValue={settings.contactPhone}
            reply={reply}
          />
          <button type="submit" className="btn">
            Save settings
          </button>
        </Form>
      </div>
    </div>
  )
}

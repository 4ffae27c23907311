import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { authorize } from '~/auth/authorize.server'
import { CheckboxField, FormErrors, StatusButton, TextField } from '~/components/forms'
import { programmeSettingsProblems } from '~/domain/programme-settings'
import { useRef } from 'react'
import { DraftNotice, useFormDraft } from '~/components/form-draft'
import { RecordConflictNotice, VersionField } from '~/components/record-conflict'
import { changedFields } from '~/domain/record-version'
import { StaleRecordError } from '~/domain/record-version.server'
import { getProgrammeSettings, lastSettingsSave, updateProgrammeSettings } from '~/domain/settings.server'
import { DEFAULT_TIME_MATCH_TOLERANCE_MINUTES } from '~/domain/time-matching'
import { conflict, invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
import { redirectWithToast } from '~/utils/toast.server'
import { shortText } from '~/utils/validation'
import { useFormReply } from '~/utils/form-reply'

export const meta: MetaFunction = () => [{ title: 'Programme settings · Weekly Groups' }]

const whole = (label: string, min: number, max: number, range: string) =>
  z
    .number({ required_error: `Enter ${label}.`, invalid_type_error: `Enter ${label} as a whole number.` })
    .int(`Enter ${label} as a whole number.`)
    .min(min, range)
    .max(max, range)

/** The form's shape; whether the continuation window makes sense is `programmeSettingsProblems`. */
const SettingsSchema = z.object({
  continuationMinSessions: whole('a number of sessions', 0, 24, 'Use 0–24 sessions.'),
  continuationFromWeek: whole('the first week', 1, 24, 'Weeks run 1–24.'),
  continuationToWeek: whole('the last week', 1, 24, 'Weeks run 1–24.'),
  recoverySupportContinuationCheck: z.boolean().default(false),
  surveyGraceDays: whole('a number of days', 0, 14, 'Use 0–14 days.'),
  // Blank is the documented default, 0 (flag any difference).
  timeMatchToleranceMinutes: whole('a number of minutes', 0, 30, 'Use 0–30 minutes.').default(
    DEFAULT_TIME_MATCH_TOLERANCE_MINUTES,
  ),
  contactName: shortText('a contact name', 80),
  /** the version the form was opened from (ADR 013) */
  version: z.number({ required_error: 'Reload the page and try again.' }).int().min(0),
  contactPhone: z
    .string()
    .trim()
    .max(30, 'Keep the phone number under 30 characters.')
    .regex(/^[0-9+()\-. ]*$/, 'Use digits, spaces and + ( ) - only.')
    .default(''),
})

const FIELD_LABELS = {
  continuationMinSessions: 'Sessions attended',
  continuationFromWeek: 'From week',
  continuationToWeek: 'To week',
  recoverySupportContinuationCheck: 'Equivalent check in the Recovery Support arm',
  surveyGraceDays: 'Grace days after the meeting',
  timeMatchToleranceMinutes: 'Tolerance in minutes',
  contactName: 'Contact name',
  contactPhone: 'Contact phone',
} as const

/** Settings as the form shows them (strings), to compare a stale save with the saved row. */
function shownValues(v: Omit<z.output<typeof SettingsSchema>, 'version'>): Record<string, string> {
  return {
    ...Object.fromEntries(Object.keys(FIELD_LABELS).map((k) => [k, String(v[k as keyof typeof v] ?? '')])),
    recoverySupportContinuationCheck: v.recoverySupportContinuationCheck ? 'on' : 'off',
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request, 'settings:manage')
  return { settings: getProgrammeSettings() }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await authorize(request, 'settings:manage')
  const submission = await parseSubmission(request, SettingsSchema)
  if (submission.status !== 'success') return invalid(submission)
  const problems = programmeSettingsProblems(submission.value)
  if (problems.length) return invalid(submission, problemsToErrors(problems))
  const { version, ...values } = submission.value
  try {
    updateProgrammeSettings(values, user.id, version)
  } catch (error) {
    if (!(error instanceof StaleRecordError)) throw error
    const saved = getProgrammeSettings()
    return conflict(submission, {
      version: saved.version,
      ...lastSettingsSave(),
      changes: changedFields(shownValues(values), shownValues(saved), FIELD_LABELS),
    })
  }
  return redirectWithToast('/settings', { description: 'Settings saved.' })
}

export default function Settings() {
  const { settings } = useLoaderData<typeof loader>()
  const formRef = useRef<HTMLFormElement>(null)
  const [form, fields] = useForm({
    id: 'settings',
    lastResult: useFormReply(),
    constraint: getZodConstraint(SettingsSchema),
    defaultValue: {
      continuationMinSessions: String(settings.continuationMinSessions),
      continuationFromWeek: String(settings.continuationFromWeek),
      continuationToWeek: String(settings.continuationToWeek),
      recoverySupportContinuationCheck: settings.recoverySupportContinuationCheck ? 'on' : undefined,
      surveyGraceDays: String(settings.surveyGraceDays),
      timeMatchToleranceMinutes: String(settings.timeMatchToleranceMinutes),
      contactName: settings.contactName,
      contactPhone: settings.contactPhone,
    },
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SettingsSchema }),
  })
  // what was typed survives a reload or a lapsed session; a draft begun on an older version meets the conflict notice
  const draft = useFormDraft(formRef, 'settings', { version: settings.version })
  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="mb-4">Programme settings</h1>
      <div className="card">
        <DraftNotice draft={draft} />
        <RecordConflictNotice reloadTo="/settings" />
        <FormErrors form={form} />
        <Form method="post" {...getFormProps(form)} ref={formRef}>
          <VersionField version={settings.version} />
          <h2 className="mb-2">Week-8 continuation rule</h2>
          <p className="mb-3 text-sm text-slate-700">
            A participant is eligible to be offered the choice to continue when they attended at least this many
            sessions in these weeks.
          </p>
          <div className="grid gap-x-4 sm:grid-cols-3">
            <TextField meta={fields.continuationMinSessions} label="Sessions attended" type="number" />
            <TextField meta={fields.continuationFromWeek} label="From week" type="number" />
            <TextField meta={fields.continuationToWeek} label="To week" type="number" />
          </div>
          <CheckboxField
            meta={fields.recoverySupportContinuationCheck}
            className="mb-4"
            label="Also hold an equivalent week-8 continuation check in the Recovery Support arm (off in the original trial)."
          />
          <h2 className="mb-2 mt-4">Check-in survey</h2>
          <TextField
            meta={fields.surveyGraceDays}
            label="Grace days after the meeting"
            type="number"
            hint="How many days after the meeting a participant can still fill in that week's survey."
          />
          <h2 className="mb-2 mt-4">Time matching</h2>
          <TextField
            meta={fields.timeMatchToleranceMinutes}
            label="Tolerance in minutes"
            type="number"
            hint="The two groups of a cohort should get the same check-in and group minutes every week. A week whose check-in or group minutes differ between the groups by more than this is flagged on the cohort page. 0 (or blank) flags any difference."
          />
          <h2 className="mb-2 mt-4">Programme contact (shown to participants)</h2>
          <TextField meta={fields.contactName} label="Contact name" />
          <TextField meta={fields.contactPhone} label="Contact phone" type="tel" />
          <StatusButton pendingText="Saving…">Save settings</StatusButton>
        </Form>
      </div>
    </div>
  )
}

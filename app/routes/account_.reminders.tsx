import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { eq } from 'drizzle-orm'
import { users } from '#db/schema'
import { authorize } from '~/auth/authorize.server'
import { CheckboxField, FormErrors, StatusButton, TextField } from '~/components/forms'
import { getDb } from '~/db.server'
import { isTimeOfDay, timeInQuietHours } from '~/domain/reminders'
import { getReminderPrefs, reminderAddress, saveReminderPrefs } from '~/domain/reminders.server'
import { pageTitle } from '~/i18n/i18n.server'
import { invalid, parseSubmission } from '~/utils/forms.server'
import { useFormReply } from '~/utils/form-reply'
import { redirectWithToast } from '~/utils/toast.server'

/**
 * Email reminder choices (issue 13): which kinds, at what time of day (in the person's own time
 * zone), and quiet hours. Participants' reminders go to their contact email (the address the
 * programme team keeps for them); staff can ask for alerts about their participants by email.
 * Linked from the account page.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Email reminders' }]

const time = z
  .string({ required_error: 'reminders.prefs.badTime' })
  .refine(isTimeOfDay, { message: 'reminders.prefs.badTime' })

export const PrefsSchema = z
  .object({
    meeting_tomorrow: z.boolean().default(false),
    survey_open: z.boolean().default(false),
    survey_closing: z.boolean().default(false),
    staffAlerts: z.boolean().default(false),
    sendAt: time,
    quietStart: time,
    quietEnd: time,
  })
  .superRefine((v, ctx) => {
    if (![v.sendAt, v.quietStart, v.quietEnd].every(isTimeOfDay)) return
    if (timeInQuietHours(v.sendAt, v))
      ctx.addIssue({ code: 'custom', path: ['sendAt'], message: 'reminders.prefs.inQuiet' })
  })

const STAFF_ALERT_ROLES = ['facilitator', 'coordinator']

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, 'account:self')
  const prefs = getReminderPrefs(user.id)
  const participant = user.role === 'participant'
  const email = participant
    ? reminderAddress(user.id)
    : getDb().select({ email: users.email }).from(users).where(eq(users.id, user.id)).get()?.email
  return {
    title: pageTitle(participant ? user.locale : 'en', 'reminders.prefs.title'),
    participant,
    staffAlerts: STAFF_ALERT_ROLES.includes(user.role),
    email: email ?? '',
    timeZone: user.timeZone,
    prefs,
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await authorize(request, 'account:self')
  const submission = await parseSubmission(request, PrefsSchema)
  if (submission.status !== 'success') return invalid(submission)
  const v = submission.value
  const current = getReminderPrefs(user.id)
  const participant = user.role === 'participant'
  saveReminderPrefs(user.id, {
    // Staff have no participant reminders: their kinds stay as they were.
    kinds: participant
      ? { meeting_tomorrow: v.meeting_tomorrow, survey_open: v.survey_open, survey_closing: v.survey_closing }
      : current.kinds,
    sendAt: v.sendAt,
    quietStart: v.quietStart,
    quietEnd: v.quietEnd,
    staffAlerts: STAFF_ALERT_ROLES.includes(user.role) ? v.staffAlerts : false,
  })
  return redirectWithToast('/account/reminders', { description: 'reminders.prefs.saved' })
}

export default function ReminderPreferences() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const [form, fields] = useForm({
    id: 'reminder-prefs',
    lastResult: useFormReply(),
    constraint: getZodConstraint(PrefsSchema.innerType()),
    defaultValue: {
      meeting_tomorrow: data.prefs.kinds.meeting_tomorrow ? 'on' : undefined,
      survey_open: data.prefs.kinds.survey_open ? 'on' : undefined,
      survey_closing: data.prefs.kinds.survey_closing ? 'on' : undefined,
      staffAlerts: data.prefs.staffAlerts ? 'on' : undefined,
      sendAt: data.prefs.sendAt,
      quietStart: data.prefs.quietStart,
      quietEnd: data.prefs.quietEnd,
    },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PrefsSchema }),
  })
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <div>
        <p>
          <Link to="/account">{t('app.myAccount').replace(/:$/, '')}</Link>
        </p>
        <h1>{t('reminders.prefs.title')}</h1>
        {data.participant ? <p className="mt-1 text-slate-700">{t('reminders.prefs.intro')}</p> : null}
        {data.participant ? (
          <p className="mt-1 text-slate-700">{t('reminders.prefs.sentTo', { email: data.email })}</p>
        ) : (
          <p className="mt-1 text-slate-700">Alert emails go to {data.email}, the address you sign in with.</p>
        )}
      </div>
      <section className="card">
        <FormErrors form={form} />
        <Form method="post" {...getFormProps(form)}>
          {data.participant ? (
            <fieldset className="mb-4">
              <legend className="label">{t('reminders.prefs.kinds')}</legend>
              <CheckboxField meta={fields.meeting_tomorrow} label={t('reminders.prefs.meeting_tomorrow')} />
              <CheckboxField meta={fields.survey_open} label={t('reminders.prefs.survey_open')} />
              <CheckboxField meta={fields.survey_closing} label={t('reminders.prefs.survey_closing')} />
            </fieldset>
          ) : null}
          {data.staffAlerts ? (
            <CheckboxField
              meta={fields.staffAlerts}
              label="Email me alerts about my participants (missed sessions or surveys, serious adverse events, a period with no toxicology test)"
              hint="The email says only that there is a new alert; the details are on your dashboard after you sign in."
              className="mb-4"
            />
          ) : null}
          <TextField
            meta={fields.sendAt}
            type="time"
            label={t('reminders.prefs.sendAt')}
            hint={t('reminders.prefs.sendAtHint', { zone: data.timeZone })}
          />
          <fieldset className="mb-4">
            <legend className="label">{t('reminders.prefs.quiet')}</legend>
            <p className="text-sm text-slate-700">{t('reminders.prefs.quietHint')}</p>
            <div className="mt-2 grid grid-cols-2 gap-4">
              <TextField meta={fields.quietStart} type="time" label={t('reminders.prefs.quietStart')} />
              <TextField meta={fields.quietEnd} type="time" label={t('reminders.prefs.quietEnd')} />
            </div>
          </fieldset>
          <StatusButton pendingText={t('reminders.prefs.saving')}>{t('reminders.prefs.save')}</StatusButton>
        </Form>
      </section>
    </div>
  )
}

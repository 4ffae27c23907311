import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { authorize } from '~/auth/authorize.server'
import { clientAddress, sessionToken } from '~/auth/session.server'
import { ChoiceField, FormErrors, SelectField, StatusButton, TextField } from '~/components/forms'
import { changePassword, getAccount, setLocale, setTimeZone } from '~/domain/account.server'
import { supportedLanguages } from '~/i18n/config'
import { localeCookie } from '~/i18n/i18n.server'
import { TIME_ZONE_LABEL, TIME_ZONES } from '~/domain/time-zones'
import { invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
import { notFound } from '~/utils/http-errors'
import { redirectWithToast } from '~/utils/toast.server'
import { newPassword } from '~/utils/validation'
import { useFormReply } from '~/utils/form-reply'

export const meta: MetaFunction = () => [{ title: 'My account · Weekly Groups' }]

const PasswordSchema = z
  .object({
    intent: z.literal('password'),
    current: z.string({ required_error: 'Enter your current password.' }).max(200),
    password: newPassword,
    confirm: z.string({ required_error: 'Type the new password again.' }),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two new passwords do not match.' })

const TimeZoneSchema = z.object({
  intent: z.literal('time-zone'),
  timeZone: z.enum(TIME_ZONES, { errorMap: () => ({ message: 'Choose a time zone from the list.' }) }),
})

const LanguageSchema = z.object({
  intent: z.literal('language'),
  lng: z.enum(supportedLanguages as ['en', 'es'], { errorMap: () => ({ message: 'form.chooseFromList' }) }),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, 'account:self')
  const account = getAccount(user.id)
  if (!account) notFound()
  return { account }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await authorize(request, 'account:self')
  const submission = await parseSubmission(request, (intent) =>
    intent === 'time-zone' ? TimeZoneSchema : intent === 'language' ? LanguageSchema : PasswordSchema,
  )
  const intent =
    submission.payload.intent === 'time-zone' || submission.payload.intent === 'language'
      ? submission.payload.intent
      : 'password'
  const hidden = ['current', 'password', 'confirm']
  if (submission.status !== 'success') return invalid(submission, { intent, hideFields: hidden })
  const value = submission.value
  if (value.intent === 'language') {
    setLocale(user.id, value.lng)
    return redirectWithToast(
      '/account',
      { description: 'toast.languageSaved' },
      { headers: { 'Set-Cookie': await localeCookie.serialize(value.lng) } },
    )
  }
  if (value.intent === 'time-zone') {
    setTimeZone(user.id, value.timeZone)
    return redirectWithToast('/account', { description: 'Your time zone is saved. Times now show in it.' })
  }
  const problems = await changePassword(
    user,
    { current: value.current, next: value.password },
    await sessionToken(request),
    clientAddress(request),
  )
  if (problems.length) return invalid(submission, { intent, hideFields: hidden, ...problemsToErrors(problems) })
  return redirectWithToast('/account', {
    description: 'Your password is changed. Any other place you were signed in has been signed out.',
  })
}

export default function Account() {
  const { account } = useLoaderData<typeof loader>()
  const passwordReply = useFormReply('password')
  const zoneReply = useFormReply('time-zone')
  const [passwordForm, password] = useForm({
    id: 'account-password',
    lastResult: passwordReply,
    constraint: getZodConstraint(PasswordSchema.innerType()),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PasswordSchema }),
  })
  const [zoneForm, zone] = useForm({
    id: 'account-time-zone',
    lastResult: zoneReply,
    constraint: getZodConstraint(TimeZoneSchema),
    defaultValue: { timeZone: account.timeZone },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TimeZoneSchema }),
  })
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <div>
        <h1>My account</h1>
        <p className="mt-1 text-slate-700">
          {account.name} · {account.email}
        </p>
      </div>

      {account.role === 'participant' ? <LanguageForm locale={account.locale} /> : null}

      <section className="card" aria-labelledby="zone-heading">
        <h2 id="zone-heading">Time zone</h2>
        <p className="text-sm text-slate-700">Meeting times are shown to you in this time zone.</p>
        <FormErrors form={zoneForm} />
        <Form method="post" {...getFormProps(zoneForm)} className="mt-2">
          <SelectField
            meta={zone.timeZone}
            label="My time zone"
            options={TIME_ZONES.map((z) => ({ value: z, label: TIME_ZONE_LABEL[z] }))}
          />
          <StatusButton intent="time-zone" pendingText="Saving…">
            Save time zone
          </StatusButton>
        </Form>
      </section>

      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">Change password</h2>
        <FormErrors form={passwordForm} />
        <Form method="post" {...getFormProps(passwordForm)} className="mt-2">
          <TextField meta={password.current} label="Current password" type="password" autoComplete="current-password" />
          <TextField
            meta={password.password}
            label="New password"
            type="password"
            autoComplete="new-password"
            hint="At least 12 characters. A short sentence you will remember works well."
          />
          <TextField meta={password.confirm} label="New password again" type="password" autoComplete="new-password" />
          <StatusButton intent="password" pendingText="Changing…">
            Change password
          </StatusButton>
        </Form>
      </section>
    </div>
  )
}

/** A participant's language (staff pages are English). Each choice is labelled in its own language. */
function LanguageForm({ locale }: { locale: 'en' | 'es' }) {
  const { t } = useTranslation()
  const [form, fields] = useForm({
    id: 'account-language',
    lastResult: useFormReply('language'),
    constraint: getZodConstraint(LanguageSchema),
    defaultValue: { lng: locale },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LanguageSchema }),
  })
  return (
    <section className="card" aria-labelledby="language-heading">
      <h2 id="language-heading">{t('language.label')}</h2>
      <FormErrors form={form} />
      <Form method="post" reloadDocument {...getFormProps(form)} className="mt-2">
        <ChoiceField
          meta={fields.lng}
          label={t('account.language')}
          options={supportedLanguages.map((l) => ({ value: l, label: <span lang={l}>{t(`language.${l}`)}</span> }))}
        />
        <StatusButton intent="language" pendingText={t('practice.saving')}>
          {t('account.saveLanguage')}
        </StatusButton>
      </Form>
    </section>
  )
}

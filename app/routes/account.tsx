import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { authorize } from '~/auth/authorize.server'
import { can } from '~/auth/permissions'
import { clientAddress, sessionToken } from '~/auth/session.server'
import { ChoiceField, FormErrors, SelectField, StatusButton, TextField } from '~/components/forms'
import { changePassword, getAccount, setLocale, setTimeZone } from '~/domain/account.server'
import { supportedLanguages } from '~/i18n/config'
import { localeCookie, pageTitle } from '~/i18n/i18n.server'
import { TIME_ZONE_LABEL, TIME_ZONES } from '~/domain/time-zones'
import { invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
import { notFound } from '~/utils/http-errors'
import { redirectWithToast } from '~/utils/toast.server'
import { newPassword } from '~/utils/validation'
import { useFormReply } from '~/utils/form-reply'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'My account' }]

const PasswordSchema = z
  .object({
    intent: z.literal('password'),
    current: z.string({ required_error: 'password.enterCurrent' }).max(200),
    password: newPassword,
    confirm: z.string({ required_error: 'password.typeAgain' }),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'password.noMatch' })

const TimeZoneSchema = z.object({
  intent: z.literal('time-zone'),
  timeZone: z.enum(TIME_ZONES, { errorMap: () => ({ message: 'form.chooseFromList' }) }),
})

const LanguageSchema = z.object({
  intent: z.literal('language'),
  lng: z.enum(supportedLanguages as ['en', 'es'], { errorMap: () => ({ message: 'form.chooseFromList' }) }),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, 'account:self')
  const account = getAccount(user.id)
  if (!account) notFound()
  // Staff pages are English (ADR 011): the page title follows the page language.
  return {
    account,
    calendar: can(user, 'calendar:self'),
    title: pageTitle(account.role === 'participant' ? account.locale : 'en', 'account.title'),
  }
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
      // staff pages stay English, so "your language is now …" would not be true for them
      { description: user.role === 'participant' ? 'toast.languageSaved' : 'toast.languageKept' },
      { headers: { 'Set-Cookie': await localeCookie.serialize(value.lng) } },
    )
  }
  if (value.intent === 'time-zone') {
    setTimeZone(user.id, value.timeZone)
    return redirectWithToast('/account', { description: 'toast.timeZoneSaved' })
  }
  const problems = await changePassword(
    user,
    { current: value.current, next: value.password },
    await sessionToken(request),
    clientAddress(request),
  )
  if (problems.length) return invalid(submission, { intent, hideFields: hidden, ...problemsToErrors(problems) })
  return redirectWithToast('/account', { description: 'toast.passwordChanged' })
}

export default function Account() {
  const { account, calendar } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
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
        <h1>{t('account.title')}</h1>
        <p className="mt-1 text-slate-700">
          {account.name} · {account.email}
        </p>
      </div>

      <LanguageForm locale={account.locale} staff={account.role !== 'participant'} />

      {calendar ? (
        <section className="card" aria-labelledby="calendar-heading">
          <h2 id="calendar-heading">{t('calendar.title')}</h2>
          <p className="mt-1">
            <Link to="/account/calendar">{t('calendar.accountLink')}</Link>
          </p>
        </section>
      ) : null}

      <section className="card" aria-labelledby="reminders-heading">
        <h2 id="reminders-heading">{t('reminders.prefs.title')}</h2>
        <p className="mt-1">
          <Link to="/account/reminders">{t('reminders.prefs.accountLink')}</Link>
        </p>
      </section>

      <section className="card" aria-labelledby="zone-heading">
        <h2 id="zone-heading">{t('account.zoneHeading')}</h2>
        <p className="text-sm text-slate-700">{t('account.zoneHint')}</p>
        <FormErrors form={zoneForm} />
        <Form method="post" {...getFormProps(zoneForm)} className="mt-2">
          <SelectField
            meta={zone.timeZone}
            label={t('account.zoneLabel')}
            options={TIME_ZONES.map((z) => ({ value: z, label: TIME_ZONE_LABEL[z] }))}
          />
          <StatusButton intent="time-zone" pendingText={t('practice.saving')}>
            {t('account.saveZone')}
          </StatusButton>
        </Form>
      </section>

      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">{t('account.passwordHeading')}</h2>
        <FormErrors form={passwordForm} />
        <Form method="post" {...getFormProps(passwordForm)} className="mt-2">
          <TextField
            meta={password.current}
            label={t('account.currentPassword')}
            type="password"
            autoComplete="current-password"
          />
          <TextField
            meta={password.password}
            label={t('account.newPassword')}
            type="password"
            autoComplete="new-password"
            hint={t('account.newPasswordHint')}
          />
          <TextField
            meta={password.confirm}
            label={t('account.newPasswordAgain')}
            type="password"
            autoComplete="new-password"
          />
          <StatusButton intent="password" pendingText={t('account.changing')}>
            {t('account.changePassword')}
          </StatusButton>
        </Form>
      </section>
    </div>
  )
}

/**
 * Everyone's language. Participant pages follow it; staff pages are English for now (ADR 011), so
 * staff are told their choice is kept. Each choice is labelled in its own language.
 */
function LanguageForm({ locale, staff }: { locale: 'en' | 'es'; staff: boolean }) {
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
      {staff ? <p className="text-sm text-slate-700">{t('account.staffLanguageNote')}</p> : null}
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

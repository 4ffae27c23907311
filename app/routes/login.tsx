import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { pendingSubmissionPath } from '~/auth/pending-submission.server'
import { START_PAGE } from '~/auth/permissions'
import { getSessionUser } from '~/auth/session.server'
import { signIn } from '~/auth/sign-in.server'
import { FormErrors, StatusButton, TextField } from '~/components/forms'
import { safeRedirect } from '~/utils/safe-redirect'
import { invalid, parseSubmission } from '~/utils/forms.server'
import { email } from '~/utils/validation'
import { pageLocale, pageTitle } from '~/i18n/i18n.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Sign in · Weekly Groups' }]

const LoginSchema = z.object({
  email,
  password: z
    .string({ required_error: 'login.enterPassword' })
    .min(1, 'login.enterPassword')
    .max(200, 'login.passwordTooLong'),
  redirectTo: z.string().max(500).optional(),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request)
  if (user) throw redirect(START_PAGE[user.role])
  return { title: pageTitle(await pageLocale(request, null), 'login.title') }
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = await parseSubmission(request, LoginSchema)
  if (submission.status !== 'success') return invalid(submission, { hideFields: ['password'] })
  const { email, password, redirectTo } = submission.value
  const result = await signIn(email, password, request)
  if (!result.ok) return invalid(submission, { formErrors: [result.message], hideFields: ['password'] }, result.status)
  // A form this person sent after their session lapsed is waiting on its page: go back there.
  const waiting = await pendingSubmissionPath(request, result.user.id)
  return redirect(waiting ?? safeRedirect(redirectTo, START_PAGE[result.user.role]), {
    headers: { 'Set-Cookie': result.cookie },
  })
}

export default function Login() {
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const [form, fields] = useForm({
    id: 'login',
    lastResult: actionData?.result,
    constraint: getZodConstraint(LoginSchema),
    defaultValue: { redirectTo: params.get('redirectTo') ?? '' },
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  })
  const { t } = useTranslation()
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4">{t('login.title')}</h1>
      <div className="card">
        <FormErrors form={form} />
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name={fields.redirectTo.name} value={params.get('redirectTo') ?? ''} />
          <TextField meta={fields.email} label={t('login.email')} type="email" autoComplete="username" />
          <TextField
            meta={fields.password}
            label={t('login.password')}
            type="password"
            autoComplete="current-password"
          />
          <StatusButton className="btn w-full" pendingText={t('login.signingIn')}>
            {t('login.submit')}
          </StatusButton>
        </Form>
      </div>
      <p className="mt-4 text-sm text-slate-700">{t('login.help')}</p>
    </div>
  )
}

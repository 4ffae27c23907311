import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { acceptInvitation, findOpenInvitation } from '~/auth/invitations.server'
import { START_PAGE } from '~/auth/permissions'
import { createSession } from '~/auth/session.server'
import { ErrorMessage, GeneralErrorBoundary } from '~/components/error-boundary'
import { FormErrors, StatusButton, TextField } from '~/components/forms'
import { invalid, parseSubmission } from '~/utils/forms.server'
import { gone } from '~/utils/http-errors'
import { redirectWithToast } from '~/utils/toast.server'
import { newPassword } from '~/utils/validation'
import { pageLocale, pageTitle } from '~/i18n/i18n.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? 'Set your password · Weekly Groups' },
]

const EXPIRED = 'This link has expired or was already used. Ask your programme team for a new one.'
const PASSWORDS = ['password', 'confirm']

const SetPasswordSchema = z
  .object({ password: newPassword, confirm: z.string({ required_error: 'invite.typeAgain' }) })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'invite.noMatch' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const invitation = findOpenInvitation(params.token ?? '')
  if (!invitation) gone(EXPIRED)
  const title = pageTitle(await pageLocale(request, null), 'invite.title')
  return { name: invitation.name, email: invitation.email, title }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = await parseSubmission(request, SetPasswordSchema)
  if (submission.status !== 'success') return invalid(submission, { hideFields: PASSWORDS })
  const token = params.token ?? ''
  const invitation = findOpenInvitation(token)
  if (!invitation) gone(EXPIRED)
  const userId = await acceptInvitation(token, submission.value.password)
  if (!userId) gone(EXPIRED)
  return redirectWithToast(
    START_PAGE[invitation.role],
    { description: 'invite.done' },
    { headers: { 'Set-Cookie': await createSession(userId) } },
  )
}

export default function AcceptInvitation() {
  const { name, email } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'set-password',
    lastResult: actionData?.result,
    constraint: getZodConstraint(SetPasswordSchema),
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SetPasswordSchema }),
  })
  const { t } = useTranslation()
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-2">{t('invite.welcome', { name })}</h1>
      <p className="mb-4">{t('invite.choose', { email })}</p>
      <div className="card">
        <FormErrors form={form} />
        <Form method="post" {...getFormProps(form)}>
          <input type="text" name="username" autoComplete="username" defaultValue={email} hidden readOnly />
          <TextField
            meta={fields.password}
            label={t('invite.newPassword')}
            type="password"
            autoComplete="new-password"
          />
          <TextField meta={fields.confirm} label={t('invite.again')} type="password" autoComplete="new-password" />
          <StatusButton className="btn w-full" pendingText={t('invite.setting')}>
            {t('invite.submit')}
          </StatusButton>
        </Form>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  const { t } = useTranslation()
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        410: () => <ErrorMessage title={t('invite.expiredTitle')}>{t('invite.expired')}</ErrorMessage>,
      }}
    />
  )
}

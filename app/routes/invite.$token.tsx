import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { acceptInvitation, findOpenInvitation } from '~/auth/invitations.server'
import { createSession } from '~/auth/session.server'
import { Field, FormErrors } from '~/components/forms-legacy'
import { formError, parseForm } from '~/utils/forms-legacy.server'
import { newPassword } from '~/utils/validation'

export const meta: MetaFunction = () => [{ title: 'Set your password · Weekly Groups' }]

const SetPasswordSchema = z
  .object({ password: newPassword, confirm: z.string({ required_error: 'Type the password again.' }) })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords do not match.' })

export async function loader({ params }: LoaderFunctionArgs) {
  const invitation = findOpenInvitation(params.token ?? '')
  if (!invitation) throw new Response('This link has expired or was already used.', { status: 404 })
  return { name: invitation.name, email: invitation.email }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = await parseForm(request, SetPasswordSchema)
  if (!parsed.ok) return parsed.reply
  const userId = await acceptInvitation(params.token ?? '', parsed.value.password)
  if (!userId)
    return formError(['This link has expired or was already used. Ask your programme team for a new one.'], {}, 410)
  return redirect('/', { headers: { 'Set-Cookie': await createSession(userId) } })
}

export default function AcceptInvitation() {
  const { name, email } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-2">Welcome, {name}</h1>
      <p className="mb-4">Choose a password for {email}. Use at least 12 characters; a short sentence works well.</p>
      <div className="card">
        <FormErrors reply={reply} />
        <Form method="post" noValidate>
          <input type="text" name="username" autoComplete="username" defaultValue={email} hidden readOnly />
          <Field
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            reply={reply}
          />
          <Field
            label="Type it again"
            name="confirm"
            type="password"
            autoComplete="new-password"
            required
            reply={reply}
          />
          <button type="submit" className="btn w-full">
            Set password and sign in
          </button>
        </Form>
      </div>
    </div>
  )
}

import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { START_PAGE } from '~/auth/permissions'
import { signIn } from '~/auth/sign-in.server'
import { getSessionUser } from '~/auth/session.server'
import { Field, FormErrors } from '~/components/forms'
import { formError, parseForm } from '~/utils/forms.server'
import { email } from '~/utils/validation'

export const meta: MetaFunction = () => [{ title: 'Sign in · Weekly Groups' }]

const LoginSchema = z.object({
  email,
  password: z
    .string({ required_error: 'Enter your password.' })
    .min(1, 'Enter your password.')
    .max(200, 'That password is too long.'),
  redirectTo: z.string().max(500).optional(),
})

/** Only same-site paths: never an open redirect. */
function safeRedirect(to: string | undefined, fallback: string) {
  return to && to.startsWith('/') && !to.startsWith('//') && !to.startsWith('/\\') ? to : fallback
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request)
  if (user) throw redirect(START_PAGE[user.role])
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = await parseForm(request, LoginSchema)
  if (!parsed.ok) return parsed.reply
  const result = await signIn(parsed.value.email, parsed.value.password, request)
  if (!result.ok) return formError([result.message], {}, result.status)
  return redirect(safeRedirect(parsed.value.redirectTo, START_PAGE[result.user.role]), {
    headers: { 'Set-Cookie': result.cookie },
  })
}

export default function Login() {
  const reply = useActionData<typeof action>()
  const [params] = useSearchParams()
  const navigation = useNavigation()
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4">Sign in</h1>
      <div className="card">
        <FormErrors reply={reply} />
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
          <Field label="Email" name="email" type="email" autoComplete="username" required reply={reply} />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            reply={reply}
          />
          <button type="submit" className="btn w-full" disabled={navigation.state === 'submitting'}>
            {navigation.state === 'submitting' ? 'Signing in…' : 'Sign in'}
          </button>
        </Form>
      </div>
      <p className="mt-4 text-sm text-slate-700">
        New here? Use the link your programme team sent you to set your password. Forgot your password? Ask your
        programme team for a new link.
      </p>
    </div>
  )
}

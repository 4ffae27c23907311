import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ROLES, type Role } from '#db/schema'
import { createInvitation } from '~/auth/invitations.server'
import { authorize } from '~/auth/authorize.server'
import { FormErrors, SelectField, StatusButton, TextField } from '~/components/forms'
import { OneTimeLink, oneTimeLinkOf } from '~/components/one-time-link'
import { disableAccountProblems } from '~/domain/accounts'
import { findUser, findUserByEmail, inviteUser, listUsers, setUserDisabled } from '~/domain/users.server'
import { invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
import { notFound } from '~/utils/http-errors'
import { oneTimeLinkReply } from '~/utils/one-time-link.server'
import { redirectWithToast } from '~/utils/toast.server'
import { email, shortText } from '~/utils/validation'

export const meta: MetaFunction = () => [{ title: 'Users · Weekly Groups' }]

type StaffRole = Exclude<Role, 'participant'>
const STAFF_ROLES = ROLES.filter((r): r is StaffRole => r !== 'participant') as [StaffRole, ...StaffRole[]]

const userId = z.number({ required_error: 'Unknown account.', invalid_type_error: 'Unknown account.' }).int().positive()

const InviteSchema = z.object({
  intent: z.literal('invite'),
  name: shortText('a name', 120),
  email,
  role: z.enum(STAFF_ROLES, { errorMap: () => ({ message: 'Choose a role.' }) }),
})
const ToggleSchema = z.object({ intent: z.enum(['disable', 'enable']), userId })
const ReinviteSchema = z.object({ intent: z.literal('reinvite'), userId })

const ActionSchema = z.discriminatedUnion('intent', [
  InviteSchema,
  ToggleSchema.extend({ intent: z.literal('disable') }),
  ToggleSchema.extend({ intent: z.literal('enable') }),
  ReinviteSchema,
])

/** Which form on the page a reply belongs to: the invite form, or one row's toggle or new-link form. */
const replyTag = (form: 'invite' | 'toggle' | 'reinvite', userId?: unknown) =>
  form === 'invite' ? 'invite' : `${form}:${String(userId ?? '')}`

export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request, 'users:manage')
  return { users: listUsers(), roles: STAFF_ROLES }
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await authorize(request, 'users:manage')
  const submission = await parseSubmission(request, ActionSchema)
  const payload = submission.payload as { intent?: unknown; userId?: unknown }
  const tag =
    payload.intent === 'disable' || payload.intent === 'enable'
      ? replyTag('toggle', payload.userId)
      : payload.intent === 'reinvite'
        ? replyTag('reinvite', payload.userId)
        : replyTag('invite')
  if (submission.status !== 'success') return invalid(submission, { intent: tag })
  const form = submission.value
  switch (form.intent) {
    case 'invite': {
      if (findUserByEmail(form.email))
        return invalid(
          submission,
          { fieldErrors: { email: ['An account with this email already exists.'] }, intent: tag },
          409,
        )
      const { link } = inviteUser({ name: form.name, email: form.email, role: form.role }, admin.id)
      return oneTimeLinkReply(request, {
        result: submission.reply({ resetForm: true }),
        intent: tag,
        path: link,
        recipient: form.name,
        message: 'Account created.',
      })
    }
    case 'reinvite': {
      const user = findUser(form.userId) ?? notFound()
      // A participant's login is their coordinator's to renew (the cohort page). A link made here
      // would let the admin, who opens no participant records (ADR 009), sign in as the participant.
      if (user.role === 'participant')
        return invalid(
          submission,
          { formErrors: ['A participant gets a new link from their cohort’s page, from a coordinator.'], intent: tag },
          403,
        )
      return oneTimeLinkReply(request, {
        result: submission.reply(),
        intent: tag,
        path: createInvitation(user.id, admin.id),
        recipient: user.name,
        message: 'New one-time link made; earlier links for this account no longer work.',
      })
    }
    case 'disable':
    case 'enable': {
      const user = findUser(form.userId) ?? notFound()
      const disable = form.intent === 'disable'
      if (disable) {
        const problems = disableAccountProblems(admin.id, user.id)
        if (problems.length) return invalid(submission, { ...problemsToErrors(problems), intent: tag }, 409)
      }
      setUserDisabled(user.id, disable, admin.id)
      return redirectWithToast('/admin/users', {
        description: disable ? 'Account disabled.' : 'Account enabled again.',
      })
    }
  }
}

export default function AdminUsers() {
  const { users, roles } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const lastResultFor = (tag: string) => (actionData?.intent === tag ? actionData.result : undefined)
  const [form, fields] = useForm({
    id: 'invite',
    lastResult: lastResultFor(replyTag('invite')),
    constraint: getZodConstraint(InviteSchema),
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
  })
  const link = oneTimeLinkOf(actionData)
  return (
    <div className="space-y-6">
      <h1>Users</h1>
      {link ? <OneTimeLink link={link.link} recipient={link.recipient} /> : null}
      <section className="card" aria-labelledby="invite-heading">
        <h2 id="invite-heading" className="mb-3">
          Invite a staff member
        </h2>
        <FormErrors form={form} />
        <Form method="post" className="grid gap-x-4 sm:grid-cols-3" {...getFormProps(form)}>
          <TextField meta={fields.name} label="Name" />
          <TextField meta={fields.email} label="Email" type="email" />
          <SelectField meta={fields.role} label="Role" options={roles.map((r) => ({ value: r, label: r }))} />
          <div className="sm:col-span-3">
            <StatusButton intent="invite" pendingText="Creating account…">
              Create account and get link
            </StatusButton>
          </div>
        </Form>
        <p className="mt-2 text-sm text-slate-700">
          Participants are invited from their cohort once they have a group; their logins are managed there, not here.
        </p>
      </section>
      <section aria-labelledby="list-heading" className="card overflow-x-auto">
        <h2 id="list-heading" className="mb-3">
          Staff accounts ({users.length})
        </h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>{u.role}</td>
                <td>{u.disabled ? 'Disabled' : u.hasPassword ? 'Active' : 'Invited'}</td>
                <td>
                  <UserActions
                    user={u}
                    toggleResult={lastResultFor(replyTag('toggle', u.id))}
                    reinviteResult={lastResultFor(replyTag('reinvite', u.id))}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  )
}

type LastResult = SubmissionResult<string[]> | null | undefined

function UserActions({
  user,
  toggleResult,
  reinviteResult,
}: {
  user: { id: number; name: string; disabled: boolean; role: Role }
  toggleResult: LastResult
  reinviteResult: LastResult
}) {
  const [toggle, toggleFields] = useForm({
    id: `toggle-${user.id}`,
    lastResult: toggleResult,
    constraint: getZodConstraint(ToggleSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ToggleSchema }),
  })
  const [reinvite, reinviteFields] = useForm({
    id: `reinvite-${user.id}`,
    lastResult: reinviteResult,
    constraint: getZodConstraint(ReinviteSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReinviteSchema }),
  })
  const intent = user.disabled ? 'enable' : 'disable'
  return (
    <>
      <FormErrors form={toggle} />
      <FormErrors form={reinvite} />
      <div className="flex flex-wrap gap-2">
        <Form method="post" {...getFormProps(toggle)}>
          <input type="hidden" name={toggleFields.userId.name} value={user.id} />
          <StatusButton
            intent={intent}
            className="btn-secondary min-h-[36px] py-1 text-sm"
            pendingText={user.disabled ? 'Enabling…' : 'Disabling…'}
          >
            {user.disabled ? 'Enable' : 'Disable'}
            <span className="sr-only"> {user.name}</span>
          </StatusButton>
        </Form>
        {/* participants get a new link from their cohort's page */}
        <Form method="post" {...getFormProps(reinvite)} hidden={user.role === 'participant'}>
          <input type="hidden" name={reinviteFields.userId.name} value={user.id} />
          <StatusButton
            intent="reinvite"
            className="btn-secondary min-h-[36px] py-1 text-sm"
            pendingText="Making link…"
          >
            New link<span className="sr-only"> for {user.name}</span>
          </StatusButton>
        </Form>
      </div>
    </>
  )
}

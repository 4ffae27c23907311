import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ROLES } from '#db/schema'
import { createInvitation } from '~/auth/invitations.server'
import { authorize } from '~/auth/authorize.server'
import { Field, FormErrors, fieldError } from '~/components/forms-legacy'
import { OneTimeLink } from '~/components/one-time-link'
import { findUserByEmail, inviteUser, listUsers, setUserDisabled, userExists } from '~/domain/users.server'
import { formError, parseForm } from '~/utils/forms-legacy.server'
import { email, id, shortText } from '~/utils/validation'

export const meta: MetaFunction = () => [{ title: 'Users · Weekly Groups' }]

const STAFF_ROLES = ROLES.filter((r) => r !== 'participant')

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('invite'),
    name: shortText('a name', 120),
    email,
    role: z.enum(STAFF_ROLES as [string, ...string[]], { errorMap: () => ({ message: 'Choose a role.' }) }),
  }),
  z.object({ intent: z.literal('disable'), userId: id }),
  z.object({ intent: z.literal('enable'), userId: id }),
  z.object({ intent: z.literal('reinvite'), userId: id }),
])

export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request, 'users:manage')
  return { users: listUsers() }
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await authorize(request, 'users:manage')
  const parsed = await parseForm(request, ActionSchema)
  if (!parsed.ok) return parsed.reply
  const form = parsed.value
  switch (form.intent) {
    case 'invite': {
      if (findUserByEmail(form.email))
        return formError([], { email: ['An account with this email already exists.'] }, 409)
      const { link } = inviteUser(
        { name: form.name, email: form.email, role: form.role as (typeof STAFF_ROLES)[number] },
        admin.id,
      )
      return { status: 'invited' as const, link: new URL(link, request.url).toString(), name: form.name }
    }
    case 'reinvite':
      if (!userExists(form.userId)) throw new Response('Not found', { status: 404 })
      return {
        status: 'invited' as const,
        link: new URL(createInvitation(form.userId, admin.id), request.url).toString(),
        name: null,
      }
    case 'disable':
      if (form.userId === admin.id) return formError(['You cannot disable your own account.'], {}, 409)
      setUserDisabled(form.userId, true, admin.id)
      return { status: 'saved' as const }
    case 'enable':
      setUserDisabled(form.userId, false, admin.id)
      return { status: 'saved' as const }
  }
}

export default function AdminUsers() {
  const { users } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  return (
    <div className="space-y-6">
      <h1>Users</h1>
      {reply && 'link' in reply && reply.link ? (
        <OneTimeLink link={reply.link} recipient={reply.name ?? 'this account'} />
      ) : null}
      <section className="card" aria-labelledby="invite-heading">
        <h2 id="invite-heading" className="mb-3">
          Invite a staff member
        </h2>
        <FormErrors reply={reply} />
        <Form method="post" className="grid gap-x-4 sm:grid-cols-3">
          <input type="hidden" name="intent" value="invite" />
          <Field label="Name" name="name" required reply={reply} />
          <Field label="Email" name="email" type="email" required reply={reply} />
          <Field label="Role" name="role" reply={reply}>
            <select
              id="f-role"
              name="role"
              className="input"
              aria-invalid={fieldError(reply, 'role') ? true : undefined}
            >
              {STAFF_ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </Field>
          <div className="sm:col-span-3">
            <button className="btn" type="submit">
              Create account and get link
            </button>
          </div>
        </Form>
        <p className="mt-2 text-sm text-slate-700">
          Participants are invited from their cohort once they have a group.
        </p>
      </section>
      <section aria-labelledby="list-heading" className="card overflow-x-auto">
        <h2 id="list-heading" className="mb-3">
          All accounts ({users.length})
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
                <td className="flex flex-wrap gap-2">
                  <Form method="post">
                    <input type="hidden" name="userId" value={u.id} />
                    <button
                      className="btn-secondary min-h-[36px] py-1 text-sm"
                      name="intent"
                      value={u.disabled ? 'enable' : 'disable'}
                    >
                      {u.disabled ? 'Enable' : 'Disable'}
                      <span className="sr-only"> {u.name}</span>
                    </button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="userId" value={u.id} />
                    <button className="btn-secondary min-h-[36px] py-1 text-sm" name="intent" value="reinvite">
                      New link<span className="sr-only"> for {u.name}</span>
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  )
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { KIND_LABEL_KEY } from '~/domain/reminder-messages'
import { turnOffKind } from '~/domain/reminders.server'
import { readUnsubscribeToken } from '~/mail/unsubscribe.server'
import { notFound } from '~/utils/http-errors'

/**
 * One-click unsubscribe from one kind of reminder (issue 13). Public: the signed token in the
 * link is the only credential, and it can turn off only its own person's one kind. Opening the
 * link (GET) changes nothing, because mail scanners open links; the button, or a mail client's
 * RFC 8058 one-click POST (`List-Unsubscribe=One-Click`), does it.
 */
export const meta: MetaFunction = () => [{ title: 'Reminders · Weekly Groups' }]

export async function loader({ params }: LoaderFunctionArgs) {
  const found = readUnsubscribeToken(params.token ?? '')
  if (!found) notFound()
  return { kind: found.kind }
}

export async function action({ params }: ActionFunctionArgs) {
  const found = readUnsubscribeToken(params.token ?? '')
  if (!found) notFound()
  turnOffKind(found.userId, found.kind)
  return { done: true as const, kind: found.kind }
}

export default function Unsubscribe() {
  const { kind } = useLoaderData<typeof loader>()
  const done = useActionData<typeof action>()?.done
  const { t } = useTranslation()
  const label = t(KIND_LABEL_KEY[kind])
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1>{t('reminders.unsubscribe.title')}</h1>
      {done ? (
        <p role="status">{t('reminders.unsubscribe.done', { kind: label })}</p>
      ) : (
        <Form method="post" className="card space-y-3">
          <p>{t('reminders.unsubscribe.question', { kind: label })}</p>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <button type="submit" className="btn">
            {t('reminders.unsubscribe.button')}
          </button>
        </Form>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

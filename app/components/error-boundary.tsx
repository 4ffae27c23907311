import { isRouteErrorResponse, useParams, useRouteError, type ErrorResponse } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useMessage } from '~/i18n/use-message'

/**
 * The one error boundary (after the Epic Stack's GeneralErrorBoundary). The root uses it with the
 * common statuses; a route that has something specific to say passes its own handler for a status
 * (an expired invitation, say). Nothing from the error's internals reaches the page.
 */
type StatusHandler = (info: { error: ErrorResponse; params: Record<string, string | undefined> }) => ReactNode

export const COMMON_STATUS_HANDLERS: Record<number, StatusHandler> = {
  403: () => <Translated status="notAllowed" />,
  404: () => <Translated status="notFound" />,
  409: ({ error }) =>
    typeof error.data === 'string' && error.data ? (
      <Translated status="conflict" text={error.data} />
    ) : (
      <Translated status="conflict" />
    ),
  410: () => <Translated status="gone" />,
  413: () => <Translated status="tooLarge" />,
}

/** English, for the rare page drawn before the page language's strings are there (root failed). */
const ENGLISH: Record<string, string> = {
  notAllowedTitle: 'Not allowed',
  notAllowed: 'Your account does not have access to this page.',
  notFoundTitle: 'Page not found',
  notFound: 'We could not find that page. It may have moved, or the link may be wrong.',
  conflictTitle: 'That changed in the meantime',
  conflict: 'Someone else changed this. Reload and try again.',
  goneTitle: 'No longer available',
  gone: 'This link has expired or was already used.',
  tooLargeTitle: 'Too large',
  tooLarge: 'That was more than we can accept in one go.',
  unexpectedTitle: 'Something went wrong',
  unexpected: 'Sorry, something went wrong on our side. Please try again in a moment.',
  startPage: 'Go to your start page',
}

/** An error page in the page language (staff pages are English: their page language is 'en'). */
function Translated({ status, text }: { status: string; text?: string }) {
  const { t } = useTranslation()
  const message = useMessage()
  const say = (key: string) => t(`errors.${key}`, { defaultValue: ENGLISH[key] })
  return <ErrorMessage title={say(`${status}Title`)}>{text !== undefined ? message(text) : say(status)}</ErrorMessage>
}

export function GeneralErrorBoundary({
  statusHandlers,
  defaultStatusHandler = () => <UnexpectedError />,
  unexpectedErrorHandler = () => <UnexpectedError />,
}: {
  statusHandlers?: Record<number, StatusHandler>
  defaultStatusHandler?: StatusHandler
  unexpectedErrorHandler?: (error: unknown) => ReactNode
}) {
  const error = useRouteError()
  const params = useParams()
  if (isRouteErrorResponse(error)) {
    const handler = statusHandlers?.[error.status] ?? COMMON_STATUS_HANDLERS[error.status] ?? defaultStatusHandler
    return <>{handler({ error, params })}</>
  }
  return <>{unexpectedErrorHandler(error)}</>
}

export function ErrorMessage({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation()
  return (
    <div className="card mx-auto max-w-xl">
      <h1>{title}</h1>
      <div className="mt-2">{children}</div>
      <p className="mt-4">
        <a href="/">{t('errors.startPage', { defaultValue: ENGLISH.startPage })}</a>
      </p>
    </div>
  )
}

function UnexpectedError() {
  return <Translated status="unexpected" />
}

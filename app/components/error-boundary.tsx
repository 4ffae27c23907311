import { isRouteErrorResponse, useParams, useRouteError, type ErrorResponse } from '@remix-run/react'
import type { ReactNode } from 'react'

/**
 * The one error boundary (after the Epic Stack's GeneralErrorBoundary). The root uses it with the
 * common statuses; a route that has something specific to say passes its own handler for a status
 * (an expired invitation, say). Nothing from the error's internals reaches the page.
 */
type StatusHandler = (info: { error: ErrorResponse; params: Record<string, string | undefined> }) => ReactNode

export const COMMON_STATUS_HANDLERS: Record<number, StatusHandler> = {
  403: () => <ErrorMessage title="Not allowed">Your account does not have access to this page.</ErrorMessage>,
  404: () => (
    <ErrorMessage title="Page not found">
      We could not find that page. It may have moved, or the link may be wrong.
    </ErrorMessage>
  ),
  409: ({ error }) => (
    <ErrorMessage title="That changed in the meantime">
      {typeof error.data === 'string' && error.data ? error.data : 'Someone else changed this. Reload and try again.'}
    </ErrorMessage>
  ),
  410: () => <ErrorMessage title="No longer available">This link has expired or was already used.</ErrorMessage>,
  413: () => <ErrorMessage title="Too large">That was more than we can accept in one go.</ErrorMessage>,
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
  return (
    <div className="card mx-auto max-w-xl">
      <h1>{title}</h1>
      <div className="mt-2">{children}</div>
      <p className="mt-4">
        <a href="/">Go to your start page</a>
      </p>
    </div>
  )
}

function UnexpectedError() {
  return (
    <ErrorMessage title="Something went wrong">
      Sorry, something went wrong on our side. Please try again in a moment.
    </ErrorMessage>
  )
}

/**
 * Thrown responses that the error boundary turns into a page (`GeneralErrorBoundary`).
 * Participants get 404 wherever existence itself would tell them something (authorize.server.ts).
 */
export function notFound(): never {
  throw new Response('Not found', { status: 404, statusText: 'Not Found' })
}

export function forbidden(): never {
  throw new Response('Forbidden', { status: 403, statusText: 'Forbidden' })
}

/** A link or resource that existed and no longer can be used (an expired invitation). */
export function gone(message = 'Gone'): never {
  throw new Response(message, { status: 410, statusText: 'Gone' })
}

import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { I18nextProvider } from 'react-i18next'
import { getSessionUser } from './auth/session.server'
import { isStaff } from './auth/permissions'
import { DatabaseOpenError } from '#db/client'
import { isLocale } from './i18n/config'
import { i18nFor } from './i18n/instances.server'
import { prepareDatabase } from './startup.server'
import { NonceProvider } from './utils/nonce-provider'
import { readLoaderDataStream, renderDocument } from './utils/render-document.server'
import { ShippedOnceProvider, isDocumentRequest } from './utils/shipped-once'

export const streamTimeout = 5_000

// Open, check, migrate and (in demo mode) seed the database before the first request is served.
// A database that cannot be served stops the server with a message, not a stack trace.
// In a cluster the primary does this once before forking (server.js) and tells its workers to skip it.
if (process.env.MROCC_DATABASE_PREPARED !== '1') {
  try {
    await prepareDatabase()
  } catch (error) {
    if (!(error instanceof DatabaseOpenError)) throw error
    console.error(`mrocc-lms cannot start: ${error.message}`)
    process.exit(1)
  }
}

/** For server.js on shutdown. */
export { closeDb as closeDatabase } from './db.server'
/** For server.js: the reminder scheduler runs in one process only (issue 13). */
export { startScheduler, stopScheduler } from './scheduler.server'

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // The page language was decided once, by the root loader (staff pages are English).
  const rootData = remixContext.staticHandlerContext.loaderData.root as { locale?: unknown } | undefined
  const lng = isLocale(rootData?.locale) ? rootData.locale : 'en'
  // Given through context only (no global instance on the server): one instance per language.
  const i18n = i18nFor(lng)
  const nonce = typeof loadContext.cspNonce === 'string' ? loadContext.cspNonce : undefined
  await readLoaderDataStream(remixContext)
  const { body, status } = await renderDocument(
    <I18nextProvider i18n={i18n}>
      <NonceProvider value={nonce ?? ''}>
        <ShippedOnceProvider value={isDocumentRequest(loadContext) ? loadContext.shippedOnce : null}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </ShippedOnceProvider>
      </NonceProvider>
    </I18nextProvider>,
    // a page is sent whole, once rendered (issue 16): no page streams or defers data
    { status: responseStatusCode, nonce, timeoutMs: streamTimeout + 1000 },
  )
  responseHeaders.set('Content-Type', 'text/html')
  responseHeaders.set('Cache-Control', 'no-store')
  return new Response(body, { headers: responseHeaders, status })
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return
  // Log the error, never the request body or query: they may hold participant data.
  console.error(
    `[error] ${request.method} ${new URL(request.url).pathname}:`,
    error instanceof Error ? error.stack : error,
  )
}

/** For server.js: whether the request carries a live staff session (staff-only route chunks). */
export async function isStaffRequest(request: Request): Promise<boolean> {
  const user = await getSessionUser(request)
  return !!user && isStaff(user.role)
}

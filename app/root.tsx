import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation, useRouteLoaderData } from '@remix-run/react'
import { isStaff } from '~/auth/permissions'
import { takeRestoredSubmission } from '~/auth/pending-submission.server'
import { getSessionUser } from '~/auth/session.server'
import { APP_NAME, AppShell } from '~/components/app-shell'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FlashMessage } from '~/components/flash-message'
import { SessionKeeper } from '~/components/session-keeper'
import { env } from '~/env.server'
import { pageLocale, pageStrings } from '~/i18n/i18n.server'
import { STRINGS_ELEMENT_ID, usePageLanguage } from '~/i18n/page-language'
import stylesheet from '~/styles/tailwind.css?url'
import { useNonce } from '~/utils/nonce-provider'
import { shipOnce } from '~/utils/shipped-once'
import { getToast } from '~/utils/toast.server'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  // the app's icon (browsers then do not ask for /favicon.ico)
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: APP_NAME }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getSessionUser(request)
  const { toast, headers: toastHeaders } = await getToast(request)
  const staff = user && isStaff(user.role)
  const kept = user ? await takeRestoredSubmission(request, user.id) : null
  const headers = new Headers()
  for (const h of [toastHeaders, kept?.headers])
    for (const c of h?.getSetCookie() ?? []) headers.append('Set-Cookie', c)
  const locale = await pageLocale(request, user)
  return data(
    {
      user: user ? { name: user.name, role: user.role } : null,
      locale,
      /** the page language's strings as JSON, for i18next in the browser (ADR 011), shipped once */
      strings: shipOnce(context, STRINGS_ELEMENT_ID, pageStrings(locale)),
      toast,
      idleMinutes: staff ? env().STAFF_IDLE_MINUTES : null,
      restored: kept?.restored ?? null,
    },
    { headers },
  )
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  const nonce = useNonce()
  const location = useLocation()
  const locale = data?.locale ?? 'en'
  const strings = usePageLanguage(locale, data?.strings ?? null)
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <AppShell user={data?.user ?? null} path={location.pathname + location.search}>
          <FlashMessage toast={data?.toast ?? null} />
          {children}
        </AppShell>
        {data?.idleMinutes ? <SessionKeeper idleMinutes={data.idleMinutes} /> : null}
        {strings ? (
          // The page language's strings for i18next in the browser (read by entry.client before hydrating).
          <script
            id={STRINGS_ELEMENT_ID}
            type="application/json"
            nonce={nonce}
            dangerouslySetInnerHTML={{ __html: strings }}
          />
        ) : null}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

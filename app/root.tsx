import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import { getSessionUser } from '~/auth/session.server'
import { APP_NAME, AppShell } from '~/components/app-shell'
import stylesheet from '~/styles/tailwind.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: stylesheet }]

export const meta: MetaFunction = () => [{ title: APP_NAME }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request)
  return { user: user ? { name: user.name, role: user.role } : null }
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <AppShell user={data?.user ?? null}>{children}</AppShell>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

const MESSAGES: Record<number, { title: string; body: string }> = {
  403: { title: 'Not allowed', body: 'Your account does not have access to this page.' },
  404: { title: 'Page not found', body: 'We could not find that page. It may have moved, or the link may be wrong.' },
  413: { title: 'Too large', body: 'That was more than we can accept in one go.' },
}

export function ErrorBoundary() {
  const error = useRouteError()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const message = MESSAGES[status] ?? {
    title: 'Something went wrong',
    body: 'Sorry, something went wrong on our side. Please try again in a moment.',
  }
  return (
    <div className="card mx-auto max-w-xl">
      <h1>{message.title}</h1>
      <p className="mt-2">{message.body}</p>
      <p className="mt-4">
        <a href="/">Go to your start page</a>
      </p>
    </div>
  )
}

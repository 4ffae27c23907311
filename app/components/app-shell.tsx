import { Form, NavLink } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Role } from '#db/schema'
import { clearAllDrafts } from './form-draft'
import { StatusButton } from './forms'
import { LanguageSwitch } from './language-switch'

export const APP_NAME = 'Weekly Groups'

/** Participant labels are i18n keys (`nav.home`); staff labels are English. */
type NavItem = { to: string; label: string }

/** Navigation by role. Participants see only their own pages (blinding: no programme names). */
export const NAV: Record<Role, NavItem[]> = {
  admin: [
    { to: '/admin/users', label: 'Users' },
    { to: '/cohorts', label: 'Cohorts' },
    { to: '/curriculum', label: 'Curriculum' },
    { to: '/settings', label: 'Settings' },
    { to: '/reports', label: 'Reports' },
    { to: '/admin/audit-log', label: 'Audit log' },
    { to: '/fidelity', label: 'Fidelity' },
  ],
  data_manager: [
    { to: '/admin/allocation', label: 'Allocation' },
    { to: '/cohorts', label: 'Cohorts' },
    { to: '/reports', label: 'Reports' },
    { to: '/data/outcomes', label: 'Outcomes' },
    { to: '/data/consort', label: 'CONSORT' },
    { to: '/data/exports', label: 'Exports' },
    { to: '/admin/audit-log', label: 'Audit log' },
  ],
  coordinator: [
    { to: '/cohorts', label: 'Cohorts' },
    { to: '/curriculum', label: 'Curriculum' },
    { to: '/reports', label: 'Reports' },
    { to: '/screening/criteria', label: 'Screening' },
  ],
  supervisor: [
    { to: '/fidelity', label: 'Audit queue' },
    { to: '/cohorts', label: 'Cohorts' },
    { to: '/curriculum', label: 'Curriculum' },
    { to: '/reports', label: 'Reports' },
  ],
  facilitator: [
    { to: '/groups', label: 'My groups' },
    { to: '/curriculum', label: 'Curriculum' },
  ],
  participant: [
    { to: '/me', label: 'nav.home' },
    { to: '/me/practice', label: 'nav.practice' },
    { to: '/me/check-in', label: 'nav.checkIn' },
    { to: '/me/support', label: 'nav.support' },
  ],
}

export function AppShell({
  user,
  path,
  children,
}: {
  user: { name: string; role: Role } | null
  /** the current page (path and query), for the language switch to come back to */
  path: string
  children: ReactNode
}) {
  const { t } = useTranslation()
  // Staff pages are English; participants and people not signed in can switch language.
  const translated = !user || user.role === 'participant'
  const tr = (key: string, english: string) => (translated ? t(key) : english)
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-white focus:p-2"
      >
        {tr('app.skip', 'Skip to content')}
      </a>
      <header className="no-print border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <a href="/" className="text-lg font-bold text-brand-800 no-underline">
            {tr('app.name', APP_NAME)}
          </a>
          {user ? (
            <nav
              aria-label={tr('app.mainNav', 'Main')}
              className="order-last flex w-full flex-wrap gap-x-2 gap-y-1 sm:order-none sm:w-auto sm:flex-1 sm:gap-x-4"
            >
              {NAV[user.role].map((item) => (
                <NavLink
                  key={item.to}
                  to={item.to}
                  end={item.to === '/me'}
                  className={({ isActive }) =>
                    `rounded px-2 py-2 font-medium no-underline ${isActive ? 'bg-brand-50 text-brand-800' : 'text-slate-800 hover:bg-slate-100'}`
                  }
                >
                  {translated ? t(item.label) : item.label}
                </NavLink>
              ))}
            </nav>
          ) : (
            <div className="flex-1" />
          )}
          {user ? (
            <Form method="post" action="/logout" className="ml-auto flex items-center gap-3" onSubmit={clearAllDrafts}>
              <NavLink
                to="/account"
                className="rounded px-2 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100"
              >
                <span className="sr-only">{tr('app.myAccount', 'My account:')} </span>
                {user.name}
              </NavLink>
              <StatusButton formAction="/logout" pendingText="…" className="btn-secondary min-h-[40px] py-1 text-sm">
                {tr('app.signOut', 'Sign out')}
              </StatusButton>
            </Form>
          ) : null}
          {translated ? <LanguageSwitch path={path} /> : null}
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        {children}
      </main>
    </div>
  )
}

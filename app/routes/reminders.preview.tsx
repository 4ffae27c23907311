import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { authorize } from '~/auth/authorize.server'
import { previewReminders } from '~/domain/reminders.server'

/** Staff read the wording of every reminder in both languages (issue 13), with sample values. */
export const meta: MetaFunction = () => [{ title: 'Reminder wording · Weekly Groups' }]

const TEMPLATE_LABEL = {
  meeting_tomorrow: 'The day before a meeting',
  meeting_tomorrow_checkin: 'The day before a meeting (check-in-only track, from week 9)',
  survey_open: 'Weekly check-in questions open',
  survey_closing: 'Last day for the check-in questions',
} as const

export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request, 'cohort:read')
  return { en: previewReminders('en'), es: previewReminders('es') }
}

export default function ReminderPreview() {
  const { en, es } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-6">
      <div>
        <h1>Reminder wording</h1>
        <p className="text-slate-700">
          What participants receive by email, in English and Spanish, with a sample meeting time (shown in each
          person&apos;s own time zone and language). Each email also carries a one-click unsubscribe for its kind.
        </p>
      </div>
      {en.map((message, i) => (
        <section key={message.template} className="card" aria-labelledby={`t-${message.template}`}>
          <h2 id={`t-${message.template}`}>{TEMPLATE_LABEL[message.template]}</h2>
          <div className="mt-2 grid gap-4 md:grid-cols-2">
            {[
              { lang: 'English', m: message, code: 'en' },
              { lang: 'Spanish', m: es[i], code: 'es' },
            ].map(({ lang, m, code }) => (
              <div key={lang} lang={code}>
                <h3 className="font-semibold">{lang}</h3>
                <p>
                  <span className="font-semibold">Subject:</span> {m.subject}
                </p>
                <pre className="mt-1 whitespace-pre-wrap font-sans text-sm">{m.text}</pre>
              </div>
            ))}
          </div>
        </section>
      ))}
    </div>
  )
}

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { authorize } from '~/auth/authorize.server'
import { listGuides, listLessons } from '~/content/content.server'
import { PHASES } from '~/content/schema'
import { ARM_DIRECTORY, ARM_LABEL } from '~/domain/arms'
import { useLinkClicks } from '~/utils/link-clicks'

export const meta: MetaFunction = () => [{ title: 'Curriculum · Weekly Groups' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request, 'curriculum:read')
  const summarize = (arm: 'mrocc' | 'recovery_support') =>
    listLessons(arm).map((l) => ({
      week: l.week,
      title: l.title,
      phase: l.phase,
      minutes: l.agenda.reduce((s, a) => s + a.minutes, 0),
    }))
  const guides = (arm: 'mrocc' | 'recovery_support') =>
    listGuides(arm).map((g) => ({ slug: g.slug, title: g.title, minutes: g.minutes }))
  return {
    mrocc: summarize('mrocc'),
    recoverySupport: summarize('recovery_support'),
    guides: { mrocc: guides('mrocc'), recovery_support: guides('recovery_support') },
  }
}

const phaseLabel = (arm: 'mrocc' | 'recovery_support', id: string) => PHASES[arm].find((p) => p.id === id)?.label ?? id

export default function Curriculum() {
  const data = useLoaderData<typeof loader>()
  // About 180 links: plain anchors, navigating like <Link>s through one handler (ADR 007).
  const onLinkClick = useLinkClicks()
  return (
    <div className="space-y-6" onClick={onLinkClick}>
      <div>
        <h1>Curriculum</h1>
        <p className="mt-1 text-slate-700">
          Both 24-week curricula, week by week. Each week's two sessions must have the same total minutes (time and
          attention matching).
        </p>
      </div>
      <div className="card overflow-x-auto">
        <table className="table">
          <caption className="sr-only">Lessons by week, both arms side by side</caption>
          <thead>
            <tr>
              <th scope="col">Week</th>
              <th scope="col">{ARM_LABEL.mrocc}</th>
              <th scope="col">Minutes</th>
              <th scope="col">{ARM_LABEL.recovery_support}</th>
              <th scope="col">Minutes</th>
              <th scope="col">Matched</th>
            </tr>
          </thead>
          <tbody>
            {data.mrocc.map((m, i) => {
              const r = data.recoverySupport[i]
              const matched = r && r.minutes === m.minutes
              return (
                <tr key={m.week}>
                  <th scope="row">{m.week}</th>
                  <td>
                    <a href={`/curriculum/${ARM_DIRECTORY.mrocc}/${m.week}`}>{m.title}</a>
                    <div className="text-xs text-slate-700">{phaseLabel('mrocc', m.phase)}</div>
                  </td>
                  <td>{m.minutes}</td>
                  <td>
                    {r ? <a href={`/curriculum/${ARM_DIRECTORY.recovery_support}/${r.week}`}>{r.title}</a> : '—'}
                    {r ? <div className="text-xs text-slate-700">{phaseLabel('recovery_support', r.phase)}</div> : null}
                  </td>
                  <td>{r?.minutes ?? '—'}</td>
                  <td>
                    {matched ? (
                      <span className="font-semibold text-green-800">✓ Yes</span>
                    ) : (
                      <span className="font-semibold text-red-800">✗ No</span>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      <div className="grid gap-6 md:grid-cols-2">
        {(['mrocc', 'recovery_support'] as const).map((arm) => (
          <section key={arm} className="card" aria-labelledby={`guides-${arm}`}>
            <h2 id={`guides-${arm}`}>{ARM_LABEL[arm]} practice guides</h2>
            <ul className="mt-2 space-y-1">
              {data.guides[arm].map((g) => (
                <li key={g.slug}>
                  <a href={`/curriculum/practices/${g.slug}`}>{g.title}</a>{' '}
                  <span className="text-sm text-slate-700">({g.minutes} min)</span>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </div>
  )
}

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { authorize } from '~/auth/authorize.server'
import { BarChart } from '~/components/charts'
import { ARM_LABEL } from '~/domain/arms'
import { continuationReport } from '~/domain/reports.server'

export const meta: MetaFunction = () => [{ title: 'Reports · Weekly Groups' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request, 'reports:read')
  return continuationReport()
}

const pct = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 100))

export default function Reports() {
  const { arms } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-6">
      <div>
        <h1>Continuation after week 8</h1>
        <p className="mt-1 max-w-3xl text-slate-700">
          Share of everyone randomized who chose to continue into the intensive phase, in cohorts that have reached week
          9. Gaps between groups of people are a signal to look at how the offer is made and what gets in the way.
        </p>
      </div>
      {arms.length === 0 ? <p className="card">No cohort has reached week 9 yet.</p> : null}
      {arms.map((a) => (
        <section key={a.arm} className="card space-y-4" aria-labelledby={`arm-${a.arm}`}>
          <h2 id={`arm-${a.arm}`}>
            {ARM_LABEL[a.arm]}: {pct(a.overall.continued, a.overall.randomized) ?? '—'}% continued (
            {a.overall.continued} of {a.overall.randomized})
          </h2>
          {a.breakdowns.map((b) => (
            <div key={b.id}>
              <h3>By {b.label.toLowerCase()}</h3>
              <BarChart
                title={`${ARM_LABEL[a.arm]}: continued (%) by ${b.label.toLowerCase()}`}
                description={b.rates
                  .map((r) => `${r.category}: ${pct(r.continued, r.randomized)}% of ${r.randomized}`)
                  .join('; ')}
                categories={b.rates.map((r) => r.category)}
                series={[{ label: 'Continued (%)', values: b.rates.map((r) => pct(r.continued, r.randomized)) }]}
                max={100}
                height={170}
              />
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{b.label}</th>
                    <th scope="col">Randomized</th>
                    <th scope="col">Continued</th>
                    <th scope="col">%</th>
                  </tr>
                </thead>
                <tbody>
                  {b.rates.map((r) => (
                    <tr key={r.category}>
                      <td>{r.category}</td>
                      <td>{r.randomized}</td>
                      <td>{r.continued}</td>
                      <td>{pct(r.continued, r.randomized) ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </section>
      ))}
    </div>
  )
}

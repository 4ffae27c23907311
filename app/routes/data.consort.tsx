import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { audit } from '~/auth/audit.server'
import { authorize } from '~/auth/authorize.server'
import { ConsortDiagram, consortLines } from '~/components/consort'
import { ARM_LABEL } from '~/domain/arms'
import { consortReport } from '~/domain/screening.server'

export const meta: MetaFunction = () => [{ title: 'CONSORT flow · Weekly Groups' }]

const kindLabel = (kind: string) => (kind === 'inclusion' ? 'Inclusion not met' : 'Exclusion applies')

/** The CONSORT flow of the whole programme, by arm: the data manager's (`outcomes:by_arm`). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, 'outcomes:by_arm')
  const { counts } = consortReport()
  audit({ actorId: user.id, action: 'consort.view', entity: 'consort', detail: `randomized=${counts.randomized}` })
  return { counts }
}

export default function Consort() {
  const { counts } = useLoaderData<typeof loader>()
  const lines = consortLines(counts, kindLabel)
  return (
    <div className="space-y-6">
      <div className="print:hidden">
        <h1>CONSORT flow diagram</h1>
        <p className="mt-1 max-w-3xl text-slate-700">
          Drawn from the screening log, enrolment, randomization, attendance, the week-8 decisions and the week-24
          measures. Unblinded (counts by arm): for the data manager. To print, use your browser&apos;s Print command;
          the figure prints on its own.
        </p>
      </div>
      <figure className="card print:border-0 print:p-0">
        <ConsortDiagram lines={lines} title="CONSORT flow diagram of the programme" />
        <figcaption className="mt-2 text-sm">
          Lost to follow-up: not withdrawn, cohort finished, no week-24 assessment. Discontinued: withdrew, or chose not
          to continue after week 8 (still followed up). Analysed: everyone allocated (intention-to-treat).
        </figcaption>
      </figure>
      <section className="card print:break-before-page" aria-labelledby="consort-table">
        <h2 id="consort-table">The same counts as a table</h2>
        <table className="table">
          <caption className="sr-only">CONSORT counts, enrolment</caption>
          <tbody>
            <tr>
              <th scope="row">Assessed for eligibility</th>
              <td>{counts.assessed}</td>
            </tr>
            {counts.unscreenedRandomized ? (
              <tr>
                <th scope="row">… of whom randomized with no screening-log entry</th>
                <td>{counts.unscreenedRandomized}</td>
              </tr>
            ) : null}
            <tr>
              <th scope="row">Excluded</th>
              <td>{counts.excluded.total}</td>
            </tr>
            <tr>
              <th scope="row">Not meeting criteria</th>
              <td>{counts.excluded.notEligible.total}</td>
            </tr>
            {counts.excluded.notEligible.byCriterion.map((c) => (
              <tr key={c.id}>
                <th scope="row" className="pl-6 font-normal">
                  {c.kind === 'inclusion' ? 'Inclusion not met' : 'Exclusion applies'}: {c.text}
                </th>
                <td>{c.n}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">Declined to participate</th>
              <td>{counts.excluded.declined}</td>
            </tr>
            <tr>
              <th scope="row">Other reasons</th>
              <td>{counts.excluded.other.total}</td>
            </tr>
            {counts.excluded.other.reasons.map((r) => (
              <tr key={r.reason}>
                <th scope="row" className="pl-6 font-normal">
                  {r.reason}
                </th>
                <td>{r.n}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">Randomized</th>
              <td>{counts.randomized}</td>
            </tr>
          </tbody>
        </table>
        {counts.arms.length ? (
          <table className="table mt-4">
            <caption className="sr-only">CONSORT counts by arm</caption>
            <thead>
              <tr>
                <th scope="col">Stage</th>
                {counts.arms.map((a) => (
                  <th key={a.arm} scope="col">
                    {ARM_LABEL[a.arm]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(
                [
                  ['Allocated', (a) => a.allocated],
                  ['Received allocated intervention', (a) => a.received],
                  ['Did not receive allocated intervention', (a) => a.notReceived],
                  ['Week 8: chose to continue', (a) => a.continuation.continue],
                  ['Week 8: chose not to continue', (a) => a.continuation.decline],
                  ['Week 8: undecided', (a) => a.continuation.undecided],
                  ['Week 8: not eligible for the offer', (a) => a.continuation.not_eligible],
                  ['Week 8: not offered', (a) => a.continuation.not_offered],
                  ['Week 8: no decision recorded', (a) => a.continuation.no_record],
                  ['Lost to follow-up', (a) => a.lostToFollowUp.total],
                  ['Discontinued intervention', (a) => a.discontinued.total],
                  ['Analysed (intention-to-treat)', (a) => a.analysed],
                  ['With primary-outcome data', (a) => a.withPrimaryData],
                  ['Excluded from analysis', (a) => a.excludedFromAnalysis],
                ] as [string, (a: (typeof counts.arms)[number]) => number][]
              ).map(([label, get]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {counts.arms.map((a) => (
                    <td key={a.arm}>{get(a)}</td>
                  ))}
                </tr>
              ))}
              <tr>
                <th scope="row">Reasons for discontinuing and loss to follow-up</th>
                {counts.arms.map((a) => (
                  <td key={a.arm}>
                    {[...a.discontinued.reasons, ...a.lostToFollowUp.reasons]
                      .map((r) => `${r.reason} (${r.n})`)
                      .join('; ') || '—'}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  )
}

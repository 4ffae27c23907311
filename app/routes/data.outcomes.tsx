import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { auditParticipantsShown } from '~/auth/audit.server'
import { authorize } from '~/auth/authorize.server'
import { BarChart, LineChart } from '~/components/charts'
import { ARM_LABEL } from '~/domain/arms'
import type { Summary } from '~/domain/outcomes'
import { outcomeReport } from '~/domain/outcomes-report.server'
import { pageParam } from '~/utils/params'

export const meta: MetaFunction = () => [{ title: 'Trial outcomes · Weekly Groups' }]

/**
 * The data manager's outcome report: outcomes compared by arm (ADR 010, issue 11). Only
 * `outcomes:by_arm` opens it; investigators and supervisors stay blind to outcome by arm.
 * The participants listed on the page are written to the audit log.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, 'outcomes:by_arm')
  const page = pageParam(request)
  const report = outcomeReport(page)
  await auditParticipantsShown(
    { actorId: user.id, action: 'outcomes:by_arm', entity: 'outcome_report', detail: `page=${report.page}` },
    report.participants.map((p) => p.id),
  )
  return report
}

const fmt = (v: number | null | undefined, digits = 1) => (v == null ? '—' : v.toFixed(digits))
const meanSd = (s: Summary) => (s.mean === null ? '—' : `${fmt(s.mean, 2)}${s.sd === null ? '' : ` (${fmt(s.sd, 2)})`}`)

const CONTINUATION_LABEL: Record<string, string> = {
  continue: 'Continued',
  decline: 'Declined',
  undecided: 'Undecided',
  not_eligible: 'Not eligible',
  not_offered: 'Not offered',
  no_record: 'No record',
}

const counts = (c: { abstinent: number; nonAbstinent: number; missing: number; pending: number }) =>
  `${c.abstinent} / ${c.nonAbstinent} / ${c.missing}${c.pending ? ` (+${c.pending} pending)` : ''}`

/** The trial's primary outcome and its two secondaries, in the order the table shows them. */
const SUBSTANCES = [
  ['Opioid', 'opioids'],
  ['Benzodiazepine', 'benzodiazepines'],
  ['Cocaine', 'cocaine'],
] as const

export default function Outcomes() {
  const { arms, cravingByWeek, participants, total, page, pages } = useLoaderData<typeof loader>()
  const weeks = [...new Set(Object.values(cravingByWeek).flatMap((rows) => rows.map((r) => r.week)))].sort(
    (a, b) => a - b,
  )
  const cravingSeries = arms.map((a) => ({
    label: ARM_LABEL[a.arm],
    values: weeks.map((w) => {
      const m = cravingByWeek[a.arm]?.find((r) => r.week === w)?.score.mean
      return m == null ? null : Math.round(m * 100) / 100
    }),
  }))
  return (
    <div className="space-y-6">
      <div>
        <h1>Trial outcomes by arm</h1>
        <p className="mt-1 max-w-3xl rounded-md border border-amber-600 bg-amber-50 p-3">
          Unblinded: outcomes compared by arm are for the data manager only. Do not share them with investigators,
          supervisors or facilitators. Opening this page is recorded in the audit log.
        </p>
        <p className="mt-2 max-w-3xl text-slate-700">
          Primary outcome: 2-week periods in weeks 13–24 with no self-reported illicit opioid use and every test
          negative (ADR 010). Periods are shown as abstinent / non-abstinent / missing; missing periods are never
          counted as abstinent. Every randomized participant is included (intention-to-treat).
        </p>
      </div>

      {arms.length === 0 ? <p className="card">No one has been randomized yet.</p> : null}

      {arms.length ? (
        <section className="card space-y-3" aria-labelledby="by-arm">
          <h2 id="by-arm">Summary by arm</h2>
          <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Summary by arm (table)">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Measure</th>
                  {arms.map((a) => (
                    <th key={a.arm} scope="col">
                      {ARM_LABEL[a.arm]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <Row label="Randomized" values={arms.map((a) => a.randomized)} />
                <Row label="Withdrawn" values={arms.map((a) => a.withdrawn)} />
                {SUBSTANCES.flatMap(([label, key]) => [
                  <Row
                    key={`${key}-mean`}
                    label={`${label}-abstinent periods per person, mean (SD)`}
                    values={arms.map((a) => meanSd(a[key].abstinentPeriods))}
                  />,
                  <Row
                    key={`${key}-periods`}
                    label={`${label} periods: abstinent / non-abstinent / missing`}
                    values={arms.map((a) => counts(a[key].periods))}
                  />,
                ])}
                <Row label="Craving at baseline, mean (SD)" values={arms.map((a) => meanSd(a.cravingBaseline))} />
                <Row
                  label="Craving change from baseline (mean of later weeks), mean (SD)"
                  values={arms.map((a) => `${meanSd(a.cravingMeanChange)}, n = ${a.cravingMeanChange.n}`)}
                />
                <Row
                  label="Craving change at week 24, mean (SD)"
                  values={arms.map((a) => `${meanSd(a.cravingWeek24Change)}, n = ${a.cravingWeek24Change.n}`)}
                />
                <Row
                  label="Baseline PROMIS anxiety T > 55"
                  values={arms.map((a) => `${a.anxietyElevated} of ${a.anxietyBaselineKnown} with a baseline`)}
                />
                {[0, 8, 16, 24].map((w) => (
                  <Row
                    key={w}
                    label={`PROMIS T at week ${w} (baseline T > 55), mean (SD)`}
                    values={arms.map((a) => `${meanSd(a.anxietyElevatedT[w])}, n = ${a.anxietyElevatedT[w].n}`)}
                  />
                ))}
                <Row label="Adherent (15+ of 24 sessions)" values={arms.map((a) => a.adherent)} />
                {Object.keys(CONTINUATION_LABEL).map((code) => (
                  <Row
                    key={code}
                    label={`Week-8 continuation: ${CONTINUATION_LABEL[code].toLowerCase()}`}
                    values={arms.map((a) => a.continuation[code as keyof typeof a.continuation])}
                  />
                ))}
              </tbody>
            </table>
          </div>
          <BarChart
            title="Opioid-abstinent 2-week periods in weeks 13–24, mean per participant, by arm"
            description={arms.map((a) => `${ARM_LABEL[a.arm]}: ${meanSd(a.opioids.abstinentPeriods)}`).join('; ')}
            categories={arms.map((a) => ARM_LABEL[a.arm])}
            series={[
              {
                label: 'Mean abstinent periods',
                values: arms.map((a) =>
                  a.opioids.abstinentPeriods.mean === null
                    ? null
                    : Math.round(a.opioids.abstinentPeriods.mean * 100) / 100,
                ),
              },
            ]}
            max={6}
            height={170}
          />
          {weeks.length ? (
            <LineChart
              title="Mean Opioid Craving Scale score by week, by arm"
              description={cravingSeries
                .map((s) => `${s.label}: ${s.values.map((v, i) => `week ${weeks[i]} ${v ?? 'no data'}`).join(', ')}`)
                .join('; ')}
              categories={weeks}
              series={cravingSeries}
              max={10}
            />
          ) : null}
        </section>
      ) : null}

      {total ? (
        <section className="card space-y-3" aria-labelledby="people">
          <h2 id="people">
            Per participant ({total}; page {page} of {pages})
          </h2>
          <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Outcomes per participant (table)">
            <table className="table text-sm">
              <caption className="sr-only">
                Outcomes per participant. Periods: abstinent / non-abstinent / missing in weeks 13–24.
              </caption>
              <thead>
                <tr>
                  <th scope="col">Study ID</th>
                  <th scope="col">Cohort</th>
                  <th scope="col">Arm</th>
                  <th scope="col">Opioids (primary)</th>
                  <th scope="col">Benzodiazepines</th>
                  <th scope="col">Cocaine</th>
                  <th scope="col">Craving baseline</th>
                  <th scope="col">Craving change (mean)</th>
                  <th scope="col">PROMIS T wk 0 / 8 / 16 / 24</th>
                  <th scope="col">Baseline T &gt; 55</th>
                  <th scope="col">Sessions attended</th>
                  <th scope="col">Adherent</th>
                  <th scope="col">Continuation</th>
                </tr>
              </thead>
              <tbody>
                {participants.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.studyId}</th>
                    <td>{p.cohortName}</td>
                    <td>{ARM_LABEL[p.arm]}</td>
                    <td>{counts(p.opioids.counts)}</td>
                    <td>{counts(p.benzodiazepines.counts)}</td>
                    <td>{counts(p.cocaine.counts)}</td>
                    <td>{fmt(p.craving.baseline, 2)}</td>
                    <td>{fmt(p.craving.meanChange, 2)}</td>
                    <td>{[0, 8, 16, 24].map((w) => fmt(p.anxiety.t[w])).join(' / ')}</td>
                    <td>
                      {p.anxiety.elevatedBaseline === null ? 'Unknown' : p.anxiety.elevatedBaseline ? 'Yes' : 'No'}
                    </td>
                    <td>{p.attended}</td>
                    <td>{p.adherent ? 'Yes' : 'No'}</td>
                    <td>{CONTINUATION_LABEL[p.continuation]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pages > 1 ? (
            <nav aria-label="Pages" className="flex gap-4">
              {page > 1 ? <Link to={`?page=${page - 1}`}>Previous page</Link> : null}
              {page < pages ? <Link to={`?page=${page + 1}`}>Next page</Link> : null}
            </nav>
          ) : null}
        </section>
      ) : null}
    </div>
  )
}

function Row({ label, values }: { label: string; values: (string | number)[] }) {
  return (
    <tr>
      <th scope="row" className="font-normal">
        {label}
      </th>
      {values.map((v, i) => (
        <td key={i}>{v}</td>
      ))}
    </tr>
  )
}

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ARMS, type Arm } from '#db/schema'
import { authorize } from '~/auth/authorize.server'
import { LineChart } from '~/components/charts'
import type { Estimate } from '~/domain/agreement'
import { ARM_LABEL } from '~/domain/arms'
import { competenceScale } from '~/domain/fidelity'
import {
  adherenceTrends,
  proscribedIncidents,
  raterAgreement,
  selfVsRater,
  trendSeries,
  type ReportAudit,
} from '~/domain/fidelity-reports'
import { auditsForReports } from '~/domain/fidelity.server'

export const meta: MetaFunction = () => [{ title: 'Fidelity reports · Weekly Groups' }]

/**
 * Fidelity reports for supervisors (ADR 014): per arm by design (each arm has its own items and
 * competence scale), and nothing about outcomes.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request, 'fidelity:manage')
  const audits: ReportAudit[] = auditsForReports().map((r) => ({
    auditId: r.audit.id,
    meetingId: r.meetingId,
    scheduledAt: r.scheduledAt,
    week: r.week,
    arm: r.arm,
    groupName: r.groupName,
    facilitators: r.facilitators,
    rater: r.rater,
    raterId: r.audit.raterId,
    itemIds: r.lesson?.fidelity.map((f) => f.id) ?? Object.keys(r.audit.itemRatings),
    domainIds: r.lesson?.competence.map((c) => c.id) ?? [],
    proscribed: r.lesson?.proscribed ?? [],
    itemRatings: r.audit.itemRatings,
    domainRatings: r.audit.domainRatings,
    proscribedObserved: r.audit.proscribedObserved,
    selfChecked: r.selfChecked,
  }))
  const trends = adherenceTrends(audits)
  return {
    audits: audits.length,
    arms: ARMS.map((arm) => ({
      arm,
      label: ARM_LABEL[arm],
      scale: competenceScale(arm),
      adherence: trendSeries(trends, arm, 'adherence'),
      competence: trendSeries(trends, arm, 'competence'),
      rows: trends.filter((t) => t.arm === arm),
      agreement: raterAgreement(audits, arm),
    })),
    incidents: proscribedIncidents(audits).map((i) => ({ ...i, arm: ARM_LABEL[i.arm as Arm] })),
    selfVsRater: selfVsRater(audits).map((s) => ({ ...s, arm: ARM_LABEL[s.arm] })),
  }
}

const REASON: Record<string, string> = {
  'no-pairs': 'no double-rated items yet',
  'single-category': 'undefined: every rating was the same',
  'too-few-targets': 'needs at least 2 double-rated sessions',
  'too-few-raters': 'needs two raters',
  'no-variance': 'undefined: no variation in the ratings',
}
function estimate(e: Estimate, format: (v: number) => string) {
  return e.value === null ? <span className="text-slate-700">— ({REASON[e.reason] ?? e.reason})</span> : format(e.value)
}
const pct = (v: number) => `${Math.round(v * 100)}%`
const two = (v: number) => v.toFixed(2)

export default function FidelityReports() {
  const d = useLoaderData<typeof loader>()
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link to="/fidelity">Audit queue</Link>
        </p>
        <h1>Fidelity reports</h1>
        <p className="text-slate-700">
          {d.audits} audits. Fidelity is reported per arm (each arm has its own items and competence scale); these pages
          show no participant outcomes. Where a session was rated twice, the first rating counts in adherence and
          competence and both in agreement.
        </p>
      </div>
      {d.arms.map((a) => (
        <section key={a.arm} className="card space-y-4" aria-labelledby={`arm-${a.arm}`}>
          <h2 id={`arm-${a.arm}`}>{a.label}</h2>
          {a.rows.length ? (
            <>
              <LineChart
                title={`${a.label}: adherence by month (%)`}
                description={`Mean adherence per facilitator per month, ${a.label}. The numbers are in the table below.`}
                categories={a.adherence.periods}
                series={a.adherence.series.slice(0, 4)}
                min={0}
                max={100}
              />
              <LineChart
                title={`${a.label}: competence by month (${a.scale.name})`}
                description={`Mean competence per facilitator per month on the ${a.scale.name} scale. The numbers are in the table below.`}
                categories={a.competence.periods}
                series={a.competence.series.slice(0, 4)}
                min={a.scale.min}
                max={a.scale.max}
              />
              <div className="overflow-x-auto">
                <table className="table">
                  <caption className="text-left font-semibold">
                    {a.label}: adherence and competence per facilitator and month
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Facilitator</th>
                      <th scope="col">Month</th>
                      <th scope="col">Sessions audited</th>
                      <th scope="col">Adherence</th>
                      <th scope="col">
                        Competence ({a.scale.min}–{a.scale.max})
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.rows.map((r) => (
                      <tr key={`${r.facilitatorId}-${r.period}`}>
                        <td>{r.facilitator}</td>
                        <td>{r.period}</td>
                        <td>{r.sessions}</td>
                        <td>{r.adherence === null ? '—' : `${r.adherence}%`}</td>
                        <td>{r.competence ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <p>No audits yet.</p>
          )}
          <h3 className="font-semibold">Agreement between raters</h3>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4">
            <dt>Sessions rated twice</dt>
            <dd>{a.agreement.sessions}</dd>
            <dt>Item ratings paired</dt>
            <dd>{a.agreement.itemPairs}</dd>
            <dt>Percentage agreement (items)</dt>
            <dd>{estimate(a.agreement.percent, pct)}</dd>
            <dt>Cohen’s kappa (items: yes / partly / no)</dt>
            <dd>{estimate(a.agreement.kappa, two)}</dd>
            <dt>ICC(1,1) (mean competence per session)</dt>
            <dd>{estimate(a.agreement.icc, two)}</dd>
          </dl>
        </section>
      ))}
      <section className="card overflow-x-auto" aria-labelledby="incidents-heading">
        <h2 id="incidents-heading">Proscribed-item incidents</h2>
        {d.incidents.length ? (
          <table className="table mt-2">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Arm</th>
                <th scope="col">Group, week</th>
                <th scope="col">Facilitators</th>
                <th scope="col">Observed</th>
                <th scope="col">Rater</th>
              </tr>
            </thead>
            <tbody>
              {d.incidents.map((i, n) => (
                <tr key={n}>
                  <td>{i.date}</td>
                  <td>{i.arm}</td>
                  <td>
                    {i.groupName}, week {i.week}
                  </td>
                  <td>{i.facilitators}</td>
                  <td>{i.item}</td>
                  <td>{i.rater}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>No proscribed items observed.</p>
        )}
      </section>
      <section className="card overflow-x-auto" aria-labelledby="self-heading">
        <h2 id="self-heading">Facilitator’s checklist against the rater</h2>
        {d.selfVsRater.length ? (
          <table className="table mt-2">
            <thead>
              <tr>
                <th scope="col">Facilitator</th>
                <th scope="col">Arm</th>
                <th scope="col">Sessions</th>
                <th scope="col">Agreement</th>
                <th scope="col">Ticked, rater saw not delivered</th>
                <th scope="col">Not ticked, rater saw delivered</th>
              </tr>
            </thead>
            <tbody>
              {d.selfVsRater.map((s) => (
                <tr key={`${s.arm}-${s.facilitator}`}>
                  <td>{s.facilitator}</td>
                  <td>{s.arm}</td>
                  <td>{s.sessions}</td>
                  <td>{s.agreement === null ? '—' : `${s.agreement}%`}</td>
                  <td>{s.tickedNotSeen}</td>
                  <td>{s.seenNotTicked}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>No audits yet.</p>
        )}
      </section>
    </div>
  )
}

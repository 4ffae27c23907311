import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireParticipant } from '~/auth/participant.server'
import { LineChart } from '~/components/charts'
import { cravingSeries } from '~/domain/check-in'
import { ownCheckInHistory } from '~/domain/check-in.server'
import { formatCalendarDate } from '~/i18n/format'
import { pageTitle } from '~/i18n/i18n.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'My past answers' }]

/**
 * The participant's own past check-ins, read-only: date in words, craving score, the use answers,
 * whether the longer survey was done (never its score). Only their own rows (requireParticipant).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireParticipant(request)
  const { rows, baselineDone } = ownCheckInHistory(me)
  return {
    title: pageTitle(me.locale, 'history.title'),
    baselineDone,
    rows: rows.map((r) => ({ ...r, day: formatCalendarDate(r.date, me.locale) })),
  }
}

export default function CheckInHistory() {
  const d = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const number = (n: number) => n.toLocaleString(i18n.language, { maximumFractionDigits: 1 })
  const chart = cravingSeries(d.rows)
  const answered = d.rows.filter((r) => r.status === 'answered')
  const pointText = (r: (typeof d.rows)[number]) =>
    r.craving !== null
      ? t('history.chartPoint', { week: r.week, score: number(r.craving) })
      : t('history.chartMissed', { week: r.week })
  return (
    <div className="mx-auto max-w-2xl space-y-5 text-lg">
      <h1>{t('history.title')}</h1>
      <p className="text-base text-slate-700">{t('history.intro')}</p>
      {d.rows.length === 0 ? <p className="card">{t('history.none')}</p> : null}
      {answered.length ? (
        <section className="card" aria-labelledby="chart-heading">
          <h2 id="chart-heading">{t('history.chartHeading')}</h2>
          <LineChart
            title={t('history.chartTitle')}
            description={d.rows.map(pointText).join(', ')}
            categories={chart.weeks}
            series={[{ label: t('history.cravingSeries'), values: chart.values }]}
            max={10}
            width={360}
            gaps
          />
          <p className="text-base text-slate-700">{t('history.chartGaps')}</p>
        </section>
      ) : null}
      {d.rows.length ? (
        <section className="card" aria-labelledby="table-heading">
          <h2 id="table-heading">{t('history.tableHeading')}</h2>
          <div className="mt-2 overflow-x-auto">
            <table className="w-full text-left text-base">
              <caption className="sr-only">{t('history.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('history.date')}</th>
                  <th scope="col">{t('history.craving')}</th>
                  <th scope="col">{t('history.use')}</th>
                </tr>
              </thead>
              <tbody>
                {[...d.rows].reverse().map((r) => (
                  <tr key={r.week} className="border-t border-slate-200 align-top">
                    <th scope="row" className="py-2 pr-2 font-normal">
                      <span className="font-semibold">{t('history.week', { week: r.week })}</span>
                      <br />
                      {r.day}
                    </th>
                    <td className="py-2 pr-2">
                      {r.status === 'answered' && r.craving !== null
                        ? t('history.score', { score: number(r.craving) })
                        : r.status === 'missed'
                          ? t('history.missed')
                          : t('history.open')}
                    </td>
                    <td className="py-2">
                      {r.usedOpioids === null ? '—' : r.usedOpioids ? t('history.usedYes') : t('history.usedNo')}
                      {r.otherSubstances.length ? (
                        <>
                          <br />
                          {t('history.others', {
                            list: r.otherSubstances.map((s) => t(`substances.${s}`)).join('; '),
                          })}
                        </>
                      ) : null}
                      {r.promisDone !== null ? (
                        <>
                          <br />
                          {r.promisDone ? t('history.promisDone') : t('history.promisNotDone')}
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {d.baselineDone ? <p className="mt-2 text-base">{t('history.baselineDone')}</p> : null}
        </section>
      ) : null}
      <p>
        <Link to="/me/check-in">{t('history.back')}</Link>
      </p>
    </div>
  )
}

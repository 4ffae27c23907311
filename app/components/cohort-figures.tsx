import type { Arm } from '#db/schema'
import { ARM_LABEL } from '~/domain/arms'
import { ADHERENCE_LABEL } from '~/domain/adherence'
import { DECISION_LABEL } from '~/domain/continuation'
import type { GroupProgress, ParticipantProgress } from '~/domain/progress'
import { describeWeekMatch, type WeekMatch } from '~/domain/time-matching'
import { describeToxPeriod } from '~/domain/toxicology'
import { BarChart, LineChart } from './charts'
import { AuditBadge } from './fidelity-feedback'

/**
 * The cohort page's figures: minutes per week and time matching, the week-8 decision funnel and
 * each group's attendance grid with adherence, track and toxicology. Drawn from the same data on
 * the server (once per data version, app/components/cohort-figures.server.tsx) and in the browser
 * after a client navigation, so its links are plain `<a>`s (the page makes their clicks navigate
 * like `<Link>`s) and it uses no router or other context.
 */
export type CohortFiguresData = {
  groups: (Omit<GroupProgress, 'participants'> & { participants: GridRow[] })[]
  timeMatch: {
    tolerance: number
    weeks: WeekMatch[]
    cumulative: { groupId: number; arm: Arm; weeks: { checkin: number; group: number }[] }[]
  }
  /** each audited or sampled session's audit status (for those who manage fidelity) */
  audits: Record<number, { sampled: boolean; status: string | null; raters: string[] }>
  /** links to audit each held session (for those who audit) */
  canAudit: boolean
  /** names link to the participant's record (not for those who may not open it: the data manager) */
  participantLinks: boolean
}

const ADHERENCE_CLASS: Record<string, string> = {
  adherent: 'text-green-900',
  'on-track': '',
  'at-risk': 'font-semibold text-amber-900',
  'cannot-reach': 'font-semibold text-red-800',
}

/**
 * The attendance grid, one letter per week: the attendance status, or the meeting's when it was
 * not held; ' ' nothing recorded, '.' not on the group roster that week (check-in only).
 */
export const GRID_CODE: Record<string, string> = {
  present: 'P',
  late: 'L',
  excused: 'E',
  absent: 'A',
  cancelled: 'C',
  missed: 'M',
}
/** Each letter's cell: the letter itself is the text (colour only repeats it); `.att` in tailwind.css. */
const GRID_CELL: Record<string, string> = {
  P: '<td class="w wP">P</td>',
  L: '<td class="w wL">L</td>',
  E: '<td class="w wE">E</td>',
  A: '<td class="w wA">A</td>',
  C: '<td class="w wC">C</td>',
  M: '<td class="w wC">M</td>',
  ' ': '<td class="w"></td>',
  '.': '<td class="w">·</td>',
}
const GRID_LEGEND = 'P present, L late, E excused, A absent, C meeting cancelled, M meeting missed, · check-in only'

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

/** A participant's row: their progress, with the grid up to this week as one letter per week (GRID_CODE). */
export type GridRow = Omit<ParticipantProgress, 'weeks'> & { grid: string }

/**
 * A group's attendance table body as markup: 24 people × 24 weeks of cells are most of the page,
 * and built as one string (the same on the server and in the browser) they cost a fraction of
 * rendering each cell through React. Column headers give each cell its week; the caption and the
 * legend give the letters.
 */
function gridBodyHtml(participants: GridRow[], links: boolean): string {
  let html = ''
  for (const p of participants) {
    const name = escapeHtml(p.name ?? p.studyId)
    html += `<tr><th scope="row" class="whitespace-nowrap font-normal">${links ? `<a href="/participants/${p.id}">${name}</a>` : name}</th>`
    for (const code of p.grid) html += GRID_CELL[code] ?? '<td class="w">?</td>'
    const track =
      p.status === 'withdrawn'
        ? 'Left the programme'
        : p.track === 'group'
          ? 'Group'
          : `Check-in only${p.decision ? ` (${DECISION_LABEL[p.decision].toLowerCase()})` : ''}`
    html +=
      `<td>${p.attended}/${p.held}</td>` +
      `<td class="${ADHERENCE_CLASS[p.adherence]}">${ADHERENCE_LABEL[p.adherence]}<span class="block font-normal text-slate-700">${p.stillAttendable} more possible</span></td>` +
      `<td>${track}${p.notOfferedFlag ? '<span class="block font-semibold text-red-800">⚠ Not offered yet (week 9 has started)</span>' : ''}</td>` +
      (p.toxMissing.length
        ? `<td class="font-semibold text-red-800">⚠ No test in period${p.toxMissing.length > 1 ? 's' : ''} ${p.toxMissing.map(describeToxPeriod).join(', ')}</td>`
        : '<td>Up to date</td>') +
      '</tr>'
  }
  return html
}

export function CohortFigures({
  week,
  groups,
  timeMatch,
  audits,
  canAudit,
  participantLinks,
}: CohortFiguresData & { week: number }) {
  const weeks = Array.from({ length: Math.max(week, 1) }, (_, i) => i + 1)
  const flaggedWeeks = timeMatch.weeks.filter((m) => m.flagged)
  return (
    <>
      <section className="card" aria-labelledby="minutes-heading">
        <h2 id="minutes-heading">Minutes delivered per week (time matching)</h2>
        <p className="text-sm text-slate-700">
          Both groups should get the same check-in and group minutes every week. Tolerance:{' '}
          {timeMatch.tolerance === 0 ? 'none (any difference is flagged)' : `${timeMatch.tolerance} min`}.
        </p>
        {groups.length < 2 ? (
          <p className="mt-1 text-sm text-slate-700">
            Time matching compares the cohort’s two groups; this page shows only the group you lead.
          </p>
        ) : null}
        {flaggedWeeks.length ? (
          <p className="mt-1 font-semibold text-red-800" role="note">
            ⚠ Not time-matched in week{flaggedWeeks.length > 1 ? 's' : ''} {flaggedWeeks.map((m) => m.week).join(', ')}.
          </p>
        ) : null}
        <div className="overflow-x-auto">
          <table className="table">
            <caption className="sr-only">Check-in and group minutes per week, by group</caption>
            <thead>
              <tr>
                <th scope="col">Week</th>
                {groups.map((g) => (
                  <th key={g.id} scope="col">
                    {ARM_LABEL[g.arm]} (check-in + group)
                  </th>
                ))}
                <th scope="col">Time matching</th>
              </tr>
            </thead>
            <tbody>
              {timeMatch.weeks.map((wm) => {
                const w = wm.week
                return (
                  <tr key={w}>
                    <th scope="row">{w}</th>
                    {groups.map((g) => {
                      const m = g.meetings.find((x) => x.week === w)
                      return (
                        <td key={g.id}>
                          {m?.status === 'held'
                            ? `${m.checkinMinutes ?? '?'} + ${m.groupMinutes ?? '?'} min`
                            : (m?.status ?? 'not recorded')}
                          {canAudit && m?.status === 'held' ? (
                            <>
                              {' '}
                              ·{' '}
                              <a href={`/meetings/${m.id}/audit`}>
                                Audit
                                <span className="sr-only">
                                  {' '}
                                  {ARM_LABEL[g.arm]} week {w}
                                </span>
                              </a>
                            </>
                          ) : null}
                          {m && audits[m.id] ? <AuditBadge {...audits[m.id]} /> : null}
                        </td>
                      )
                    })}
                    <td className={wm.flagged ? 'font-semibold text-red-800' : ''}>
                      {wm.flagged ? '⚠ ' : wm.status === 'matched' ? '✓ ' : ''}
                      {describeWeekMatch(wm)}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
        <h3 className="mt-4">Cumulative minutes per arm</h3>
        <LineChart
          title="Cumulative check-in and group minutes, by arm"
          description={timeMatch.cumulative
            .map((c) => {
              const last = c.weeks[c.weeks.length - 1]
              return `${ARM_LABEL[c.arm]}: ${last?.checkin ?? 0} check-in and ${last?.group ?? 0} group minutes through week ${week}`
            })
            .join('. ')}
          categories={weeks}
          markers={false}
          series={timeMatch.cumulative.flatMap((c) => [
            { label: `${ARM_LABEL[c.arm]} check-in`, values: c.weeks.map((x) => x.checkin) },
            { label: `${ARM_LABEL[c.arm]} group`, values: c.weeks.map((x) => x.group) },
          ])}
        />
        <div className="overflow-x-auto">
          <table className="table" data-testid="cumulative-minutes">
            <caption className="sr-only">Cumulative check-in and group minutes per arm, through each week</caption>
            <thead>
              <tr>
                <th scope="col">Through week</th>
                {timeMatch.cumulative.flatMap((c) => [
                  <th key={`${c.groupId}-c`} scope="col">
                    {ARM_LABEL[c.arm]} check-in
                  </th>,
                  <th key={`${c.groupId}-g`} scope="col">
                    {ARM_LABEL[c.arm]} group
                  </th>,
                ])}
              </tr>
            </thead>
            <tbody>
              {weeks.map((w) => (
                <tr key={w}>
                  <th scope="row">{w}</th>
                  {timeMatch.cumulative.flatMap((c) => [
                    <td key={`${c.groupId}-c`}>{c.weeks[w - 1]?.checkin ?? 0}</td>,
                    <td key={`${c.groupId}-g`}>{c.weeks[w - 1]?.group ?? 0}</td>,
                  ])}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {groups.some((g) => g.funnel) ? (
        <section className="card" aria-labelledby="funnel-heading">
          <h2 id="funnel-heading">Week-8 continuation decision</h2>
          {groups.map((g) => {
            const f = g.funnel
            if (!f) return null
            const notOffered = g.participants.filter((p) => f.notOfferedIds.includes(p.id))
            return (
              <div key={g.id} className="mt-2">
                <h3>
                  {ARM_LABEL[g.arm]}: {g.name}
                </h3>
                {f.flagNotOffered ? (
                  <p
                    className="mt-1 rounded border border-red-300 bg-red-50 p-2 font-semibold text-red-900"
                    role="note"
                  >
                    ⚠ Week 9 has started and {f.notOfferedYet} eligible participant
                    {f.notOfferedYet > 1 ? 's have' : ' has'} not been offered the choice to continue:{' '}
                    {notOffered.map((p) => p.name ?? p.studyId).join(', ')}.{' '}
                    <a href={`/groups/${g.id}/decisions`}>Record the decisions</a>
                  </p>
                ) : null}
                <BarChart
                  title={`Decision funnel, ${ARM_LABEL[g.arm]}`}
                  description={`Eligible ${f.eligible}, offered ${f.offered}, not offered yet ${f.notOfferedYet}, continued ${f.continued}, declined ${f.declined}, still deciding ${f.undecided}`}
                  categories={['Eligible', 'Offered', 'Not offered yet', 'Continued', 'Declined', 'Still deciding']}
                  series={[
                    {
                      label: 'Participants',
                      values: [f.eligible, f.offered, f.notOfferedYet, f.continued, f.declined, f.undecided],
                    },
                  ]}
                  height={150}
                />
                <p data-testid={`funnel-${g.arm}`}>
                  {f.counted} in the group: {f.notEligible} not eligible · eligible {f.eligible} → offered {f.offered} →
                  continued {f.continued} · declined {f.declined} · still deciding {f.undecided} · not offered yet{' '}
                  {f.notOfferedYet}
                </p>
              </div>
            )
          })}
        </section>
      ) : null}

      <div className="grid gap-6 xl:grid-cols-2">
        {groups.map((g) => (
          <section key={g.id} className="card overflow-x-auto" aria-labelledby={`group-${g.id}`}>
            <h2 id={`group-${g.id}`}>
              {g.name} <span className="text-base font-normal text-slate-700">({ARM_LABEL[g.arm]})</span>
            </h2>
            <p className="text-sm text-slate-700">
              Facilitators: {g.facilitators.join(', ') || 'none yet'} ·{' '}
              {g.meetings.filter((m) => m.status === 'held').length} meetings held · {g.participants.length}{' '}
              participants
            </p>
            <p className="mt-1 text-xs text-slate-700">{GRID_LEGEND}</p>
            <table className="table att mt-2 text-xs">
              <caption className="sr-only">
                Attendance for {g.name} by week: {GRID_LEGEND}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Participant</th>
                  {weeks.map((w) => (
                    <th key={w} scope="col" className="px-1 text-center">
                      <span className="sr-only">Week </span>
                      {w}
                    </th>
                  ))}
                  <th scope="col">Attended</th>
                  <th scope="col">Adherence</th>
                  <th scope="col">Track</th>
                  <th scope="col">Toxicology</th>
                </tr>
              </thead>
              <tbody dangerouslySetInnerHTML={{ __html: gridBodyHtml(g.participants, participantLinks) }} />
            </table>
          </section>
        ))}
      </div>
    </>
  )
}

import { renderToStaticMarkup } from 'react-dom/server'
import { auditStatusOfMeetings } from '~/domain/audit-queue.server'
import { cohortProgress, type ProgressScope } from '~/domain/progress.server'
import { localDate } from '~/domain/schedule'
import { cacheUntilDataChanges } from '~/utils/until-data-changes.server'
import { CohortFigures, GRID_CODE, type CohortFiguresData } from './cohort-figures'

export type CohortPageScope = ProgressScope & {
  /** each session's audit status (for those who manage fidelity) */
  auditStatus: boolean
  /** a link to audit each held session (for those who audit) */
  auditLinks: boolean
  /** each name links to the participant's record (for those who may open it) */
  participantLinks: boolean
}

function build(cohortId: number, scope: CohortPageScope, now: Date) {
  const progress = cohortProgress(cohortId, scope, now)
  if (!progress) return null
  // The grid up to the current week as one letter per week (GRID_CODE), not an object per cell.
  const shown = Math.max(progress.week, 1)
  const groups = progress.groups.map((g) => ({
    ...g,
    participants: g.participants.map(({ weeks, ...p }) => ({
      ...p,
      grid: weeks
        .slice(0, shown)
        .map((c) => (c.status ? (GRID_CODE[c.status] ?? '?') : c.onRoster ? ' ' : '.'))
        .join(''),
    })),
  }))
  const figures: CohortFiguresData = {
    groups,
    timeMatch: progress.timeMatch,
    audits: scope.auditStatus
      ? Object.fromEntries(auditStatusOfMeetings(groups.flatMap((g) => g.meetings.map((m) => m.id))))
      : {},
    canAudit: scope.auditLinks,
    participantLinks: scope.participantLinks,
  }
  let html: string | undefined
  return {
    cohort: progress.cohort,
    week: progress.week,
    /** the cohort-local date the figures were computed on (the week and the ended periods follow from it) */
    today: progress.today,
    unrandomized: progress.unrandomized,
    awaitingInvite: progress.awaitingInvite,
    figures,
    /** everyone the page names, for the audit log */
    participantIds: [
      ...groups.flatMap((g) => g.participants.map((p) => p.id)),
      ...progress.unrandomized.map((p) => p.id),
      ...progress.awaitingInvite.map((p) => p.id),
    ],
    /** the figures' markup, rendered the first time a document asks for it */
    html: () => (html ??= renderToStaticMarkup(<CohortFigures week={progress.week} {...figures} />)),
  }
}

export type CohortPage = NonNullable<ReturnType<typeof build>>

const cache = cacheUntilDataChanges<CohortPage | null>({ size: 64 })

/**
 * The cohort page's data and figures (null: no such cohort), computed once per data version,
 * scope and cohort-local day (ADR 018): the cohort page is the most viewed staff page and its
 * figures cost more than the rest of a request. Read-only: callers must not change what it returns.
 */
export function cohortPage(cohortId: number, scope: CohortPageScope, now = new Date()): CohortPage | null {
  const key = [
    cohortId,
    scope.onlyGroupsLedBy ?? '',
    scope.includeEnrolment,
    scope.auditStatus,
    scope.auditLinks,
    scope.participantLinks,
  ]
  return cache(
    key.join('|'),
    () => build(cohortId, scope, now),
    (page) => page !== null && localDate(now, page.cohort.timeZone) === page.today,
  )
}

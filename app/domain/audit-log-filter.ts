import { z } from 'zod'
import { isCalendarDate } from './calendar-date'

/**
 * The audit log viewer's filter (issue 11): who, what, which participant, when. One schema for
 * the page's GET form, its CSV export and the server query. Dates are calendar days in UTC, the
 * zone the log is written in.
 */
const day = z
  .string()
  .trim()
  .refine(isCalendarDate, 'Enter a real date as YYYY-MM-DD.')
  .refine((d) => d >= '2000-01-01' && d <= '2100-12-31', 'Enter a date between 2000 and 2100.')

export const AuditLogFilterSchema = z
  .object({
    /** part of the actor's name or email */
    actor: z.string().trim().max(120, 'Use at most 120 characters.').optional(),
    /** an action, or its prefix ("participant." finds every participant action) */
    action: z
      .string()
      .trim()
      .max(80, 'Use at most 80 characters.')
      .regex(/^[a-z_.]*$/, 'Actions are lower-case words joined by dots, like participant.read.')
      .optional(),
    studyId: z.string().trim().max(40, 'Use at most 40 characters.').optional(),
    from: day.optional(),
    to: day.optional(),
    page: z.number().int().min(1).max(100_000).optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    path: ['to'],
    message: 'The end date is before the start date.',
  })

export type AuditLogFilter = z.output<typeof AuditLogFilterSchema>

export const AUDIT_LOG_PAGE_SIZE = 100

/** The filter as it is written into the log when someone reads or exports it (no participant data, only the query). */
export function describeAuditFilter(f: AuditLogFilter): string {
  const parts = (['actor', 'action', 'studyId', 'from', 'to'] as const)
    .filter((k) => f[k])
    .map((k) => `${k}=${JSON.stringify(f[k])}`)
  return parts.length ? parts.join(' ') : 'all'
}

/** The filter as URL search params (for the export link and the pages), dropping empty values. */
export function auditFilterParams(f: AuditLogFilter, page?: number): URLSearchParams {
  const params = new URLSearchParams()
  for (const k of ['actor', 'action', 'studyId', 'from', 'to'] as const) if (f[k]) params.set(k, f[k]!)
  if (page && page > 1) params.set('page', String(page))
  return params
}

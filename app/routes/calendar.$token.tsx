import type { LoaderFunctionArgs } from '@remix-run/node'
import { calendarEventsFor, calendarFeedOwner } from '~/domain/calendar-feed.server'
import { i18nT } from '~/i18n/i18n.server'
import { renderIcs } from '~/utils/ics'

/**
 * A person's private calendar feed, /calendar/<secret>.ics (issue 13). Calendar apps cannot sign
 * in: the secret in the URL is the credential (its hash is stored; the person can replace it on
 * /account/calendar). An unknown or replaced secret is a plain 404 that says nothing more.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const raw = params.token ?? ''
  const owner = calendarFeedOwner(raw.endsWith('.ics') ? raw.slice(0, -'.ics'.length) : raw)
  if (!owner) throw new Response('Not found\n', { status: 404, headers: { 'Content-Type': 'text/plain' } })
  // Staff feeds are English, like staff pages; participants' follow their language.
  const t = i18nT(owner.role === 'participant' ? owner.locale : 'en')
  const events = calendarEventsFor(owner, new URL(request.url).origin, {
    checkIn: (group) => t('calendar.checkIn', { group }),
    groupMeeting: (group) => t('calendar.group', { group }),
    surveyOpen: t('calendar.surveyOpen'),
    sessionScreen: t('calendar.sessionScreen'),
  })
  return new Response(renderIcs(t('app.name'), events), {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'inline; filename="weekly-groups.ics"',
      'Cache-Control': 'private, no-store',
      'X-Robots-Tag': 'noindex',
    },
  })
}

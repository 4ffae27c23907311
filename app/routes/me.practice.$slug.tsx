import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireParticipant } from '~/auth/participant.server'
import { StatusButton } from '~/components/forms'
import { GuideView } from '~/components/guide-view'
import { PracticePlayer } from '~/components/practice-player'
import { findOwnGuide } from '~/domain/portal.server'
import { playerDataFor } from '~/domain/practice-player.server'
import { appName } from '~/i18n/i18n.server'
import { contentHtml } from '~/mdx/components.server'
import { notFound } from '~/utils/http-errors'
import { slugParam } from '~/utils/params'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.guide.title ?? 'Practice'} · ${data?.appName ?? 'Weekly Groups'}` },
]

/** Blinding: a participant sees only their own group's guides; any other slug is a 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const me = await requireParticipant(request)
  const guide = (await findOwnGuide(me, slugParam(params))) ?? notFound()
  const { slug, title, minutes, summary, lang } = guide
  return {
    appName: appName(me.locale),
    // `lang` differs from the page's only while a translation is missing (English fallback).
    guide: { slug, title, minutes, summary, lang, html: contentHtml(guide) },
    player: playerDataFor(guide),
  }
}

export default function ParticipantGuide() {
  const { guide, player } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <div>
      <p className="no-print mx-auto mb-3 max-w-2xl">
        <Link to="/me/practice">{t('guide.back')}</Link>
      </p>
      <GuideView guide={guide} />
      <PracticePlayer player={player} logAction="/me/practice" />
      {/* Logged by the practice page's action (its `quick` form), which says so with a message. */}
      <Form method="post" action="/me/practice" className="no-print mx-auto mt-6 max-w-2xl">
        <input type="hidden" name="practiceSlug" value={guide.slug} />
        <StatusButton
          className="btn w-full text-lg"
          intent="quick"
          formAction="/me/practice"
          pendingText={t('guide.logging')}
        >
          {t('guide.didIt', { minutes: guide.minutes })}
        </StatusButton>
      </Form>
    </div>
  )
}

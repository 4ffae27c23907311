import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { authorize } from '~/auth/authorize.server'
import { notFound } from '~/utils/http-errors'
import { GuideView } from '~/components/guide-view'
import { getGuide } from '~/content/content.server'
import { contentHtml } from '~/mdx/components.server'
import { ARM_LABEL } from '~/domain/arms'
import { roleHas } from '~/auth/permissions'
import { PracticePlayer } from '~/components/practice-player'
import { playerDataFor } from '~/domain/practice-player.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.guide.title ?? 'Practice guide'} · Weekly Groups` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, 'curriculum:read')
  const guide = await getGuide(params.slug ?? '')
  if (!guide) notFound()
  const { slug, title, minutes, summary, arm } = guide
  // The player as participants get it; its recording plays only for staff who manage recordings.
  const canRecord = roleHas(user.role, 'content:recordings')
  const player = playerDataFor(guide)
  return {
    guide: { slug, title, minutes, summary, html: contentHtml(guide) },
    armLabel: ARM_LABEL[arm],
    canRecord,
    player: canRecord ? player : { ...player, recording: null },
  }
}

export default function StaffGuidePage() {
  const { guide, armLabel, canRecord, player } = useLoaderData<typeof loader>()
  return (
    <div>
      <p className="no-print mb-4 text-sm">
        <Link to="/curriculum">Curriculum</Link> · {armLabel} practice guide (participants of this arm see it as below)
        {canRecord ? (
          <>
            {' '}
            · <Link to={`/curriculum/practices/${guide.slug}/recordings`}>Recordings</Link>
          </>
        ) : null}
      </p>
      <GuideView guide={guide} />
      <PracticePlayer player={player} />
    </div>
  )
}

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { notFound } from '~/utils/http-errors'
import { GuideView } from '~/components/guide-view'
import { getGuide } from '~/content/content.server'
import { contentHtml } from '~/mdx/components.server'
import { requireOwnParticipant } from '~/domain/portal.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.guide.title ?? 'Practice'} · Weekly Groups` },
]

/** Blinding: a participant sees only their own arm's guides; any other slug is a 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const me = await requireOwnParticipant(request)
  const guide = await getGuide(params.slug ?? '')
  if (!guide || guide.arm !== me.arm) notFound()
  const { slug, title, minutes, summary } = guide
  return { guide: { slug, title, minutes, summary, html: contentHtml(guide) } }
}

export default function ParticipantGuide() {
  const { guide } = useLoaderData<typeof loader>()
  return (
    <div>
      <p className="no-print mx-auto mb-3 max-w-2xl">
        <Link to="/me/practice">← All my practices</Link>
      </p>
      <GuideView guide={guide} />
      <Form method="post" action="/me/practice" className="no-print mx-auto mt-6 max-w-2xl">
        <input type="hidden" name="intent" value="quick" />
        <input type="hidden" name="practiceSlug" value={guide.slug} />
        <button className="btn w-full text-lg" type="submit">
          I did this practice today ({guide.minutes} min)
        </button>
      </Form>
    </div>
  )
}

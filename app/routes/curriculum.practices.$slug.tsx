import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { authorize } from '~/auth/authorize.server'
import { notFound } from '~/utils/http-errors'
import { GuideView } from '~/components/guide-view'
import { getGuide } from '~/content/content.server'
import { contentHtml } from '~/mdx/components.server'
import { ARM_LABEL } from '~/domain/arms'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.guide.title ?? 'Practice guide'} · Weekly Groups` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await authorize(request, 'curriculum:read')
  const guide = await getGuide(params.slug ?? '')
  if (!guide) notFound()
  const { slug, title, minutes, summary, arm } = guide
  return { guide: { slug, title, minutes, summary, html: contentHtml(guide) }, armLabel: ARM_LABEL[arm] }
}

export default function StaffGuidePage() {
  const { guide, armLabel } = useLoaderData<typeof loader>()
  return (
    <div>
      <p className="no-print mb-4 text-sm">
        <Link to="/curriculum">Curriculum</Link> · {armLabel} practice guide (participants of this arm see it as below)
      </p>
      <GuideView guide={guide} />
    </div>
  )
}

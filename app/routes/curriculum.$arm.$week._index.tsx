import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { authorize } from '~/auth/authorize.server'
import { notFound } from '~/utils/http-errors'
import { LessonView } from '~/components/lesson-view'
import { getLesson } from '~/content/content.server'
import { armFromParam, weekFromParam } from '~/content/params'
import { ARM_DIRECTORY } from '~/domain/arms'
import { contentHtml } from '~/mdx/components.server'
import { shipOnce } from '~/utils/shipped-once'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.lesson.title ?? 'Lesson'} · Weekly Groups` },
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await authorize(request, 'curriculum:read')
  const arm = armFromParam(params.arm)
  const week = weekFromParam(params.week)
  if (!arm || !week) notFound()
  const lesson = await getLesson(arm, week)
  if (!lesson) notFound()
  const { file: _file, code: _code, ...rest } = lesson
  // A document request renders the body into the markup only; client navigations get it as data.
  return { lesson: { ...rest, html: shipOnce(context, 'lesson-body', contentHtml(lesson)) } }
}

export default function LessonPage() {
  const { lesson } = useLoaderData<typeof loader>()
  const base = `/curriculum/${ARM_DIRECTORY[lesson.arm]}`
  return (
    <div>
      <nav aria-label="Lesson" className="no-print mb-4 flex flex-wrap gap-3 text-sm">
        <Link to="/curriculum">All lessons</Link>
        {lesson.week > 1 ? <Link to={`${base}/${lesson.week - 1}`}>← Week {lesson.week - 1}</Link> : null}
        {lesson.week < 24 ? <Link to={`${base}/${lesson.week + 1}`}>Week {lesson.week + 1} →</Link> : null}
        <Link to={`${base}/${lesson.week}/print`}>Print view</Link>
      </nav>
      <LessonView lesson={lesson} />
    </div>
  )
}

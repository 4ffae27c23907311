import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { LessonView } from '~/components/lesson-view'
import { loader as lessonLoader } from './curriculum.$arm.$week._index'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Print: ${data?.lesson.title ?? 'Lesson'}` }]

export async function loader(args: LoaderFunctionArgs) {
  return lessonLoader(args)
}

/** A lesson laid out for paper: the app's header and navigation are hidden when printing. */
export default function LessonPrint() {
  const { lesson } = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-3xl print:max-w-none">
      <p className="no-print mb-4 rounded-md bg-brand-50 p-3 text-sm">
        This page is laid out for printing. Use your browser's Print command (Ctrl+P or ⌘P). The site's header and links
        are left off the paper.
      </p>
      <LessonView lesson={lesson} />
    </div>
  )
}

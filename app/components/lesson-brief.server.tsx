import { renderToStaticMarkup } from 'react-dom/server'
import type { LessonMeta } from '~/content/schema'
import { LessonBriefLists, type LessonBrief } from './lesson-brief'

const rendered = new Map<string, string>()

/**
 * A lesson's brief (preparation, what must not happen) and a function that gives its markup,
 * rendered once per lesson version: the arguments of `shipRenderedOnce` after its first two.
 */
export function lessonBrief(lesson: LessonMeta): [LessonBrief, () => string] {
  const brief = { prep: lesson.prep, proscribed: lesson.proscribed.map(({ id, text }) => ({ id, text })) }
  const key = `${lesson.slug}:${lesson.hash}`
  return [
    brief,
    () => {
      let html = rendered.get(key)
      if (html === undefined) rendered.set(key, (html = renderToStaticMarkup(<LessonBriefLists {...brief} />)))
      return html
    },
  ]
}

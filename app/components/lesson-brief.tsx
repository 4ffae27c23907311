/**
 * A lesson's preparation and what must not happen in it, as the session screen shows them (folded
 * under the script). The same content on every view of a lesson, so a document request gets it
 * rendered once per lesson (`lessonBrief`) and shipped once (`ShippedOnceOr`), not also in the
 * loader data.
 */
export const LESSON_BRIEF_ID = 'lesson-brief'

export type LessonBrief = { prep: readonly string[]; proscribed: readonly { id: string; text: string }[] }

export function LessonBriefLists({ prep, proscribed }: LessonBrief) {
  return (
    <>
      {prep.length ? (
        <>
          <h2 className="mt-1 text-sm font-semibold">Before the session</h2>
          <ul className="list-disc pl-5">
            {prep.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 className="mt-1 text-sm font-semibold">Must not happen</h2>
      <ul className="list-disc pl-5">
        {proscribed.map((p) => (
          <li key={p.id}>{p.text}</li>
        ))}
      </ul>
    </>
  )
}

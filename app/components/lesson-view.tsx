import { PHASES, type Lesson } from '~/content/schema'
import { ARM_LABEL } from '~/domain/arms'
import { useShippedOnceHtml } from '~/utils/shipped-once'

/** `html` is null on document requests: the body then comes from the server render (shipped once). */
type LessonData = Omit<Lesson, 'file' | 'code'> & { html: string | null }

/**
 * The whole facilitator guide: overview (preparation, agenda, fidelity, competence domains,
 * proscribed, practices) and body.
 */
export function LessonView({ lesson, headingLevel = 1 }: { lesson: LessonData; headingLevel?: 1 | 2 }) {
  const Heading = headingLevel === 1 ? 'h1' : 'h2'
  const phase = PHASES[lesson.arm].find((p) => p.id === lesson.phase)?.label ?? lesson.phase
  const total = lesson.agenda.reduce((s, a) => s + a.minutes, 0)
  const html = useShippedOnceHtml('lesson-body', lesson.html)
  return (
    <article>
      <p className="text-sm font-semibold uppercase tracking-wide text-brand-800">
        {ARM_LABEL[lesson.arm]} · Week {lesson.week} · {phase}
      </p>
      <Heading className="mt-1">{lesson.title}</Heading>
      <p className="mt-2 max-w-3xl">{lesson.summary}</p>
      <p className="mt-2 text-sm text-slate-700">
        Theme shown to participants: “{lesson.theme}” · Version {lesson.hash}
      </p>
      {lesson.prep.length ? (
        <section className="card mt-4 border-brand-600" aria-labelledby="lesson-prep">
          <h2 id="lesson-prep" className="text-lg">
            Before the session
          </h2>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            {lesson.prep.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="mt-4 grid gap-4 md:grid-cols-2">
        <section className="card" aria-label="Agenda">
          <h2 className="text-lg">Agenda ({total} minutes)</h2>
          <ol className="mt-2 space-y-1">
            {lesson.agenda.map((a) => (
              <li key={a.title} className="flex justify-between gap-4 border-b border-slate-100 py-1">
                <span>{a.title}</span>
                <span className="whitespace-nowrap font-semibold">{a.minutes} min</span>
              </li>
            ))}
          </ol>
        </section>
        <section className="card" aria-label="Fidelity">
          <h2 className="text-lg">Fidelity: prescribed</h2>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
            {lesson.fidelity.map((f) => (
              <li key={f.id}>{f.text}</li>
            ))}
          </ul>
          {lesson.competence.length ? (
            <>
              <h2 className="mt-4 text-lg">Competence domains</h2>
              <p className="text-sm text-slate-700">Rated 1–6 by the supervisor for this session.</p>
              <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
                {lesson.competence.map((c) => (
                  <li key={c.id}>{c.text}</li>
                ))}
              </ul>
            </>
          ) : null}
          <h2 className="mt-4 text-lg">Must not happen</h2>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
            {lesson.proscribed.map((f) => (
              <li key={f.id}>{f.text}</li>
            ))}
          </ul>
          <h2 className="mt-4 text-lg">
            Home practice guides
            {` (${lesson.homePracticeMinutes} minutes this week)`}
          </h2>
          <ul className="mt-2 list-disc space-y-2 pl-5 text-sm">
            {lesson.practices.map((slug) => (
              <li key={slug}>
                <a href={`/curriculum/practices/${slug}`}>{slug.replace(/-/g, ' ')}</a>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <div id="lesson-body" dangerouslySetInnerHTML={{ __html: html }} />
    </article>
  )
}

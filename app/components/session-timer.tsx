import { useEffect, useState } from 'react'
import { useShippedOnceHtml } from '~/utils/shipped-once'

type Agenda = readonly { title: string; minutes: number }[]
type TimerState = {
  startedAt: number | null
  pausedAt: number | null
  pausedTotal: number
  segment: number
  segmentStartedAt: number | null
}

const EMPTY: TimerState = { startedAt: null, pausedAt: null, pausedTotal: 0, segment: 0, segmentStartedAt: null }

function fmt(ms: number) {
  const s = Math.max(0, Math.floor(ms / 1000))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

export type SessionClock = ReturnType<typeof useSessionClock>

/**
 * The session's clock and the agenda segment on screen. State lives in localStorage under the
 * group and week, so a reload (or a laptop asleep beside a video call) keeps the clock running
 * and the segment where it was. `hydrated` is false on the server and before the saved state is
 * read: without JavaScript the page shows every segment and no clock.
 */
export function useSessionClock(storageKey: string, agenda: Agenda) {
  const [state, setState] = useState<TimerState>(EMPTY)
  const [now, setNow] = useState(() => Date.now())
  const [hydrated, setHydrated] = useState(false)

  useEffect(() => {
    try {
      const saved = localStorage.getItem(storageKey)
      if (saved) setState({ ...EMPTY, ...JSON.parse(saved) })
    } catch {
      /* storage unavailable: the timer still works for this page view */
    }
    setHydrated(true)
  }, [storageKey])

  useEffect(() => {
    if (!hydrated) return
    try {
      localStorage.setItem(storageKey, JSON.stringify(state))
    } catch {
      /* ignore */
    }
  }, [state, storageKey, hydrated])

  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(id)
  }, [])

  const last = Math.max(0, agenda.length - 1)
  const segment = Math.min(state.segment, last)
  const running = state.startedAt !== null && state.pausedAt === null
  const at = state.pausedAt ?? now
  const elapsed = state.startedAt ? at - state.startedAt - state.pausedTotal : 0
  const segElapsed = state.segmentStartedAt ? at - state.segmentStartedAt : 0
  const planned = agenda.reduce((s, a) => s + a.minutes, 0)

  const goTo = (i: number) =>
    setState((s) => {
      const next = Math.max(0, Math.min(last, i))
      if (next === s.segment) return s
      const t = Date.now()
      // a paused clock stays paused: the new segment's clock starts when it resumes
      return { ...s, segment: next, segmentStartedAt: s.startedAt ? (s.pausedAt ?? t) : null }
    })

  return {
    hydrated,
    started: state.startedAt !== null,
    running,
    segment,
    last,
    planned,
    elapsed,
    segElapsed,
    start: () =>
      setState((s) => ({
        ...s,
        startedAt: Date.now(),
        segmentStartedAt: Date.now(),
        pausedAt: null,
        pausedTotal: 0,
      })),
    pause: () => setState((s) => ({ ...s, pausedAt: Date.now() })),
    resume: () =>
      setState((s) => {
        const gap = s.pausedAt ? Date.now() - s.pausedAt : 0
        return {
          ...s,
          pausedAt: null,
          pausedTotal: s.pausedTotal + gap,
          segmentStartedAt: (s.segmentStartedAt ?? Date.now()) + gap,
        }
      }),
    next: () => goTo(segment + 1),
    previous: () => goTo(segment - 1),
    goTo,
    reset: () => setState(EMPTY),
  }
}

/**
 * The clocks and the controls, compact enough to stay in view beside the script: whole session
 * and current segment, start/pause, previous/next segment. Marks itself busy while running, so
 * the staff session is kept alive (SessionKeeper).
 */
export function SessionTimer({
  clock,
  agenda,
  onMinutes,
}: {
  clock: SessionClock
  agenda: Agenda
  onMinutes?: (m: number) => void
}) {
  const seg = agenda[clock.segment]
  const segOver = !!seg && clock.started && clock.segElapsed > seg.minutes * 60_000
  return (
    <section
      className="rounded-md border border-slate-300 bg-white p-3 shadow-sm"
      aria-labelledby="timer-heading"
      data-timer-running={clock.running ? 'true' : undefined}
    >
      <h2 id="timer-heading" className="sr-only">
        Session timer
      </h2>
      {clock.hydrated ? (
        <div className="flex flex-wrap items-end gap-x-5 gap-y-2">
          <p data-testid="whole-session-timer">
            <span className="block text-xs text-slate-700">Whole session</span>
            <span className="font-mono text-2xl font-bold" role="timer" aria-label="Whole session time">
              {fmt(clock.elapsed)}
            </span>
            <span className="text-sm text-slate-700"> / {clock.planned}:00</span>
          </p>
          <p data-testid="segment-timer">
            <span className="block text-xs text-slate-700">This segment</span>
            <span
              className={`font-mono text-2xl font-bold ${segOver ? 'text-red-800' : ''}`}
              role="timer"
              aria-label="Segment time"
            >
              {fmt(clock.started ? clock.segElapsed : 0)}
            </span>
            <span className="text-sm text-slate-700">
              {' '}
              / {seg?.minutes ?? 0}:00{segOver ? ' (over time)' : ''}
            </span>
          </p>
          <div className="flex flex-wrap gap-2">
            {!clock.started ? (
              <button type="button" className="btn min-h-[32px] px-3 py-1 text-sm" onClick={clock.start}>
                Start session
              </button>
            ) : clock.running ? (
              <button type="button" className="btn-secondary min-h-[32px] px-3 py-1 text-sm" onClick={clock.pause}>
                Pause
              </button>
            ) : (
              <button type="button" className="btn-secondary min-h-[32px] px-3 py-1 text-sm" onClick={clock.resume}>
                Resume
              </button>
            )}
            {clock.started && onMinutes ? (
              <button
                type="button"
                className="btn-secondary min-h-[32px] px-2 py-1 text-sm"
                onClick={() => onMinutes(Math.round(clock.elapsed / 60_000))}
              >
                Use timer minutes
              </button>
            ) : null}
            {clock.started ? (
              <button type="button" className="btn-secondary min-h-[32px] px-2 py-1 text-sm" onClick={clock.reset}>
                Reset
              </button>
            ) : null}
          </div>
        </div>
      ) : (
        <p className="text-sm text-slate-700">The timers need JavaScript. The agenda and every segment are below.</p>
      )}
      {clock.hydrated && agenda.length ? (
        <nav aria-label="Agenda segments" className="mt-2 flex items-center gap-2">
          <button
            type="button"
            className="btn-secondary min-h-[32px] shrink-0 px-2 py-1 text-sm"
            onClick={clock.previous}
            disabled={clock.segment === 0}
          >
            <span aria-hidden="true">←&nbsp;</span>Previous<span className="sr-only"> segment</span>
          </button>
          <p className="min-w-0 flex-1 text-center text-sm leading-tight" aria-live="polite">
            <span className="font-semibold">
              Segment {clock.segment + 1} of {agenda.length}:
            </span>{' '}
            {seg?.title}
          </p>
          <button
            type="button"
            className="btn min-h-[32px] shrink-0 px-3 py-1 text-sm"
            onClick={clock.next}
            disabled={clock.segment >= clock.last}
          >
            Next<span className="sr-only"> segment</span>
            <span aria-hidden="true">&nbsp;→</span>
          </button>
        </nav>
      ) : null}
    </section>
  )
}

/** `html` is null when the page's markup already holds it (app/utils/shipped-once.tsx). */
export type SegmentContent = { title: string; minutes: number; html: string | null }

/** The element holding segment i's script (its HTML is shipped once, in the markup). */
export const segmentBodyId = (i: number) => `segment-${i}-body`

function SegmentBody({ index, html }: { index: number; html: string | null }) {
  const id = segmentBodyId(index)
  return (
    <div
      id={id}
      className="prose-lesson text-[0.95rem]"
      dangerouslySetInnerHTML={{ __html: useShippedOnceHtml(id, html) }}
    />
  )
}

/**
 * The current agenda segment's script and prompts (the lesson's own compiled content, rendered on
 * the server). Without JavaScript every segment is shown in order; with it, the one the clock is on.
 */
export function SegmentScript({ segments, clock }: { segments: readonly SegmentContent[]; clock: SessionClock }) {
  return (
    <section
      aria-labelledby="script-heading"
      className="min-h-0 flex-1 overflow-y-auto rounded-md border border-slate-300 bg-white p-3 focus:outline focus:outline-2 focus:outline-brand-600"
      // a scrolling region must be reachable by keyboard
      tabIndex={0}
      data-testid="segment-script"
    >
      <h2 id="script-heading" className="sr-only">
        Script and prompts
      </h2>
      {segments.map((s, i) => (
        <article
          key={s.title}
          hidden={clock.hydrated && i !== clock.segment}
          aria-labelledby={`segment-${i}-title`}
          data-current={clock.hydrated && i === clock.segment ? 'true' : undefined}
        >
          <h3 id={`segment-${i}-title`} className="flex items-baseline justify-between gap-2 text-lg">
            {/* one text each (no separators between text parts in the markup) */}
            <span>{`${i + 1}. ${s.title}`}</span>
            <span className="rounded bg-brand-50 px-2 py-0.5 text-sm font-semibold text-brand-800">
              {`${s.minutes} min`}
            </span>
          </h3>
          <SegmentBody index={i} html={s.html} />
        </article>
      ))}
    </section>
  )
}

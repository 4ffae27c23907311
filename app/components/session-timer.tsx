import { useEffect, useState } from 'react'

type Agenda = { title: string; minutes: number }[]
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

/**
 * Whole-session and per-segment timers. State lives in localStorage under the group and week,
 * so a page reload (or a laptop going to sleep beside a video call) keeps the clock running.
 * Without JavaScript the agenda still shows, with its planned minutes.
 */
export function SessionTimer({
  storageKey,
  agenda,
  onMinutes,
}: {
  storageKey: string
  agenda: Agenda
  onMinutes?: (m: number) => void
}) {
  const [state, setState] = useState<TimerState>(EMPTY)
  const [now, setNow] = useState(() => Date.now())
  const [hydrated, setHydrated] = useState(false)

  useEffect(() => {
    try {
      const saved = localStorage.getItem(storageKey)
      if (saved) setState({ ...EMPTY, ...JSON.parse(saved) })
    } catch {
      /* storage unavailable: timer still works for this page view */
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

  const running = state.startedAt !== null && state.pausedAt === null
  const at = state.pausedAt ?? now
  const elapsed = state.startedAt ? at - state.startedAt - state.pausedTotal : 0
  const segElapsed = state.segmentStartedAt ? at - state.segmentStartedAt : 0
  const seg = agenda[state.segment]
  const planned = agenda.reduce((s, a) => s + a.minutes, 0)
  const segOver = seg && segElapsed > seg.minutes * 60_000

  const start = () =>
    setState((s) => ({
      ...s,
      startedAt: Date.now(),
      segmentStartedAt: Date.now(),
      pausedAt: null,
      pausedTotal: 0,
      segment: 0,
    }))
  const pause = () => setState((s) => ({ ...s, pausedAt: Date.now() }))
  const resume = () =>
    setState((s) => {
      const gap = s.pausedAt ? Date.now() - s.pausedAt : 0
      return {
        ...s,
        pausedAt: null,
        pausedTotal: s.pausedTotal + gap,
        segmentStartedAt: (s.segmentStartedAt ?? Date.now()) + gap,
      }
    })
  const nextSegment = () =>
    setState((s) => ({ ...s, segment: Math.min(agenda.length - 1, s.segment + 1), segmentStartedAt: Date.now() }))
  const reset = () => setState(EMPTY)

  return (
    <section className="card" aria-labelledby="timer-heading" data-timer-running={running ? 'true' : undefined}>
      <h2 id="timer-heading">Session timer</h2>
      {hydrated ? (
        <div className="mt-2 space-y-3">
          <div className="flex flex-wrap items-end gap-6" aria-live="polite">
            <p>
              <span className="block text-sm text-slate-700">Whole session</span>
              <span className="font-mono text-3xl font-bold" role="timer">
                {fmt(elapsed)}
              </span>
              <span className="text-slate-700"> / {planned}:00</span>
            </p>
            {seg && state.startedAt ? (
              <p>
                <span className="block text-sm text-slate-700">Now: {seg.title}</span>
                <span className={`font-mono text-3xl font-bold ${segOver ? 'text-red-800' : ''}`} role="timer">
                  {fmt(segElapsed)}
                </span>
                <span className="text-slate-700">
                  {' '}
                  / {seg.minutes}:00{segOver ? ' (over time)' : ''}
                </span>
              </p>
            ) : null}
          </div>
          <div className="flex flex-wrap gap-2">
            {state.startedAt === null ? (
              <button type="button" className="btn" onClick={start}>
                Start session
              </button>
            ) : (
              <>
                {running ? (
                  <button type="button" className="btn-secondary" onClick={pause}>
                    Pause
                  </button>
                ) : (
                  <button type="button" className="btn-secondary" onClick={resume}>
                    Resume
                  </button>
                )}
                <button
                  type="button"
                  className="btn"
                  onClick={nextSegment}
                  disabled={state.segment >= agenda.length - 1}
                >
                  Next segment
                </button>
                {onMinutes ? (
                  <button
                    type="button"
                    className="btn-secondary"
                    onClick={() => onMinutes(Math.round(elapsed / 60_000))}
                  >
                    Use timer minutes
                  </button>
                ) : null}
                <button type="button" className="btn-secondary" onClick={reset}>
                  Reset
                </button>
              </>
            )}
          </div>
        </div>
      ) : null}
      <ol className="mt-3 space-y-1">
        {agenda.map((a, i) => (
          <li
            key={a.title}
            className={`flex justify-between gap-3 rounded px-2 py-1 ${hydrated && state.startedAt && i === state.segment ? 'bg-brand-50 font-semibold' : ''}`}
          >
            <span>
              {i + 1}. {a.title}
            </span>
            <span>{a.minutes} min</span>
          </li>
        ))}
      </ol>
    </section>
  )
}

/**
 * The practice player's clock and bells as pure functions. Time is computed from timestamps
 * (`now` in milliseconds), never by counting ticks, so a phone that throttles or suspends timers
 * while the screen is locked shows the right time as soon as it wakes.
 */

/** Running: counting since `startedAt` on top of `banked`; paused: `startedAt` null. */
export type Clock = { startedAt: number | null; bankedMs: number }

export const INTERVAL_CHOICES = [0, 1, 2, 5] as const
export type IntervalMinutes = (typeof INTERVAL_CHOICES)[number]

export const startClock = (now: number): Clock => ({ startedAt: now, bankedMs: 0 })

export function elapsedMs(clock: Clock, now: number): number {
  return clock.bankedMs + (clock.startedAt === null ? 0 : Math.max(0, now - clock.startedAt))
}

export function pauseClock(clock: Clock, now: number): Clock {
  return clock.startedAt === null ? clock : { startedAt: null, bankedMs: elapsedMs(clock, now) }
}

export function resumeClock(clock: Clock, now: number): Clock {
  return clock.startedAt === null ? { startedAt: now, bankedMs: clock.bankedMs } : clock
}

/** Whole seconds left, counted up so the display shows 0:00 only at the very end. */
export function secondsLeft(totalSeconds: number, elapsed: number): number {
  return Math.max(0, Math.ceil(totalSeconds - elapsed / 1000))
}

/** "9:05", "0:30", "1:00:00". */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

export type Bell = { atSeconds: number; kind: 'start' | 'interval' | 'end' }

/**
 * Every bell of a practice of `totalSeconds`: one at the start, one at the end, and (when the
 * person chose them) one every `everyMinutes`, none of which falls on the end.
 */
export function bellSchedule(totalSeconds: number, everyMinutes: IntervalMinutes): Bell[] {
  const bells: Bell[] = [{ atSeconds: 0, kind: 'start' }]
  if (everyMinutes > 0) {
    const step = everyMinutes * 60
    for (let t = step; t < totalSeconds; t += step) bells.push({ atSeconds: t, kind: 'interval' })
  }
  bells.push({ atSeconds: totalSeconds, kind: 'end' })
  return bells
}

/** The bells still to ring after `elapsed` ms, with how many seconds from now each one is. */
export function upcomingBells(bells: Bell[], elapsed: number): (Bell & { inSeconds: number })[] {
  const at = elapsed / 1000
  return bells.filter((b) => b.atSeconds > at).map((b) => ({ ...b, inSeconds: b.atSeconds - at }))
}

/**
 * The bell to ring now, given the elapsed time at the last check and now: the latest one passed
 * in between (after a long sleep a phone rings once, not a burst of missed interval bells).
 */
export function bellDue(bells: Bell[], previousMs: number, nowMs: number): Bell | null {
  const passed = bells.filter((b) => b.atSeconds * 1000 > previousMs && b.atSeconds * 1000 <= nowMs)
  return passed.at(-1) ?? null
}

/** Share of the practice done, 0–1, for a progress bar. */
export function progressOf(totalSeconds: number, elapsed: number): number {
  return totalSeconds <= 0 ? 1 : Math.min(1, Math.max(0, elapsed / 1000 / totalSeconds))
}

/** Seconds between two spoken steps when a step asks for no pause. */
export const DEFAULT_STEP_PAUSE_SECONDS = 5

/** How long to wait after speaking step `index` before the next one (none after the last). */
export function pauseAfterStep(steps: { pauseSeconds: number | null }[], index: number): number {
  const step = steps[index]
  if (!step) return 0
  return step.pauseSeconds ?? (index === steps.length - 1 ? 0 : DEFAULT_STEP_PAUSE_SECONDS)
}

import type { Bell } from '~/domain/practice-timer'

/**
 * Gentle bells made in the browser with the Web Audio API: no audio files. Bells are scheduled on
 * the audio clock ahead of time, which keeps running (where the browser allows) while timers in
 * the page are throttled by a locked screen.
 */
export type BellPlayer = {
  /** ring now */
  ring(kind: Bell['kind']): void
  /** ring `kind` in `seconds` from now, on the audio clock */
  schedule(kind: Bell['kind'], seconds: number): void
  /** cancel every scheduled bell (pause, stop) */
  cancel(): void
  /** note where the audio clock and the wall clock stand (when bells are scheduled) */
  markClock(): void
  /** how far the audio clock fell behind the wall clock since markClock (suspended while locked) */
  lagSeconds(): number
  /** resume a context the browser suspended (call from a tap) */
  wake(): Promise<void>
  close(): void
}

type Ctx = typeof AudioContext
const AudioCtx = (): Ctx | undefined =>
  typeof window === 'undefined'
    ? undefined
    : (window.AudioContext ?? (window as unknown as { webkitAudioContext?: Ctx }).webkitAudioContext)

export const bellsSupported = () => AudioCtx() !== undefined

/** A singing-bowl-like strike: a few sine partials with a soft attack and a long fade. */
const PARTIALS = [
  { ratio: 1, gain: 0.5 },
  { ratio: 2.76, gain: 0.18 },
  { ratio: 5.4, gain: 0.06 },
]
const TONE: Record<Bell['kind'], { hz: number; seconds: number; strikes: number }> = {
  start: { hz: 396, seconds: 5, strikes: 1 },
  interval: { hz: 528, seconds: 3, strikes: 1 },
  end: { hz: 396, seconds: 6, strikes: 3 },
}

export function createBellPlayer(): BellPlayer | null {
  const Ctor = AudioCtx()
  if (!Ctor) return null
  const ctx = new Ctor()
  let scheduled: OscillatorNode[] = []
  let mark = { audio: ctx.currentTime, wall: performance.now() }

  function strike(kind: Bell['kind'], at: number) {
    const { hz, seconds, strikes } = TONE[kind]
    for (let s = 0; s < strikes; s++) {
      const t0 = at + s * 2.2
      const out = ctx.createGain()
      out.gain.setValueAtTime(0.0001, t0)
      out.gain.exponentialRampToValueAtTime(0.35, t0 + 0.02)
      out.gain.exponentialRampToValueAtTime(0.0001, t0 + seconds)
      out.connect(ctx.destination)
      for (const p of PARTIALS) {
        const osc = ctx.createOscillator()
        const g = ctx.createGain()
        osc.type = 'sine'
        osc.frequency.value = hz * p.ratio
        g.gain.value = p.gain
        osc.connect(g).connect(out)
        osc.start(t0)
        osc.stop(t0 + seconds + 0.1)
        scheduled.push(osc)
        osc.onended = () => {
          scheduled = scheduled.filter((o) => o !== osc)
          g.disconnect()
        }
      }
    }
  }

  return {
    ring: (kind) => strike(kind, ctx.currentTime + 0.05),
    schedule: (kind, seconds) => strike(kind, ctx.currentTime + Math.max(0.05, seconds)),
    cancel() {
      for (const osc of scheduled) {
        try {
          osc.stop()
        } catch {
          // not started yet in some browsers: disconnecting is enough
        }
        osc.disconnect()
      }
      scheduled = []
    },
    markClock() {
      mark = { audio: ctx.currentTime, wall: performance.now() }
    },
    lagSeconds: () => (performance.now() - mark.wall) / 1000 - (ctx.currentTime - mark.audio),
    wake: () => (ctx.state === 'suspended' ? ctx.resume() : Promise.resolve()),
    close() {
      this.cancel()
      void ctx.close().catch(() => {})
    },
  }
}

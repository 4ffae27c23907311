import { describe, expect, test } from 'vitest'
import {
  bellDue,
  bellSchedule,
  elapsedMs,
  formatClock,
  pauseAfterStep,
  pauseClock,
  progressOf,
  resumeClock,
  secondsLeft,
  startClock,
  upcomingBells,
} from '~/domain/practice-timer'
import { pickVoice } from '~/domain/read-aloud'

describe('the clock counts from timestamps, not ticks', () => {
  test('elapsed time is now minus the start, however rarely it is read', () => {
    const clock = startClock(1_000)
    expect(elapsedMs(clock, 1_000)).toBe(0)
    // a phone that slept 4 minutes with the screen locked reads the right time on waking
    expect(elapsedMs(clock, 1_000 + 240_000)).toBe(240_000)
  })

  test('pause banks the time; resume counts on from there; repeated calls change nothing', () => {
    let clock = startClock(0)
    clock = pauseClock(clock, 30_000)
    expect(elapsedMs(clock, 90_000)).toBe(30_000)
    expect(pauseClock(clock, 95_000)).toBe(clock)
    clock = resumeClock(clock, 100_000)
    expect(resumeClock(clock, 101_000)).toBe(clock)
    expect(elapsedMs(clock, 110_000)).toBe(40_000)
  })

  test('a clock that went backwards never gives negative time', () => {
    expect(elapsedMs(startClock(5_000), 4_000)).toBe(0)
  })

  test('seconds left count up to the next whole second and stop at zero', () => {
    expect(secondsLeft(600, 0)).toBe(600)
    expect(secondsLeft(600, 400)).toBe(600)
    expect(secondsLeft(600, 1_000)).toBe(599)
    expect(secondsLeft(600, 700_000)).toBe(0)
  })

  test('clock text and progress', () => {
    expect(formatClock(600)).toBe('10:00')
    expect(formatClock(65)).toBe('1:05')
    expect(formatClock(0)).toBe('0:00')
    expect(formatClock(3_725)).toBe('1:02:05')
    expect(progressOf(600, 300_000)).toBe(0.5)
    expect(progressOf(600, 900_000)).toBe(1)
  })
})

describe('bells', () => {
  test('start and end only, when no interval bells are chosen', () => {
    expect(bellSchedule(600, 0)).toEqual([
      { atSeconds: 0, kind: 'start' },
      { atSeconds: 600, kind: 'end' },
    ])
  })

  test('interval bells every N minutes, none on the end bell', () => {
    expect(bellSchedule(600, 5).map((b) => `${b.kind}@${b.atSeconds}`)).toEqual(['start@0', 'interval@300', 'end@600'])
    expect(bellSchedule(300, 2).map((b) => b.atSeconds)).toEqual([0, 120, 240, 300])
    expect(
      bellSchedule(180, 1)
        .filter((b) => b.kind === 'interval')
        .map((b) => b.atSeconds),
    ).toEqual([60, 120])
    expect(bellSchedule(120, 5).map((b) => b.kind)).toEqual(['start', 'end'])
  })

  test('upcoming bells are timed from now', () => {
    expect(upcomingBells(bellSchedule(600, 5), 100_000)).toEqual([
      { atSeconds: 300, kind: 'interval', inSeconds: 200 },
      { atSeconds: 600, kind: 'end', inSeconds: 500 },
    ])
  })

  test('after a long sleep only the latest passed bell rings, once', () => {
    const bells = bellSchedule(600, 1)
    expect(bellDue(bells, 59_000, 61_000)).toEqual({ atSeconds: 60, kind: 'interval' })
    expect(bellDue(bells, 61_000, 62_000)).toBeNull()
    expect(bellDue(bells, 61_000, 700_000)).toEqual({ atSeconds: 600, kind: 'end' })
  })
})

describe('read-aloud', () => {
  test('pauses between steps come from the cues, a short default otherwise, none after the last plain step', () => {
    const steps = [{ pauseSeconds: 30 }, { pauseSeconds: null }, { pauseSeconds: null }]
    expect(pauseAfterStep(steps, 0)).toBe(30)
    expect(pauseAfterStep(steps, 1)).toBe(5)
    expect(pauseAfterStep(steps, 2)).toBe(0)
    expect(pauseAfterStep(steps, 3)).toBe(0)
  })

  test('the voice: exact tag first, then the language, on-device before network', () => {
    const v = (name: string, lang: string, localService = true) => ({ name, lang, localService })
    const voices = [v('en', 'en-US'), v('es-net', 'es-US', false), v('es-mx', 'es-MX'), v('es-us', 'es_US')]
    expect(pickVoice(voices, 'es')?.name).toBe('es-us')
    expect(pickVoice([v('es-mx', 'es-MX'), v('en', 'en-GB')], 'es')?.name).toBe('es-mx')
    expect(pickVoice([v('en', 'en-US')], 'es')).toBeNull()
    expect(pickVoice(voices, 'en')?.name).toBe('en')
  })
})

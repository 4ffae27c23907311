import { Form } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { StatusButton } from '~/components/forms'
import { bellsSupported, createBellPlayer, type BellPlayer } from '~/components/player/bells'
import { createWakeLock } from '~/components/player/wake-lock'
import type { GuideStep } from '~/content/guide-steps'
import {
  bellSchedule,
  elapsedMs,
  formatClock,
  INTERVAL_CHOICES,
  pauseAfterStep,
  pauseClock,
  progressOf,
  resumeClock,
  secondsLeft,
  startClock,
  upcomingBells,
  type Clock,
  type IntervalMinutes,
} from '~/domain/practice-timer'
import { pickVoice, SPEECH_LANG, type GuideLang } from '~/domain/read-aloud'

/** What the guide page hands the player: all of it is in the page data, so it works offline once loaded. */
export type PlayerData = {
  slug: string
  minutes: number
  lang: GuideLang
  steps: GuideStep[]
  /** a recording staff uploaded for this guide in this language, played instead of bells and speech */
  recording: { url: string; type: string } | null
}

/**
 * The practice player on a guide page. Without JavaScript it renders nothing (a recording, an
 * <audio> element, still plays): the guide itself stays readable as before. `logAction` is where
 * "Log this practice" posts (the practice page's own quick-log action); staff previews pass none.
 */
export function PracticePlayer({ player, logAction }: { player: PlayerData; logAction?: string }) {
  const [mounted, setMounted] = useState(false)
  useEffect(() => setMounted(true), [])
  const { t } = useTranslation()
  const [done, setDone] = useState(false)
  const logForm =
    done && logAction ? <LogPractice slug={player.slug} minutes={player.minutes} action={logAction} /> : null

  if (player.recording) {
    return (
      <section className="card no-print mx-auto mt-6 max-w-2xl" aria-labelledby="player-heading">
        <h2 id="player-heading">{t('player.listenHeading')}</h2>
        <audio
          className="mt-3 w-full"
          controls
          preload="metadata"
          lang={SPEECH_LANG[player.lang]}
          onEnded={() => setDone(true)}
        >
          <source src={player.recording.url} type={player.recording.type} />
          <a href={player.recording.url}>{t('player.download')}</a>
        </audio>
        {logForm}
      </section>
    )
  }
  if (!mounted || !bellsSupported()) return null
  return (
    <section className="card no-print mx-auto mt-6 max-w-2xl space-y-4" aria-labelledby="player-heading">
      <h2 id="player-heading">{t('player.heading')}</h2>
      <TimerPlayer minutes={player.minutes} onFinish={() => setDone(true)} />
      {typeof window.speechSynthesis !== 'undefined' && player.steps.length ? (
        <ReadAloud steps={player.steps} lang={player.lang} onFinish={() => setDone(true)} />
      ) : null}
      {logForm}
    </section>
  )
}

function LogPractice({ slug, minutes, action }: { slug: string; minutes: number; action: string }) {
  const { t } = useTranslation()
  return (
    <Form method="post" action={action} className="mt-4" aria-labelledby="player-done">
      <p id="player-done" className="font-medium">
        {t('player.finished')}
      </p>
      <input type="hidden" name="practiceSlug" value={slug} />
      <StatusButton className="btn mt-2 w-full text-lg" intent="quick" pendingText={t('guide.logging')}>
        {t('player.logIt', { minutes })}
      </StatusButton>
    </Form>
  )
}

type TimerState = 'idle' | 'running' | 'paused' | 'finished'

function TimerPlayer({ minutes, onFinish }: { minutes: number; onFinish: () => void }) {
  const { t } = useTranslation()
  const total = minutes * 60
  const [state, setState] = useState<TimerState>('idle')
  const [clock, setClock] = useState<Clock>({ startedAt: null, bankedMs: 0 })
  const [now, setNow] = useState(0)
  const [every, setEvery] = useState<IntervalMinutes>(0)
  const [status, setStatus] = useState('')
  const bells = useRef<BellPlayer | null>(null)
  const wake = useRef<ReturnType<typeof createWakeLock> | null>(null)

  useEffect(() => {
    wake.current = createWakeLock()
    return () => {
      wake.current?.dispose()
      bells.current?.close()
    }
  }, [])

  // Ring the bells still ahead on the audio clock, from the time computed from timestamps.
  const scheduleBells = (from: Clock, at: number) => {
    const b = bells.current
    if (!b) return
    b.cancel()
    b.markClock()
    for (const bell of upcomingBells(bellSchedule(total, every), elapsedMs(from, at)))
      b.schedule(bell.kind, bell.inSeconds)
  }

  useEffect(() => {
    if (state !== 'running') return
    const tick = () => {
      const at = Date.now()
      setNow(at)
      if (elapsedMs(clock, at) >= total * 1000) {
        // A suspended audio clock (locked phone) would ring late: ring the end bell now instead.
        if (bells.current && bells.current.lagSeconds() > 1) {
          bells.current.cancel()
          bells.current.ring('end')
        }
        wake.current?.release()
        setState('finished')
        setStatus(t('player.finished'))
        onFinish()
      }
    }
    tick()
    const id = window.setInterval(tick, 250)
    // Back from a locked screen: time is right already; re-time the bells if audio was suspended.
    const onVisible = () => {
      if (document.visibilityState !== 'visible') return
      tick()
      if (bells.current && bells.current.lagSeconds() > 1) scheduleBells(clock, Date.now())
    }
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      window.clearInterval(id)
      document.removeEventListener('visibilitychange', onVisible)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state, clock])

  const start = async () => {
    bells.current ??= createBellPlayer()
    await bells.current?.wake()
    const at = Date.now()
    const c = state === 'paused' ? resumeClock(clock, at) : startClock(at)
    if (state !== 'paused') bells.current?.ring('start')
    scheduleBells(c, at)
    setClock(c)
    setNow(at)
    setState('running')
    setStatus(state === 'paused' ? t('player.resumed') : t('player.started'))
    wake.current?.hold()
  }
  const pause = () => {
    const at = Date.now()
    bells.current?.cancel()
    setClock(pauseClock(clock, at))
    setNow(at)
    setState('paused')
    setStatus(t('player.paused'))
    wake.current?.release()
  }
  const stop = () => {
    bells.current?.cancel()
    setClock({ startedAt: null, bankedMs: 0 })
    setState('idle')
    setStatus(t('player.stopped'))
    wake.current?.release()
  }

  const elapsed = elapsedMs(clock, now)
  const left = state === 'idle' ? total : secondsLeft(total, elapsed)
  const running = state === 'running' || state === 'paused'
  return (
    <div>
      <p className="text-base">{t('player.timerIntro', { minutes })}</p>
      <div className="mt-3 flex items-baseline gap-3">
        {/* role="timer" is not a live region: screen readers read it when asked, not every second. */}
        <p
          role="timer"
          aria-label={t('player.timeLeft')}
          className="font-mono text-4xl font-semibold tabular-nums"
          data-testid="player-time"
        >
          {formatClock(left)}
        </p>
        <span className="text-base text-slate-700" aria-hidden="true">
          {t('player.left')}
        </span>
      </div>
      <progress
        className="mt-2 h-3 w-full"
        max={100}
        value={Math.round(progressOf(total, state === 'idle' ? 0 : elapsed) * 100)}
        aria-label={t('player.progress')}
      />
      <label className="mt-3 block text-base" htmlFor="player-interval">
        {t('player.intervalLabel')}
      </label>
      <select
        id="player-interval"
        className="input mt-1 w-full"
        value={every}
        disabled={running}
        onChange={(e) => setEvery(Number(e.target.value) as IntervalMinutes)}
      >
        {INTERVAL_CHOICES.map((m) => (
          <option key={m} value={m}>
            {m === 0 ? t('player.intervalNone') : t('player.intervalEvery', { count: m })}
          </option>
        ))}
      </select>
      <div className="mt-3 flex flex-wrap gap-2">
        {state === 'running' ? (
          <button type="button" className="btn flex-1" onClick={pause}>
            {t('player.pause')}
          </button>
        ) : (
          <button type="button" className="btn flex-1" onClick={() => void start()}>
            {state === 'paused' ? t('player.resume') : t('player.start')}
          </button>
        )}
        {running ? (
          <button type="button" className="btn-secondary flex-1" onClick={stop}>
            {t('player.stop')}
          </button>
        ) : null}
      </div>
      <p className="sr-only" role="status">
        {status}
      </p>
    </div>
  )
}

function ReadAloud({ steps, lang, onFinish }: { steps: GuideStep[]; lang: GuideLang; onFinish: () => void }) {
  const { t } = useTranslation()
  const [current, setCurrent] = useState<number | null>(null)
  const [status, setStatus] = useState('')
  const run = useRef(0) // bumps on stop: callbacks of an older run do nothing
  const timer = useRef<number | undefined>(undefined)
  const wake = useRef<ReturnType<typeof createWakeLock> | null>(null)

  useEffect(() => {
    wake.current = createWakeLock()
    return () => {
      // eslint-disable-next-line react-hooks/exhaustive-deps -- bumping the live run id is the point
      run.current++
      window.clearTimeout(timer.current)
      window.speechSynthesis.cancel()
      wake.current?.dispose()
    }
  }, [])

  const speak = (index: number, id: number) => {
    if (run.current !== id) return
    if (index >= steps.length) {
      setCurrent(null)
      wake.current?.release()
      setStatus(t('player.readDone'))
      onFinish()
      return
    }
    setCurrent(index)
    const u = new SpeechSynthesisUtterance(steps[index].text)
    u.lang = SPEECH_LANG[lang]
    const voice = pickVoice(window.speechSynthesis.getVoices(), lang)
    if (voice) u.voice = voice
    u.rate = 0.9
    const next = () => {
      if (run.current !== id) return
      timer.current = window.setTimeout(() => speak(index + 1, id), pauseAfterStep(steps, index) * 1000)
    }
    u.onend = next
    u.onerror = (e) => (e.error === 'interrupted' || e.error === 'canceled' ? undefined : next())
    window.speechSynthesis.speak(u)
  }

  const begin = () => {
    const id = ++run.current
    window.speechSynthesis.cancel()
    wake.current?.hold()
    setStatus(t('player.reading'))
    speak(0, id)
  }
  const stop = () => {
    run.current++
    window.clearTimeout(timer.current)
    window.speechSynthesis.cancel()
    wake.current?.release()
    setCurrent(null)
    setStatus(t('player.readStopped'))
  }

  const reading = current !== null
  return (
    <div className="border-t border-slate-200 pt-4">
      <h3>{t('player.readHeading')}</h3>
      <p className="text-base">{t('player.readIntro')}</p>
      {reading ? (
        <button type="button" className="btn-secondary mt-2 w-full" onClick={stop}>
          {t('player.readStop')}
        </button>
      ) : (
        <button type="button" className="btn mt-2 w-full" onClick={begin}>
          {t('player.readStart')}
        </button>
      )}
      {reading ? (
        <ol className="mt-3 list-decimal space-y-1 pl-6 text-base">
          {steps.map((s, i) => (
            <li
              key={i}
              aria-current={i === current ? 'step' : undefined}
              className={i === current ? 'rounded bg-amber-100 px-1 font-semibold text-slate-900' : 'text-slate-700'}
            >
              {s.text}
            </li>
          ))}
        </ol>
      ) : null}
      <p className="sr-only" role="status">
        {status}
      </p>
    </div>
  )
}

import { useEffect, useRef, useState } from 'react'

const WARN_BEFORE_MS = 2 * 60_000
const CHECK_EVERY_MS = 15_000

/** A page is busy when it holds unsaved input or a running session timer (they mark themselves). */
function pageIsBusy() {
  return !!document.querySelector('[data-unsaved="true"], [data-timer-running="true"]')
}

/**
 * Keeps a staff session alive while the person works, and never lets it lapse silently.
 * - Activity (typing, tapping) or a busy page renews the session through /session/keepalive.
 * - When nothing has renewed it for a while, a warning offers to stay signed in.
 * - If it lapses anyway, a notice says so and how to sign in again; drafts stay on this device.
 */
export function SessionKeeper({ idleMinutes }: { idleMinutes: number }) {
  const idleMs = idleMinutes * 60_000
  const renewEvery = Math.min(5 * 60_000, idleMs / 3)
  const lastRenewal = useRef(Date.now())
  const lastActivity = useRef(0)
  const [state, setState] = useState<'ok' | 'warning' | 'ended'>('ok')

  useEffect(() => {
    const onActivity = () => {
      lastActivity.current = Date.now()
    }
    const events = ['keydown', 'pointerdown', 'input'] as const
    for (const e of events) window.addEventListener(e, onActivity, { passive: true })

    async function renew() {
      try {
        const res = await fetch('/session/keepalive', { method: 'POST', headers: { Accept: 'application/json' } })
        if (res.status === 401) return setState('ended')
        if (res.ok) {
          lastRenewal.current = Date.now()
          setState('ok')
        }
      } catch {
        /* offline for a moment: try again at the next check */
      }
    }

    const timer = setInterval(() => {
      const now = Date.now()
      const sinceRenewal = now - lastRenewal.current
      const active = lastActivity.current > lastRenewal.current
      if ((active || pageIsBusy()) && sinceRenewal >= renewEvery) void renew()
      else if (sinceRenewal >= idleMs) setState('ended')
      else if (sinceRenewal >= idleMs - WARN_BEFORE_MS) setState((s) => (s === 'ended' ? s : 'warning'))
    }, CHECK_EVERY_MS)
    ;(window as unknown as { __renewSession?: () => Promise<void> }).__renewSession = renew
    return () => {
      clearInterval(timer)
      for (const e of events) window.removeEventListener(e, onActivity)
    }
  }, [idleMs, renewEvery])

  if (state === 'ok') return null
  const here = typeof window === 'undefined' ? '/' : window.location.pathname + window.location.search
  return (
    <div
      role="alertdialog"
      aria-labelledby="session-keeper-title"
      aria-describedby="session-keeper-body"
      className="no-print fixed inset-x-2 bottom-2 z-50 mx-auto max-w-lg rounded-lg border-2 border-amber-600 bg-amber-50 p-4 shadow-lg"
    >
      {state === 'warning' ? (
        <>
          <p id="session-keeper-title" className="font-semibold">
            You will be signed out in 2 minutes
          </p>
          <p id="session-keeper-body" className="mt-1">
            Nothing has happened on this page for a while. Stay signed in to keep working.
          </p>
          <button
            type="button"
            className="btn mt-3"
            autoFocus
            onClick={() => void (window as unknown as { __renewSession?: () => Promise<void> }).__renewSession?.()}
          >
            Stay signed in
          </button>
        </>
      ) : (
        <>
          <p id="session-keeper-title" className="font-semibold">
            Your session has ended
          </p>
          <p id="session-keeper-body" className="mt-1">
            What you typed on this page is kept on this device. Sign in again in a new tab, then come back and save.
          </p>
          <a
            className="btn mt-3 inline-block"
            href={`/login?redirectTo=${encodeURIComponent(here)}`}
            target="_blank"
            rel="noreferrer"
          >
            Sign in (new tab)
          </a>
        </>
      )}
    </div>
  )
}

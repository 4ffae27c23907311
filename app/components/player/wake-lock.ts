/**
 * Keeps the screen on while the player runs, where the browser has the Screen Wake Lock API.
 * Optional: without it (or when refused) the timer still keeps correct time from timestamps.
 */
type Sentinel = { release(): Promise<void>; released: boolean }
type WakeLockNavigator = Navigator & { wakeLock?: { request(type: 'screen'): Promise<Sentinel> } }

export function createWakeLock() {
  let sentinel: Sentinel | null = null
  let wanted = false

  async function acquire() {
    const nav = navigator as WakeLockNavigator
    if (!wanted || !nav.wakeLock || document.visibilityState !== 'visible') return
    if (sentinel && !sentinel.released) return
    try {
      sentinel = await nav.wakeLock.request('screen')
    } catch {
      sentinel = null // refused (battery saver, not visible): the timer does not depend on it
    }
  }
  // The browser drops the lock when the page is hidden: take it again on coming back.
  const onVisible = () => void acquire()
  document.addEventListener('visibilitychange', onVisible)

  return {
    hold() {
      wanted = true
      void acquire()
    },
    release() {
      wanted = false
      void sentinel?.release().catch(() => {})
      sentinel = null
    },
    dispose() {
      this.release()
      document.removeEventListener('visibilitychange', onVisible)
    },
  }
}

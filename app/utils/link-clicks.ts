import { useNavigate } from '@remix-run/react'
import type { MouseEvent } from 'react'

/**
 * For a container of many plain `<a href>` links (or of markup built as a string): a left click
 * on one of this app's links navigates like a `<Link>` (no full page load); other clicks (new
 * tab, modifier keys, other sites) are the browser's. A `<Link>` each costs more to render on the
 * server than the rest of a long list (ADR 007). Enter on a focused link is a click too.
 */
export function useLinkClicks() {
  const navigate = useNavigate()
  return (event: MouseEvent) => {
    const link = (event.target as Element).closest?.('a')
    const href = link?.getAttribute('href')
    if (!href?.startsWith('/') || href.startsWith('//') || event.defaultPrevented || event.button !== 0) return
    if (
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey ||
      link?.target ||
      link?.hasAttribute('download')
    )
      return
    event.preventDefault()
    navigate(href)
  }
}

import { createContext, useContext, useState } from 'react'

/**
 * Large server-rendered HTML (a lesson's body) shipped once, not twice. On a document request
 * the loader leaves it out of the loader data and hands it to the server render through this
 * context (entry.server.tsx provides `loadContext.shippedOnce`); in the browser, hydration then
 * takes it from the markup already on the page. Client navigations (`.data` requests) carry it in
 * the loader data as usual. Without JavaScript the page reads the same: the markup holds it all.
 */
export type ShippedOnce = Map<string, string>
const ShippedOnceContext = createContext<ShippedOnce | null>(null)
export const ShippedOnceProvider = ShippedOnceContext.Provider

/** Whether this loader call answers a document request (server.js sets it). */
export function isDocumentRequest(context: unknown): context is { shippedOnce: ShippedOnce } {
  return !!context && typeof context === 'object' && (context as { shippedOnce?: unknown }).shippedOnce instanceof Map
}

/**
 * What a loader returns for HTML rendered into the element with this id: on a document request
 * the HTML goes to the server render only (null in the loader data); otherwise the HTML itself.
 */
export function shipOnce(context: unknown, id: string, html: string): string | null {
  if (!isDocumentRequest(context)) return html
  context.shippedOnce.set(id, html)
  return null
}

/** The HTML to render into the element with this id: from loader data, the server render, or the page. */
export function useShippedOnceHtml(id: string, html: string | null): string {
  const serverSide = useContext(ShippedOnceContext)
  const [fromPage] = useState(() =>
    html === null && typeof document !== 'undefined' ? (document.getElementById(id)?.innerHTML ?? '') : '',
  )
  return html ?? serverSide?.get(id) ?? fromPage
}

/**
 * For a part of a page drawn from data by a component: on a document request its markup
 * (`render()`, the same component rendered on the server) goes to the server render and the
 * data stays out of the loader data (null); a client navigation gets the data, and the page
 * draws it with that component (`ShippedOnceOr`).
 */
export function shipRenderedOnce<T>(context: unknown, id: string, data: T, render: () => string): T | null {
  if (!isDocumentRequest(context)) return data
  context.shippedOnce.set(id, render())
  return null
}

/** The element with this id: `draw(data)` when there is data, else the markup shipped once. */
export function ShippedOnceOr<T>({
  id,
  data,
  draw,
  ...props
}: { id: string; data: T | null; draw: (data: T) => React.ReactNode } & Omit<
  React.HTMLAttributes<HTMLDivElement>,
  'id' | 'children' | 'dangerouslySetInnerHTML'
>) {
  const html = useShippedOnceHtml(id, data === null ? null : '')
  return data === null ? (
    <div id={id} {...props} dangerouslySetInnerHTML={{ __html: html }} />
  ) : (
    <div id={id} {...props}>
      {draw(data)}
    </div>
  )
}

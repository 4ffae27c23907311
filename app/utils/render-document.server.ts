import { Writable } from 'node:stream'
import type { EntryContext } from '@remix-run/node'
import type { ReactElement } from 'react'
import { renderToPipeableStream, renderToString } from 'react-dom/server'

type StreamCache = NonNullable<NonNullable<EntryContext['renderMeta']>['streamCache']>

/**
 * Remix sends a page's loader data as a stream that its `StreamTransfer` component reads while
 * React renders, suspending once per chunk. Every loader has finished before the page renders and
 * no page defers data, so read the stream to its end first and give each chunk to that component's
 * cache, decoded as it would decode it (`renderMeta.streamCache`, part of the entry context's
 * type). Then nothing on the page waits, and it can be rendered in one synchronous pass.
 * A chunk that fails is kept as the component keeps it: the page then reports the error.
 */
export async function readLoaderDataStream(context: EntryContext) {
  const stream = context.serverHandoffStream
  if (!stream) return
  const reader = stream.getReader()
  const decoder = new TextDecoder()
  const streamCache: StreamCache = {}
  for (let i = 0; ; i++) {
    try {
      const { done, value } = await reader.read()
      streamCache[i] = Object.assign(Promise.resolve(), {
        result: { done, value: decoder.decode(value, { stream: true }) },
      })
      if (done) break
    } catch (error) {
      streamCache[i] = Object.assign(Promise.resolve(), { error })
      break
    }
  }
  reader.releaseLock()
  context.renderMeta = { ...context.renderMeta, streamCache }
}

export type RenderedDocument = { body: Buffer<ArrayBuffer>; status: number }
type RenderOptions = { status: number; nonce?: string; timeoutMs: number }

/**
 * A whole document, rendered to one buffer (issue 16, ADR 007).
 *
 * `renderToString` builds the page as one string. React's streaming renderer encodes every tag,
 * attribute and text into small byte arrays as it goes: about a sixth of a form-heavy page's time
 * (the session screen writes some 2,700 of them), for the same bytes. A boundary that could not
 * be finished in that pass (React marks it `<!--$!`: something suspended, or threw inside a
 * boundary) means the page needs the streaming renderer after all: it is rendered again with it,
 * which waits for what suspended and reports what failed (status 500, the error logged).
 * An error outside every boundary is thrown, and Remix renders the error boundary.
 */
export async function renderDocument(page: ReactElement, options: RenderOptions): Promise<RenderedDocument> {
  const html = renderToString(page)
  if (!html.includes('<!--$!')) return { body: Buffer.from(`<!DOCTYPE html>${html}`), status: options.status }
  console.warn('[render] a page waited or failed inside a boundary: rendered again with the streaming renderer')
  return renderStreamed(page, options)
}

function renderStreamed(page: ReactElement, { status, nonce, timeoutMs }: RenderOptions) {
  return new Promise<RenderedDocument>((resolve, reject) => {
    // errors React recovered from inside the page (the shell's own errors reach Remix instead)
    const recovered: unknown[] = []
    const { pipe, abort } = renderToPipeableStream(page, {
      nonce,
      onAllReady() {
        for (const error of recovered) console.error(error)
        const chunks: Buffer[] = []
        const sink = new Writable({
          write(chunk: Buffer, _encoding, done) {
            chunks.push(chunk)
            done()
          },
        })
        sink.on('finish', () => {
          clearTimeout(timeout)
          resolve({ body: Buffer.concat(chunks), status: recovered.length ? 500 : status })
        })
        pipe(sink)
      },
      onShellError(error: unknown) {
        clearTimeout(timeout)
        recovered.length = 0 // Remix logs the shell's error (handleError) and renders the boundary
        reject(error)
      },
      onError(error: unknown) {
        recovered.push(error)
      },
    })
    const timeout = setTimeout(abort, timeoutMs)
  })
}

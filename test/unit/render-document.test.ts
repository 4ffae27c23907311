import { Writable } from 'node:stream'
import type { EntryContext } from '@remix-run/node'
import { createElement as h, Suspense, type ReactElement } from 'react'
import { renderToPipeableStream } from 'react-dom/server'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { readLoaderDataStream, renderDocument } from '~/utils/render-document.server'

const options = { status: 200, timeoutMs: 2000 }

/** What React's streaming renderer makes of a page once everything is ready: the reference. */
function streamed(page: ReactElement) {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = []
    const { pipe } = renderToPipeableStream(page, {
      onAllReady() {
        const sink = new Writable({
          write(chunk: Buffer, _e, done) {
            chunks.push(chunk)
            done()
          },
        })
        sink.on('finish', () => resolve(Buffer.concat(chunks).toString()))
        pipe(sink)
      },
      onShellError: reject,
    })
  })
}

const documentOf = (...body: ReactElement[]) =>
  h('html', { lang: 'en' }, h('head', null, h('title', null, 'T')), h('body', null, ...body))

/** A component that waits once for `ms` (as Remix's loader-data transfer waits on its stream). */
function waitsOnce(ms: number, text: string) {
  let ready = false
  const promise = new Promise<void>((r) => setTimeout(r, ms)).then(() => {
    ready = true
  })
  return function Waits() {
    if (!ready) throw promise
    return h('p', null, text)
  }
}

afterEach(() => vi.restoreAllMocks())

describe('renderDocument', () => {
  test('a page that does not wait: one pass, the same bytes as the streaming renderer', async () => {
    const warned = vi.spyOn(console, 'warn')
    const page = documentOf(
      h('main', null, h('h1', null, 'Week 3 · <Oak> & “Pine”'), h('input', { name: 'a', defaultValue: 'x"y' })),
      h(Suspense, { fallback: h('p', null, 'loading') }, h('p', null, 'ready')),
    )
    const out = await renderDocument(page, options)
    expect(out.status).toBe(200)
    expect(out.body.toString()).toBe(await streamed(page))
    expect(out.body.toString()).toMatch(/^<!DOCTYPE html><html lang="en">/)
    expect(warned).not.toHaveBeenCalled()
  })

  test('a page that waits is rendered again with the streaming renderer, whole', async () => {
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const Waits = waitsOnce(20, 'the data arrived')
    const out = await renderDocument(documentOf(h(Suspense, { fallback: h('p', null, 'loading') }, h(Waits))), options)
    const html = out.body.toString()
    expect(html).toContain('the data arrived')
    expect(html).not.toContain('loading')
    expect(html).not.toContain('<!--$!')
    expect(out.status).toBe(200)
    expect(warned).toHaveBeenCalledOnce()
  })

  test('an error inside a boundary: the page is sent with status 500 and the error is logged', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    function Broken(): ReactElement {
      throw new Error('boom inside')
    }
    const out = await renderDocument(
      documentOf(h('h1', null, 'Shell'), h(Suspense, { fallback: h('p', null, 'fallback') }, h(Broken))),
      options,
    )
    expect(out.status).toBe(500)
    expect(out.body.toString()).toContain('Shell')
    expect(logged.mock.calls.flat().some((e) => e instanceof Error && e.message === 'boom inside')).toBe(true)
  })

  test('an error outside every boundary is thrown (Remix renders the error boundary)', async () => {
    function Broken(): ReactElement {
      throw new Error('boom in the shell')
    }
    await expect(renderDocument(documentOf(h(Broken)), options)).rejects.toThrow('boom in the shell')
  })
})

describe('readLoaderDataStream', () => {
  const contextWith = (stream?: ReadableStream<Uint8Array>) =>
    ({ serverHandoffStream: stream, renderMeta: { didRenderScripts: false } }) as unknown as EntryContext

  test('every chunk, decoded as text (a character split between chunks too), then the end', async () => {
    const bytes = new TextEncoder().encode('[{"name":"Ñandú"}]\n')
    const split = bytes.indexOf(0xc3) + 1 // inside the two bytes of "Ñ"
    const context = contextWith(
      new ReadableStream({
        start(c) {
          c.enqueue(bytes.slice(0, split))
          c.enqueue(bytes.slice(split))
          c.close()
        },
      }),
    )
    await readLoaderDataStream(context)
    const cache = context.renderMeta!.streamCache!
    expect(Object.keys(cache)).toEqual(['0', '1', '2'])
    expect(cache[0].result!.value + cache[1].result!.value).toBe('[{"name":"Ñandú"}]\n')
    expect(cache[0].result!.done).toBe(false)
    expect(cache[2].result).toEqual({ done: true, value: '' })
    // what Remix had already set is kept
    expect(context.renderMeta!.didRenderScripts).toBe(false)
  })

  test('a stream that fails: the error is kept for the page to report', async () => {
    let pulls = 0
    const context = contextWith(
      new ReadableStream({
        pull(c) {
          if (pulls++ === 0) c.enqueue(new TextEncoder().encode('[1]'))
          else c.error(new Error('encoding failed'))
        },
      }),
    )
    await readLoaderDataStream(context)
    const cache = context.renderMeta!.streamCache!
    expect(cache[0].result).toEqual({ done: false, value: '[1]' })
    expect((cache[1].error as Error).message).toBe('encoding failed')
  })

  test('no stream (a page without loader data): nothing to read', async () => {
    const context = contextWith(undefined)
    await readLoaderDataStream(context)
    expect(context.renderMeta!.streamCache).toBeUndefined()
  })
})

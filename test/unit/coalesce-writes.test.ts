import { describe, expect, test } from 'vitest'
import { coalesceWrites } from '../../server/coalesce-writes.js'

/** A stand-in for an http.ServerResponse: records what reaches the layer below. */
function fakeResponse(contentType: string) {
  const calls: string[] = []
  const res = {
    getHeader: (name: string) => (name.toLowerCase() === 'content-type' ? contentType : undefined),
    write(chunk: Buffer | string, _callback?: () => void) {
      calls.push(`write:${chunk.toString()}`)
      return true
    },
    end(chunk?: Buffer | string | (() => void)) {
      calls.push(typeof chunk === 'function' || chunk === undefined ? 'end' : `end:${chunk.toString()}`)
      return this
    },
    flush: () => calls.push('flush'),
  }
  return { res: coalesceWrites(res as never) as unknown as typeof res, calls }
}

const turn = () => new Promise((r) => setImmediate(r))

describe('coalesceWrites (server.js)', () => {
  test('a page written in pieces in one turn reaches the compressor as one piece; flush does nothing', async () => {
    const { res, calls } = fakeResponse('text/html; charset=utf-8')
    res.write('<html>')
    res.flush()
    res.write(Buffer.from('<body>'))
    res.write('')
    expect(calls).toEqual([])
    await turn()
    expect(calls).toEqual(['write:<html><body>'])
    res.write('later')
    res.end('</html>')
    expect(calls).toEqual(['write:<html><body>', 'end:later</html>'])
  })

  test('what streams over several turns still flows turn by turn', async () => {
    const { res, calls } = fakeResponse('text/x-script')
    res.write('a')
    await turn()
    res.write('b')
    await turn()
    res.end()
    expect(calls).toEqual(['write:a', 'write:b', 'end'])
  })

  test('other responses (files, audio) go through untouched', () => {
    const { res, calls } = fakeResponse('audio/mpeg')
    res.write('x')
    res.end('y')
    expect(calls).toEqual(['write:x', 'end:y'])
  })

  test('callbacks are called', async () => {
    const { res } = fakeResponse('text/html')
    const done = await new Promise((resolve) => res.write('x', () => resolve('written')))
    expect(done).toBe('written')
  })
})

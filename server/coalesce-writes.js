/**
 * Gathers the pieces of a response written in one turn of the event loop and hands them to the
 * next layer (the compressor) as one piece.
 *
 * Remix writes a page in dozens of small chunks (and calls `flush()` after each). A streaming
 * compressor at a cheap level closes a block per write, so small writes make the response bigger
 * and cost more CPU (a 130 KB cohort page: 34 KB of brotli in small pieces, 23 KB in one). Writes
 * of one turn are joined and passed on in `setImmediate`, so a page rendered at once is compressed
 * at once, and a response that streams over time (deferred data) still flows. Only pages and
 * loader data (text/html, text/x-script) are gathered: files and audio go through untouched, with
 * their backpressure.
 *
 * @param {import('node:http').ServerResponse} res
 */
export function coalesceWrites(res) {
  const write = res.write
  const end = res.end
  /** @type {Buffer[]} */
  let pending = []
  let scheduled = false
  const flushPending = () => {
    scheduled = false
    if (pending.length === 0) return
    const data = pending.length === 1 ? pending[0] : Buffer.concat(pending)
    pending = []
    write.call(res, data)
  }
  /** @type {boolean | undefined} decided at the first write, once the headers are set */
  let through
  const passesThrough = () =>
    (through ??= !/^text\/(html|x-script)\b/.test(String(res.getHeader('content-type') ?? '')))
  res.flush = () => {}
  res.write = function (chunk, encoding, callback) {
    if (passesThrough()) return write.call(res, chunk, encoding, callback)
    if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined]
    if (chunk != null && chunk.length !== 0) pending.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding))
    if (!scheduled) {
      scheduled = true
      setImmediate(flushPending)
    }
    if (callback) process.nextTick(callback)
    return true
  }
  res.end = function (chunk, encoding, callback) {
    if (pending.length === 0 && passesThrough()) return end.call(res, chunk, encoding, callback)
    if (typeof chunk === 'function') [callback, chunk] = [chunk, undefined]
    else if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined]
    if (chunk != null && chunk.length !== 0) pending.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding))
    const data = pending.length === 0 ? undefined : pending.length === 1 ? pending[0] : Buffer.concat(pending)
    pending = []
    return data === undefined ? end.call(res, callback) : end.call(res, data, callback)
  }
  return res
}

/**
 * A small streaming zip writer: STORE only (no compression), CRC-32, sizes in a data descriptor
 * after each file so a file can be written as it is produced (nothing held whole in memory).
 * No ZIP64: each file and the archive must stay under 4 GiB, far above any programme's export.
 * No dependency: the project has no zip library, and STORE is a few dozen lines of the spec
 * (PKWARE APPNOTE 6.3.x, sections 4.3.7, 4.3.9, 4.3.12, 4.3.16).
 */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

/** CRC-32 (IEEE 802.3), continued from `crc` (pass the previous result to continue). */
export function crc32(data: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8)
  return ~c >>> 0
}

export type ZipEntry = {
  /** path inside the archive, forward slashes */
  name: string
  /** the file's content, produced as it is written */
  content: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>
}

const encoder = new TextEncoder()
const MAX = 0xffffffff

function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getUTCFullYear())
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  }
}

function header(size: number, fill: (v: DataView) => void, name?: Uint8Array): Uint8Array {
  const buf = new Uint8Array(size + (name?.length ?? 0))
  fill(new DataView(buf.buffer))
  if (name) buf.set(name, size)
  return buf
}

/** FLAGS: bit 3 = sizes and CRC follow the data; bit 11 = names are UTF-8. */
const FLAGS = (1 << 3) | (1 << 11)

/**
 * Yields the bytes of a zip archive holding `entries`, in order. Each entry's content is pulled
 * only when the archive reaches it, so callers can stream rows straight from the database.
 */
export async function* zipStream(entries: Iterable<ZipEntry> | AsyncIterable<ZipEntry>, modified = new Date()) {
  const { time, date } = dosDateTime(modified)
  const central: Uint8Array[] = []
  let offset = 0
  let count = 0
  for await (const entry of entries) {
    const name = encoder.encode(entry.name)
    const local = header(
      30,
      (v) => {
        v.setUint32(0, 0x04034b50, true)
        v.setUint16(4, 20, true) // version needed: 2.0
        v.setUint16(6, FLAGS, true)
        v.setUint16(8, 0, true) // method: stored
        v.setUint16(10, time, true)
        v.setUint16(12, date, true)
        // CRC and sizes: 0 here, in the data descriptor
        v.setUint16(26, name.length, true)
      },
      name,
    )
    yield local
    let crc = 0
    let size = 0
    for await (const part of entry.content) {
      const bytes = typeof part === 'string' ? encoder.encode(part) : part
      if (bytes.length === 0) continue
      crc = crc32(bytes, crc)
      size += bytes.length
      if (size > MAX) throw new RangeError(`${entry.name} is too large for a zip without ZIP64`)
      yield bytes
    }
    yield header(16, (v) => {
      v.setUint32(0, 0x08074b50, true)
      v.setUint32(4, crc, true)
      v.setUint32(8, size, true)
      v.setUint32(12, size, true)
    })
    central.push(
      header(
        46,
        (v) => {
          v.setUint32(0, 0x02014b50, true)
          v.setUint16(4, 20, true) // made by: 2.0, MS-DOS attributes
          v.setUint16(6, 20, true)
          v.setUint16(8, FLAGS, true)
          v.setUint16(10, 0, true)
          v.setUint16(12, time, true)
          v.setUint16(14, date, true)
          v.setUint32(16, crc, true)
          v.setUint32(20, size, true)
          v.setUint32(24, size, true)
          v.setUint16(28, name.length, true)
          v.setUint32(42, offset, true)
        },
        name,
      ),
    )
    offset += local.length + size + 16
    if (offset > MAX) throw new RangeError('The archive is too large for a zip without ZIP64')
    count++
  }
  let centralSize = 0
  for (const c of central) {
    centralSize += c.length
    yield c
  }
  yield header(22, (v) => {
    v.setUint32(0, 0x06054b50, true)
    v.setUint16(8, count, true)
    v.setUint16(10, count, true)
    v.setUint32(12, centralSize, true)
    v.setUint32(16, offset, true)
  })
}

/** An async iterable of bytes as a web ReadableStream (for a Response body). */
export function toReadableStream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = source[Symbol.asyncIterator]()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await it.next()
        if (done) controller.close()
        else controller.enqueue(value)
      } catch (error) {
        controller.error(error)
      }
    },
    async cancel() {
      await it.return?.()
    },
  })
}

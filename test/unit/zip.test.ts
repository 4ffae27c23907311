import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { crc32, zipStream } from '~/domain/zip'

async function collect(source: AsyncIterable<Uint8Array>) {
  const parts: Uint8Array[] = []
  for await (const p of source) parts.push(p)
  return Buffer.concat(parts)
}

describe('crc32', () => {
  test('known values', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
    expect(crc32(new Uint8Array())).toBe(0)
    // continued over two parts = over the whole
    const enc = new TextEncoder()
    expect(crc32(enc.encode('56789'), crc32(enc.encode('1234')))).toBe(0xcbf43926)
  })
})

describe('zipStream (STORE)', () => {
  test('unzip -t accepts it and the files come back byte for byte', async () => {
    const big = 'row,value\n' + Array.from({ length: 5000 }, (_, i) => `${i},"é ${i}"`).join('\n')
    function* rows() {
      yield 'a,b\n'
      yield new Uint8Array([0x31, 0x2c, 0x32, 0x0a])
      yield ''
    }
    const zip = await collect(
      zipStream(
        [
          { name: 'small.csv', content: rows() },
          { name: 'dir/big.csv', content: [big] },
          { name: 'empty.txt', content: [] },
        ],
        new Date('2026-11-23T12:34:56Z'),
      ),
    )
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zip-test-'))
    const file = path.join(dir, 'out.zip')
    fs.writeFileSync(file, zip)
    try {
      const tested = execFileSync('unzip', ['-t', file]).toString()
      expect(tested).toContain('No errors detected')
      execFileSync('unzip', ['-q', file, '-d', path.join(dir, 'x')])
      expect(fs.readFileSync(path.join(dir, 'x/small.csv'), 'utf8')).toBe('a,b\n1,2\n')
      expect(fs.readFileSync(path.join(dir, 'x/dir/big.csv'), 'utf8')).toBe(big)
      expect(fs.readFileSync(path.join(dir, 'x/empty.txt'), 'utf8')).toBe('')
      // and Python's reader (central directory) agrees
      const py = execFileSync('python3', ['-m', 'zipfile', '-l', file]).toString()
      expect(py).toContain('dir/big.csv')
      expect(py).toContain('2026-11-23 12:34:56')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

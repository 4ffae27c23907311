import { describe, expect, test } from 'vitest'
import { audioProblem, RECORDING_MAX_BYTES, sniffAudio } from '~/domain/audio-type'
import { contentRange, parseRange } from '~/domain/byte-range'

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)))

describe('audio files are told by their first bytes', () => {
  test('each accepted type', () => {
    expect(sniffAudio(bytes('ID3', [4, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe('audio/mpeg')
    expect(sniffAudio(bytes([0xff, 0xfb, 0x90, 0x64]))).toBe('audio/mpeg')
    expect(sniffAudio(bytes([0, 0, 0, 0x20], 'ftypM4A '))).toBe('audio/mp4')
    expect(sniffAudio(bytes('OggS', [0, 2, 0, 0, 0, 0, 0, 0]))).toBe('audio/ogg')
    expect(sniffAudio(bytes([0x1a, 0x45, 0xdf, 0xa3, 1, 0, 0, 0]))).toBe('audio/webm')
    expect(sniffAudio(bytes('RIFF', [0x24, 0, 0, 0], 'WAVE'))).toBe('audio/wav')
  })

  test('anything else is not audio, whatever its name says', () => {
    expect(sniffAudio(bytes('%PDF-1.7'))).toBeNull()
    expect(sniffAudio(bytes([0x89], 'PNG'))).toBeNull()
    expect(sniffAudio(bytes('RIFF', [0, 0, 0, 0], 'AVI '))).toBeNull()
    expect(sniffAudio(bytes('<html>'))).toBeNull()
    expect(sniffAudio(new Uint8Array())).toBeNull()
  })

  test('the declared type must be audio when it is specific; the bytes always decide', () => {
    const mp3 = bytes('ID3', [4, 0, 0])
    expect(audioProblem({ declaredType: 'audio/mpeg', size: 10, head: mp3 })).toBeNull()
    expect(audioProblem({ declaredType: 'application/octet-stream', size: 10, head: mp3 })).toBeNull()
    expect(audioProblem({ declaredType: 'audio/x-m4a', size: 10, head: bytes([0, 0, 0, 0x20], 'ftypM4A ') })).toBeNull()
    expect(audioProblem({ declaredType: 'application/pdf', size: 10, head: mp3 })).toMatch(/not an audio file/)
    expect(audioProblem({ declaredType: 'audio/mpeg', size: 10, head: bytes('%PDF-1.7') })).toMatch(/contents/)
    expect(audioProblem({ declaredType: 'audio/mpeg', size: 0, head: new Uint8Array() })).toMatch(/Choose/)
    expect(audioProblem({ declaredType: 'audio/mpeg', size: RECORDING_MAX_BYTES + 1, head: mp3 })).toMatch(/25 MB/)
  })
})

describe('byte ranges', () => {
  test('no header: the whole file', () => {
    expect(parseRange(null, 100)).toEqual({ kind: 'full' })
  })
  test('a start and an end, an open end, the last N bytes', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ kind: 'partial', start: 0, end: 9 })
    expect(parseRange('bytes=90-', 100)).toEqual({ kind: 'partial', start: 90, end: 99 })
    expect(parseRange('bytes=90-500', 100)).toEqual({ kind: 'partial', start: 90, end: 99 })
    expect(parseRange('bytes=-10', 100)).toEqual({ kind: 'partial', start: 90, end: 99 })
    expect(parseRange('bytes=-500', 100)).toEqual({ kind: 'partial', start: 0, end: 99 })
  })
  test('unsatisfiable: past the end, backwards, empty, malformed', () => {
    expect(parseRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' })
    expect(parseRange('bytes=50-10', 100)).toEqual({ kind: 'unsatisfiable' })
    expect(parseRange('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' })
    expect(parseRange('bytes=-', 100)).toEqual({ kind: 'unsatisfiable' })
    expect(parseRange('bytes=abc', 100)).toEqual({ kind: 'unsatisfiable' })
  })
  test('several ranges or another unit: the whole file', () => {
    expect(parseRange('bytes=0-1,5-6', 100)).toEqual({ kind: 'full' })
    expect(parseRange('items=0-1', 100)).toEqual({ kind: 'full' })
  })
  test('Content-Range', () => {
    expect(contentRange(0, 9, 100)).toBe('bytes 0-9/100')
  })
})

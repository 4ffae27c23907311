import { requestAs } from './factories'

/** An MP3-looking file (ID3 header, then a byte pattern) of `size` bytes. */
export function mp3Bytes(size = 1000): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size)
  bytes.set([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0])
  for (let i = 10; i < size; i++) bytes[i] = i % 251
  return bytes
}

/** A multipart POST of a recording upload (fields `lang` and `audio`), as `user`. */
export async function uploadRequest(
  user: { id: number } | null,
  url: string,
  file: { bytes: Uint8Array; type: string; name?: string } | null,
  lang: string | null = 'en',
) {
  const form = new FormData()
  if (lang !== null) form.set('lang', lang)
  form.set('intent', 'upload')
  if (file)
    form.set(
      'audio',
      new File([file.bytes as Uint8Array<ArrayBuffer>], file.name ?? 'practice.mp3', { type: file.type }),
    )
  return requestAs(user, url, { method: 'POST', body: form })
}

import { describe, expect, it } from 'vitest'
import { isCommonPassword } from '~/auth/common-passwords'
import { newPassword } from '~/utils/validation'

describe('new passwords', () => {
  it.each([
    'password1234',
    'Password1234',
    'QWERTY123456',
    'aaaaaaaaaaaa',
    '123456789012',
    'abcdefghijklm',
    '987654321098',
  ])('refuses the common or trivial %j', (p) => {
    expect(isCommonPassword(p)).toBe(true)
    expect(newPassword.safeParse(p).success).toBe(false)
  })
  it.each(['tulip-river-window-42', 'my dog eats carrots at noon'])('accepts %j', (p) => {
    expect(isCommonPassword(p)).toBe(false)
    expect(newPassword.safeParse(p).success).toBe(true)
  })
  it('still requires 12 characters', () => {
    expect(newPassword.safeParse('short-pw').success).toBe(false)
  })
})

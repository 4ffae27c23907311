import { describe, expect, test } from 'vitest'
import { parseEnv as parse } from '~/env.server'
import { smtpOptions } from '~/mail/transport.server'

const parseEnv = (vars: Record<string, string>) => parse(vars as NodeJS.ProcessEnv)

describe('mail settings (issue 13)', () => {
  test('no SMTP settings: nothing is sent', () => {
    expect(smtpOptions(parseEnv({}))).toBeNull()
  })

  test('SMTP_URL is used as given; SMTP without MAIL_FROM refuses to start', () => {
    expect(smtpOptions(parseEnv({ SMTP_URL: 'smtp://u:p@mail.example.org:587', MAIL_FROM: 'a@example.org' }))).toBe(
      'smtp://u:p@mail.example.org:587',
    )
    expect(() => parseEnv({ SMTP_URL: 'smtp://mail.example.org' })).toThrow(/MAIL_FROM/)
    expect(() => parseEnv({ SMTP_HOST: 'mail.example.org' })).toThrow(/MAIL_FROM/)
  })

  test('or host, port, user, password and implicit TLS as parts', () => {
    expect(
      smtpOptions(
        parseEnv({
          SMTP_HOST: 'mail.example.org',
          SMTP_PORT: '465',
          SMTP_SECURE: 'true',
          SMTP_USER: 'groups',
          SMTP_PASS: 'secret',
          MAIL_FROM: 'Weekly Groups <groups@example.org>',
        }),
      ),
    ).toMatchObject({ host: 'mail.example.org', port: 465, secure: true, auth: { user: 'groups', pass: 'secret' } })
  })
})

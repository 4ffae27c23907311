import { env, type Env } from '~/env.server'

/**
 * How a message leaves the app. The scheduler only knows this interface; the SMTP transport is
 * nodemailer's (a maintained library: pooling, STARTTLS, auth, encoding, dot-stuffing).
 */
export type OutgoingMail = {
  to: string
  subject: string
  text: string
  /** extra headers: List-Unsubscribe, List-Unsubscribe-Post, Message-ID */
  headers: Record<string, string>
}

export type MailTransport = {
  send(mail: OutgoingMail): Promise<{ providerId: string | null }>
  close?(): void
}

/** nodemailer's createTransport options from the environment, or null when no SMTP is set. */
export function smtpOptions(settings: Env = env()): string | Record<string, unknown> | null {
  if (settings.SMTP_URL) return settings.SMTP_URL
  if (!settings.SMTP_HOST) return null
  return {
    host: settings.SMTP_HOST,
    port: settings.SMTP_PORT,
    secure: settings.SMTP_SECURE === 'true',
    auth: settings.SMTP_USER ? { user: settings.SMTP_USER, pass: settings.SMTP_PASS ?? '' } : undefined,
    // A stuck server must not hold a claimed message for long (the claim's lease is 5 minutes).
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  }
}

// Loaded by name at run time: nodemailer is not yet a dependency of this branch (see the report
// of issue 13). Once it is, this can become a plain `import nodemailer from 'nodemailer'`.
const NODEMAILER = 'nodemailer'

type Nodemailer = {
  createTransport(
    options: unknown,
    defaults?: unknown,
  ): {
    sendMail(m: Record<string, unknown>): Promise<{ messageId?: string }>
    close(): void
  }
}

/** The SMTP transport for these settings, or null when none is configured. */
export async function smtpTransport(settings: Env = env()): Promise<MailTransport | null> {
  const options = smtpOptions(settings)
  if (!options) return null
  const nodemailer = (await import(/* @vite-ignore */ NODEMAILER)) as { default?: Nodemailer } & Nodemailer
  const mailer = (nodemailer.default ?? nodemailer).createTransport(options, { from: settings.MAIL_FROM })
  return {
    async send(mail) {
      const info = await mailer.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        headers: mail.headers,
        ...(mail.headers['Message-ID'] ? { messageId: mail.headers['Message-ID'] } : {}),
      })
      return { providerId: info.messageId ?? null }
    },
    close: () => mailer.close(),
  }
}

import nodemailer from 'nodemailer'
import type SMTPTransport from 'nodemailer/lib/smtp-transport'
import { env, type Env } from '~/env.server'

/**
 * How a message leaves the app. The scheduler only knows this interface; the SMTP transport is
 * nodemailer's (a maintained library: STARTTLS, auth, header encoding, dot-stuffing).
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

/** nodemailer's SMTP options from the environment, or null when no SMTP is set. */
export function smtpOptions(settings: Env = env()): string | SMTPTransport.Options | null {
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

/** The SMTP transport for these settings, or null when none is configured. */
export async function smtpTransport(settings: Env = env()): Promise<MailTransport | null> {
  const options = smtpOptions(settings)
  if (!options) return null
  const mailer = nodemailer.createTransport(options, { from: settings.MAIL_FROM })
  return {
    async send(mail) {
      const { 'Message-ID': messageId, ...headers } = mail.headers
      const info = await mailer.sendMail({ to: mail.to, subject: mail.subject, text: mail.text, headers, messageId })
      return { providerId: info.messageId ?? null }
    },
    close: () => mailer.close(),
  }
}

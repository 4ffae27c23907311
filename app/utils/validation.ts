import { isCommonPassword } from '~/auth/common-passwords'
import { z } from 'zod'
import { isCalendarDate } from '~/domain/calendar-date'

/** Shared zod field shapes, so every form says the same thing about the same kind of value. */
export const email = z
  .string({ required_error: 'Enter an email address.' })
  .trim()
  .toLowerCase()
  .max(254, 'That email address is too long.')
  .email('Enter a valid email address, like name@example.org.')

export const shortText = (label: string, max = 200) =>
  z
    .string({ required_error: `Enter ${label}.` })
    .trim()
    .min(1, `Enter ${label}.`)
    .max(max, `Keep ${label} under ${max} characters.`)

export const optionalText = (label: string, max = 2000) =>
  z
    .string()
    .trim()
    .max(max, `Keep ${label} under ${max} characters.`)
    .optional()
    .transform((v) => (v ? v : null))

/** An optional phone number: digits and the usual separators (an extension at the end), at most 30 characters. */
export const phone = z
  .string()
  .trim()
  .max(30, 'Keep the phone number under 30 characters.')
  .regex(
    /^[0-9+()\-./ ]*(?:(?:ext\.?|x) ?\d+)?$/i,
    'Use digits, spaces and + ( ) - . / only, with “ext 12” at the end if needed.',
  )
  .refine((v) => v === '' || /\d{3}/.test(v.replace(/\D/g, '')), 'Enter the whole phone number.')
  .optional()
  .transform((v) => (v ? v : null))

/** A new password (participants and staff set it): messages are i18n keys, shown in the page language. */
export const newPassword = z
  .string({ required_error: 'password.choose' })
  .min(12, 'password.tooShort')
  .max(200, 'password.tooLong')
  .refine((p) => !isCommonPassword(p), 'password.common')

export const isoDate = (label: string) =>
  z
    .string({ required_error: `Enter ${label}.` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter ${label} as YYYY-MM-DD.`)
    // Date.parse accepts days that do not exist (2025-02-30 is 2 March): check the calendar
    .refine(isCalendarDate, `Enter a real date for ${label}.`)

export const id = z.coerce.number({ invalid_type_error: 'Unknown item.' }).int().positive()

export const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'on' || v === 'true')

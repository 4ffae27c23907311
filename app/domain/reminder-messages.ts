import type { ReminderKind } from '#db/schema'

/**
 * The wording of each reminder (issue 13), from the participant's language strings
 * (app/locales/<lng>/common.json, `reminders.email.*`). Pure: the caller passes a fixed-language
 * `t`. The text never names a programme, a study or a treatment (blinding, and privacy: an email
 * can be read by someone else), which test/unit/reminder-messages.test.ts checks in both languages.
 */
export type Translate = (key: string, vars?: Record<string, string>) => string

/** Which template a reminder uses: the check-in-only track gets no group-meeting wording. */
export type TemplateId = 'meeting_tomorrow' | 'meeting_tomorrow_checkin' | 'survey_open' | 'survey_closing'
export const TEMPLATE_IDS: readonly TemplateId[] = [
  'meeting_tomorrow',
  'meeting_tomorrow_checkin',
  'survey_open',
  'survey_closing',
]

export function templateFor(kind: ReminderKind, track: 'group' | 'checkin_only'): TemplateId {
  return kind === 'meeting_tomorrow' && track === 'checkin_only' ? 'meeting_tomorrow_checkin' : kind
}

export type MessageVars = {
  /** the meeting time, formatted in the person's zone and language */
  when: string
  /** the survey window's last day, in words */
  closes: string
  /** where to act: the participant's home or check-in page */
  link: string
  unsubscribe: string
  preferences: string
}

export function renderReminder(
  t: Translate,
  template: TemplateId,
  vars: MessageVars,
): { subject: string; text: string } {
  const footer = t('reminders.email.footer', {
    app: t('app.name'),
    unsubscribe: vars.unsubscribe,
    preferences: vars.preferences,
  })
  const body = t(`reminders.email.${template}.body`, { when: vars.when, closes: vars.closes, link: vars.link })
  return { subject: t(`reminders.email.${template}.subject`), text: `${body}\n\n--\n${footer}\n` }
}

/** The label a participant sees for a kind (preferences page, unsubscribe page). */
export const KIND_LABEL_KEY: Record<ReminderKind, string> = {
  meeting_tomorrow: 'reminders.prefs.meeting_tomorrow',
  survey_open: 'reminders.prefs.survey_open',
  survey_closing: 'reminders.prefs.survey_closing',
}

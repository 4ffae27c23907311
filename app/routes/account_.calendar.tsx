import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { authorize } from '~/auth/authorize.server'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FormErrors, StatusButton } from '~/components/forms'
import { hasCalendarFeed, removeCalendarFeed, resetCalendarFeed } from '~/domain/calendar-feed.server'
import { invalid, parseSubmission } from '~/utils/forms.server'
import { useFormReply } from '~/utils/form-reply'
import { pageTitle } from '~/i18n/i18n.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'My calendar · Weekly Groups' }]

const CalendarSchema = z.object({ intent: z.enum(['make', 'remove']) })

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, 'calendar:self')
  // participants read the page in their language, its title too; staff pages are English (ADR 011)
  return {
    hasFeed: hasCalendarFeed(user.id),
    title: pageTitle(user.role === 'participant' ? user.locale : 'en', 'calendar.title'),
  }
}

/**
 * Making a link replaces any earlier one (the old one stops at once). The new secret is a
 * credential: it is shown once, in this reply, never in a message cookie or a redirect URL.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await authorize(request, 'calendar:self')
  const submission = await parseSubmission(request, CalendarSchema)
  if (submission.status !== 'success') return invalid(submission)
  if (submission.value.intent === 'remove') {
    removeCalendarFeed(user.id)
    return redirectWithToast('/account/calendar', { description: 'calendar.removed' })
  }
  const token = resetCalendarFeed(user.id)
  const link = new URL(`/calendar/${token}.ics`, request.url)
  return { result: submission.reply(), link: link.toString(), webcal: `webcal://${link.host}${link.pathname}` }
}

export default function MyCalendar() {
  const { hasFeed } = useLoaderData<typeof loader>()
  const made = useActionData<typeof action>() as { link?: string; webcal?: string } | undefined
  const { t } = useTranslation()
  const [form] = useForm({
    id: 'calendar',
    lastResult: useFormReply(),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CalendarSchema }),
  })
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1>{t('calendar.title')}</h1>
      <p>{t('calendar.intro')}</p>
      {made?.link ? (
        <section role="status" className="card border-brand-600 bg-brand-50" aria-labelledby="link-title">
          <h2 id="link-title" className="text-lg">
            {t('calendar.made')}
          </h2>
          <label className="label mt-2" htmlFor="calendar-link">
            {t('calendar.linkLabel')}
          </label>
          <input id="calendar-link" className="input font-mono text-sm" readOnly value={made.link} />
          <p className="mt-2 text-sm">{t('calendar.linkOnce')}</p>
          <h3 className="mt-3 font-semibold">{t('calendar.howTitle')}</h3>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            <li>{t('calendar.howGoogle')}</li>
            <li>{t('calendar.howApple')}</li>
            <li>{t('calendar.howOutlook')}</li>
          </ul>
          <p className="mt-3">
            <a className="btn-secondary" href={made.webcal}>
              {t('calendar.subscribe')}
            </a>
          </p>
        </section>
      ) : (
        <p className="card">{hasFeed ? t('calendar.has') : t('calendar.none')}</p>
      )}
      <FormErrors form={form} />
      <Form method="post" {...getFormProps(form)} className="flex flex-wrap gap-3">
        <StatusButton className="btn" intent="make" name="intent" value="make" pendingText={t('calendar.making')}>
          {hasFeed || made?.link ? t('calendar.remake') : t('calendar.make')}
        </StatusButton>
        {hasFeed ? (
          <StatusButton
            className="btn-secondary"
            intent="remove"
            name="intent"
            value="remove"
            pendingText={t('calendar.removing')}
          >
            {t('calendar.remove')}
          </StatusButton>
        ) : null}
      </Form>
      {hasFeed ? <p className="text-sm text-slate-700">{t('calendar.remakeHint')}</p> : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

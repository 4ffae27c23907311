import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { requireParticipant } from '~/auth/participant.server'
import { BarChart } from '~/components/charts'
import { FormErrors, SelectField, StatusButton, TextField } from '~/components/forms'
import { listGuides } from '~/content/content.server'
import { minutesByWeek, myGuides, practiceLogsSince, todayFor } from '~/domain/portal.server'
import { isCalendarDate } from '~/domain/calendar-date'
import { earliestPracticeDate, practiceEntryProblems } from '~/domain/practice-entry'
import { deletePractice, logPractice, updatePractice } from '~/domain/practice-log.server'
import { invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
import { notFound } from '~/utils/http-errors'
import { redirectWithToast } from '~/utils/toast.server'
import { useTranslation } from 'react-i18next'
import { formatCalendarDate, formatShortDate } from '~/i18n/format'
import { pageTitle } from '~/i18n/i18n.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'My practice' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireParticipant(request)
  const today = todayFor(me)
  const guides = myGuides(me)
  const ownGuides = listGuides(me.arm, me.locale)
  const titles = new Map(ownGuides.map((g) => [g.slug, g.title]))
  const logs = practiceLogsSince(me.participantId, earliestPracticeDate(today))
  const weeks = minutesByWeek(logs, today, 8)
  return {
    title: pageTitle(me.locale, 'practice.title'),
    today,
    thisWeek: guides.thisWeek.map((g) => ({ slug: g.slug, title: g.title, minutes: g.minutes })),
    earlier: guides.earlier.map((g) => ({ slug: g.slug, title: g.title, minutes: g.minutes })),
    options: assignedGuides(guides).map((g) => ({ slug: g.slug, title: g.title })),
    logs: logs.map((l) => ({
      id: l.id,
      date: l.date,
      minutes: l.minutes,
      slug: l.practiceSlug,
      title: titles.get(l.practiceSlug) ?? l.practiceSlug,
    })),
    weeks,
    deleting: entryToConfirm(request, logs),
  }
}

/** `?delete=<id>`: the participant's own entry to confirm deleting (works without JavaScript); else null. */
function entryToConfirm<L extends { id: number }>(request: Request, logs: L[]) {
  const id = new URL(request.url).searchParams.get('delete')
  return (id && logs.find((l) => String(l.id) === id)?.id) || null
}

/** Only guides already assigned (this week's and earlier weeks') are offered and accepted. */
function assignedGuides<G>(guides: { thisWeek: G[]; earlier: G[] }): G[] {
  return [...guides.thisWeek, ...guides.earlier]
}

// Messages are i18n keys, shown in the participant's language by the form controls (ADR 011).
const practiceSlug = z.string({ required_error: 'form.choosePractice' }).max(100, 'form.choosePracticeFromList')
const logId = z
  .number({ invalid_type_error: 'form.unknownEntry', required_error: 'form.unknownEntry' })
  .int()
  .positive()
const entry = {
  practiceSlug,
  date: z
    .string({ required_error: 'form.enterDate' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'form.enterRealDate')
    // Date.parse accepts days that do not exist (2026-09-31 is 1 October): check the calendar
    .refine(isCalendarDate, 'form.enterRealDate'),
  minutes: z
    .number({ required_error: 'form.enterMinutes', invalid_type_error: 'form.minutesNumber' })
    .int('form.wholeMinutes')
    .min(1, 'form.minMinutes')
    .max(180, 'form.maxMinutes'),
}

/** "I did it today": the guide's own minutes, today. */
const QuickSchema = z.object({ intent: z.literal('quick'), practiceSlug })
const CreateSchema = z.object({ intent: z.literal('create'), ...entry })
const UpdateSchema = z.object({ intent: z.literal('update'), logId, ...entry })
const DeleteSchema = z.object({ intent: z.literal('delete'), logId })
/** The log form's own fields (its intent is the button's: create, or update with the entry's id). */
const EntrySchema = z.object({ logId: logId.optional(), ...entry })
const PracticeSchema = z.discriminatedUnion('intent', [QuickSchema, CreateSchema, UpdateSchema, DeleteSchema])
type Intent = z.infer<typeof PracticeSchema>['intent']
const INTENTS: readonly Intent[] = ['quick', 'create', 'update', 'delete']
const intentOf = (payload: Record<string, unknown>) => INTENTS.find((i) => i === payload.intent)

export async function action({ request }: ActionFunctionArgs) {
  const me = await requireParticipant(request)
  const submission = await parseSubmission(request, PracticeSchema)
  if (submission.status !== 'success') {
    const intent = intentOf(submission.payload)
    // The quick and delete forms have no visible fields: their problems are the form's own.
    const hidden = intent === 'quick' || intent === 'delete' || intent === undefined
    const formErrors = hidden ? Object.values(submission.error ?? {}).flatMap((e) => e ?? []) : undefined
    return invalid(submission, { intent, formErrors })
  }
  const v = submission.value
  const today = todayFor(me)
  const guides = assignedGuides(myGuides(me))
  const ownSlugs = guides.map((g) => g.slug)
  switch (v.intent) {
    case 'quick': {
      const problems = practiceEntryProblems({ entry: v, today, ownSlugs })
      if (problems.length) return invalid(submission, { intent: v.intent, formErrors: problems.map((p) => p.message) })
      const guide = guides.find((g) => g.slug === v.practiceSlug) ?? notFound()
      const logged = logPractice(me.participantId, { practiceSlug: guide.slug, date: today, minutes: guide.minutes })
      return redirectWithToast('/me/practice', { description: loggedMessage(logged) })
    }
    case 'create':
    case 'update': {
      const problems = practiceEntryProblems({ entry: v, today, ownSlugs })
      if (problems.length) return invalid(submission, { intent: v.intent, ...problemsToErrors(problems) })
      const { practiceSlug, date, minutes } = v
      if (v.intent === 'create') {
        const logged = logPractice(me.participantId, { practiceSlug, date, minutes })
        return redirectWithToast('/me/practice', { description: loggedMessage(logged) })
      }
      if (!updatePractice(me.participantId, v.logId, { practiceSlug, date, minutes })) notFound()
      return redirectWithToast('/me/practice', { description: 'toast.entryUpdated' })
    }
    case 'delete':
      if (!deletePractice(me.participantId, v.logId)) notFound()
      return redirectWithToast('/me/practice', { description: 'toast.entryDeleted' })
  }
}

/** A second identical tap within a minute logs nothing new, and says so. */
const loggedMessage = ({ repeated }: { repeated: boolean }) =>
  repeated ? 'toast.practiceAlreadyLogged' : 'toast.practiceLogged'

type Reply = { intent: string | null; result: SubmissionResult<string[]> } | undefined
const replyFor = (reply: Reply, intents: readonly Intent[]) =>
  intents.some((i) => i === reply?.intent) ? reply?.result : undefined

export default function MyPractice() {
  const d = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const [params] = useSearchParams()
  const editing = d.logs.find((l) => String(l.id) === params.get('edit'))
  // Deleting asks first, on the page itself (works without JavaScript): ?delete=<id> shows the question.
  const deleting = d.logs.find((l) => l.id === d.deleting)
  const first = d.thisWeek[0]
  const { t, i18n } = useTranslation()
  const day = (date: string) => formatCalendarDate(date, i18n.language)
  const min = (count: number) => t('units.minutes', { count })
  const [quickForm] = useForm({
    id: 'quick-log',
    lastResult: replyFor(reply, ['quick', 'delete']),
    constraint: getZodConstraint(QuickSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: QuickSchema }),
  })
  return (
    <div className="mx-auto max-w-2xl space-y-5 text-lg">
      <h1>{t('practice.title')}</h1>
      <FormErrors form={quickForm} />
      {deleting ? (
        <section className="card border-amber-700" aria-labelledby="confirm-heading">
          <h2 id="confirm-heading">{t('practice.confirmDeleteHeading')}</h2>
          <p className="mt-1">
            {t('practice.confirmDelete', {
              what: `${day(deleting.date)}: ${deleting.title}, ${min(deleting.minutes)}`,
            })}
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            <DeleteEntryForm id={deleting.id} what={`${day(deleting.date)} ${deleting.title}`} />
            <Link className="btn-secondary" to="/me/practice">
              {t('practice.keep')}
            </Link>
          </div>
        </section>
      ) : null}
      {first ? (
        <Form method="post" {...getFormProps(quickForm)}>
          <input type="hidden" name="practiceSlug" value={first.slug} />
          <StatusButton className="btn w-full text-lg" intent="quick" pendingText={t('guide.logging')}>
            {t('practice.quickToday', { title: first.title, minutes: first.minutes })}
          </StatusButton>
        </Form>
      ) : null}
      <section className="card" aria-labelledby="guides-heading">
        <h2 id="guides-heading">{t('practice.thisWeek')}</h2>
        <ul className="mt-2 space-y-1">
          {d.thisWeek.map((g) => (
            <li key={g.slug}>
              <Link to={`/me/practice/${g.slug}`}>{g.title}</Link> ({min(g.minutes)})
            </li>
          ))}
        </ul>
        {d.earlier.length ? (
          <>
            <h3 className="mt-4">{t('practice.earlier')}</h3>
            <ul className="mt-1 space-y-1">
              {d.earlier.map((g) => (
                <li key={g.slug}>
                  <Link to={`/me/practice/${g.slug}`}>{g.title}</Link> ({min(g.minutes)})
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section className="card" aria-labelledby="log-heading">
        <h2 id="log-heading">{editing ? t('practice.editHeading') : t('practice.logHeading')}</h2>
        <EntryForm
          key={editing ? `edit-${editing.id}` : `new-${d.logs.length}`}
          lastResult={replyFor(reply, ['create', 'update'])}
          today={d.today}
          options={d.options}
          editing={editing}
          suggested={first}
        />
      </section>
      <section className="card" aria-labelledby="chart-heading">
        <h2 id="chart-heading">{t('practice.chartHeading')}</h2>
        <BarChart
          title={t('practice.chartTitle')}
          description={d.weeks.map((w) => t('practice.chartPoint', { end: day(w.end), minutes: w.minutes })).join('; ')}
          categories={d.weeks.map((w) => formatShortDate(w.end, i18n.language))}
          series={[{ label: t('practice.minutesSeries'), values: d.weeks.map((w) => w.minutes) }]}
          height={200}
          width={360}
        />
        <ul className="sr-only">
          {d.weeks.map((w) => (
            <li key={w.end}>{t('practice.chartPoint', { end: day(w.end), minutes: w.minutes })}</li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="entries-heading">
        <h2 id="entries-heading">{t('practice.entries')}</h2>
        {d.logs.length === 0 ? <p className="mt-1">{t('practice.noEntries')}</p> : null}
        <ul className="mt-2 divide-y divide-slate-200">
          {d.logs.map((l) => (
            <li key={l.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                {day(l.date)}: {l.title}, {min(l.minutes)}
              </span>
              <span className="flex gap-2">
                <Link className="btn-secondary min-h-[44px] py-1 text-base" to={`/me/practice?edit=${l.id}`}>
                  {t('practice.edit')}
                  <span className="sr-only">
                    {' '}
                    {day(l.date)} {l.title}
                  </span>
                </Link>
                <Link className="btn-secondary min-h-[44px] py-1 text-base" to={`/me/practice?delete=${l.id}`}>
                  {t('practice.delete')}
                  <span className="sr-only">
                    {' '}
                    {day(l.date)} {l.title}
                  </span>
                </Link>
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}

type Log = { id: number; date: string; minutes: number; slug: string }

/** Logs a new entry, or changes one: the participant's own suggestion values, not clinical ones. */
function EntryForm({
  lastResult,
  today,
  options,
  editing,
  suggested,
}: {
  lastResult: SubmissionResult<string[]> | undefined
  today: string
  options: { slug: string; title: string }[]
  editing: Log | undefined
  suggested: { slug: string; minutes: number } | undefined
}) {
  const [form, fields] = useForm<z.infer<typeof EntrySchema>>({
    id: editing ? `practice-entry-${editing.id}` : 'practice-entry',
    lastResult,
    defaultValue: {
      practiceSlug: editing?.slug ?? suggested?.slug,
      date: editing?.date ?? today,
      minutes: String(editing?.minutes ?? suggested?.minutes ?? 10),
    },
    constraint: getZodConstraint(EntrySchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EntrySchema }),
  })
  const { t } = useTranslation()
  return (
    <Form method="post" className="mt-2" {...getFormProps(form)}>
      <FormErrors form={form} />
      {editing ? <input type="hidden" name={fields.logId.name} value={editing.id} /> : null}
      <SelectField
        meta={fields.practiceSlug}
        label={t('practice.which')}
        options={options.map((o) => ({ value: o.slug, label: o.title }))}
      />
      <div className="grid grid-cols-2 gap-3">
        <TextField meta={fields.date} label={t('practice.date')} type="date" max={today} />
        <TextField meta={fields.minutes} label={t('practice.minutes')} type="number" inputMode="numeric" />
      </div>
      <div className="flex gap-2">
        <StatusButton intent={editing ? 'update' : 'create'} pendingText={t('practice.saving')}>
          {editing ? t('practice.saveChange') : t('practice.logIt')}
        </StatusButton>
        {editing ? (
          <Link className="btn-secondary" to="/me/practice">
            {t('practice.cancel')}
          </Link>
        ) : null}
      </div>
    </Form>
  )
}

function DeleteEntryForm({ id, what }: { id: number; what: string }) {
  const [form, fields] = useForm({
    id: `delete-entry-${id}`,
    constraint: getZodConstraint(DeleteSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DeleteSchema }),
  })
  const { t } = useTranslation()
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name={fields.logId.name} value={id} />
      <StatusButton className="btn" intent="delete" pendingText={t('practice.deleting')}>
        {t('practice.confirmDeleteYes')}
        <span className="sr-only"> {what}</span>
      </StatusButton>
    </Form>
  )
}

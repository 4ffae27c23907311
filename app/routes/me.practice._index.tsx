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
import { earliestPracticeDate, practiceEntryProblems } from '~/domain/practice-entry'
import { addPractice, deletePractice, updatePractice } from '~/domain/practice-log.server'
import { invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
import { notFound } from '~/utils/http-errors'
import { redirectWithToast } from '~/utils/toast.server'
import { isoDate } from '~/utils/validation'

export const meta: MetaFunction = () => [{ title: 'My practice · Weekly Groups' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireParticipant(request)
  const today = todayFor(me)
  const guides = myGuides(me)
  const titles = new Map(listGuides(me.arm).map((g) => [g.slug, g.title]))
  const logs = practiceLogsSince(me.participantId, earliestPracticeDate(today))
  const weeks = minutesByWeek(logs, today, 8)
  return {
    today,
    thisWeek: guides.thisWeek.map((g) => ({ slug: g.slug, title: g.title, minutes: g.minutes })),
    earlier: guides.earlier.map((g) => ({ slug: g.slug, title: g.title, minutes: g.minutes })),
    options: listGuides(me.arm).map((g) => ({ slug: g.slug, title: g.title })),
    logs: logs.map((l) => ({
      id: l.id,
      date: l.date,
      minutes: l.minutes,
      slug: l.practiceSlug,
      title: titles.get(l.practiceSlug) ?? 'Practice',
    })),
    weeks,
  }
}

const practiceSlug = z.string({ required_error: 'Choose a practice.' }).max(100, 'Choose a practice from the list.')
const logId = z.number({ invalid_type_error: 'Unknown entry.', required_error: 'Unknown entry.' }).int().positive()
const entry = {
  practiceSlug,
  date: isoDate('the date'),
  minutes: z
    .number({ required_error: 'Enter the minutes.', invalid_type_error: 'Enter the minutes as a number.' })
    .int('Use whole minutes.')
    .min(1, 'Enter at least 1 minute.')
    .max(180, 'Enter 180 minutes or fewer.'),
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
  const guides = listGuides(me.arm)
  const ownSlugs = guides.map((g) => g.slug)
  switch (v.intent) {
    case 'quick': {
      const problems = practiceEntryProblems({ entry: v, today, ownSlugs })
      if (problems.length) return invalid(submission, { intent: v.intent, formErrors: problems.map((p) => p.message) })
      const guide = guides.find((g) => g.slug === v.practiceSlug) ?? notFound()
      addPractice(me.participantId, { practiceSlug: guide.slug, date: today, minutes: guide.minutes })
      return redirectWithToast('/me/practice', { description: 'Practice logged. Nice work.' })
    }
    case 'create':
    case 'update': {
      const problems = practiceEntryProblems({ entry: v, today, ownSlugs })
      if (problems.length) return invalid(submission, { intent: v.intent, ...problemsToErrors(problems) })
      const { practiceSlug, date, minutes } = v
      if (v.intent === 'create') {
        addPractice(me.participantId, { practiceSlug, date, minutes })
        return redirectWithToast('/me/practice', { description: 'Practice logged. Nice work.' })
      }
      if (!updatePractice(me.participantId, v.logId, { practiceSlug, date, minutes })) notFound()
      return redirectWithToast('/me/practice', { description: 'Entry updated.' })
    }
    case 'delete':
      if (!deletePractice(me.participantId, v.logId)) notFound()
      return redirectWithToast('/me/practice', { description: 'Entry deleted.' })
  }
}

type Reply = { intent: string | null; result: SubmissionResult<string[]> } | undefined
const replyFor = (reply: Reply, intents: readonly Intent[]) =>
  intents.some((i) => i === reply?.intent) ? reply?.result : undefined

export default function MyPractice() {
  const d = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const [params] = useSearchParams()
  const editing = d.logs.find((l) => String(l.id) === params.get('edit'))
  const first = d.thisWeek[0]
  const [quickForm] = useForm({
    id: 'quick-log',
    lastResult: replyFor(reply, ['quick', 'delete']),
    constraint: getZodConstraint(QuickSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: QuickSchema }),
  })
  return (
    <div className="mx-auto max-w-2xl space-y-5 text-lg">
      <h1>My practice</h1>
      <FormErrors form={quickForm} />
      {first ? (
        <Form method="post" {...getFormProps(quickForm)}>
          <input type="hidden" name="practiceSlug" value={first.slug} />
          <StatusButton className="btn w-full text-lg" intent="quick" pendingText="Logging…">
            I did today's practice: {first.title} ({first.minutes} min)
          </StatusButton>
        </Form>
      ) : null}
      <section className="card" aria-labelledby="guides-heading">
        <h2 id="guides-heading">This week</h2>
        <ul className="mt-2 space-y-1">
          {d.thisWeek.map((g) => (
            <li key={g.slug}>
              <Link to={`/me/practice/${g.slug}`}>{g.title}</Link> ({g.minutes} min)
            </li>
          ))}
        </ul>
        {d.earlier.length ? (
          <>
            <h3 className="mt-4">Earlier practices</h3>
            <ul className="mt-1 space-y-1">
              {d.earlier.map((g) => (
                <li key={g.slug}>
                  <Link to={`/me/practice/${g.slug}`}>{g.title}</Link> ({g.minutes} min)
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section className="card" aria-labelledby="log-heading">
        <h2 id="log-heading">{editing ? 'Change an entry' : 'Log a practice'}</h2>
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
        <h2 id="chart-heading">My last 8 weeks</h2>
        <BarChart
          title="Practice minutes per week"
          description={d.weeks.map((w) => `week ending ${w.end}: ${w.minutes} minutes`).join('; ')}
          categories={d.weeks.map((w) => w.end.slice(5))}
          series={[{ label: 'Minutes', values: d.weeks.map((w) => w.minutes) }]}
          height={200}
          width={360}
        />
        <ul className="sr-only">
          {d.weeks.map((w) => (
            <li key={w.end}>
              Week ending {w.end}: {w.minutes} minutes
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="entries-heading">
        <h2 id="entries-heading">My entries</h2>
        {d.logs.length === 0 ? <p className="mt-1">No entries yet.</p> : null}
        <ul className="mt-2 divide-y divide-slate-200">
          {d.logs.map((l) => (
            <li key={l.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                {l.date}: {l.title}, {l.minutes} min
              </span>
              <span className="flex gap-2">
                <Link className="btn-secondary min-h-[40px] py-1 text-base" to={`/me/practice?edit=${l.id}`}>
                  Edit
                  <span className="sr-only">
                    {' '}
                    {l.date} {l.title}
                  </span>
                </Link>
                <DeleteEntryForm id={l.id} what={`${l.date} ${l.title}`} />
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
  return (
    <Form method="post" className="mt-2" {...getFormProps(form)}>
      <FormErrors form={form} />
      {editing ? <input type="hidden" name={fields.logId.name} value={editing.id} /> : null}
      <SelectField
        meta={fields.practiceSlug}
        label="Which practice"
        options={options.map((o) => ({ value: o.slug, label: o.title }))}
      />
      <div className="grid grid-cols-2 gap-3">
        <TextField meta={fields.date} label="Date" type="date" max={today} />
        <TextField meta={fields.minutes} label="Minutes" type="number" inputMode="numeric" />
      </div>
      <div className="flex gap-2">
        <StatusButton intent={editing ? 'update' : 'create'} pendingText="Saving…">
          {editing ? 'Save change' : 'Log it'}
        </StatusButton>
        {editing ? (
          <Link className="btn-secondary" to="/me/practice">
            Cancel
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
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name={fields.logId.name} value={id} />
      <StatusButton className="btn-secondary min-h-[40px] py-1 text-base" intent="delete" pendingText="Deleting…">
        Delete
        <span className="sr-only"> {what}</span>
      </StatusButton>
    </Form>
  )
}

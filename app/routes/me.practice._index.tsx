import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { notFound } from '~/utils/http-errors'
import { BarChart } from '~/components/charts'
import { Field, FormErrors } from '~/components/forms-legacy'
import { listGuides } from '~/content/content.server'
import { minutesByWeek, myGuides, practiceLogsSince, requireOwnParticipant, todayFor } from '~/domain/portal.server'
import { addPractice, deletePractice, updatePractice } from '~/domain/practice-log.server'
import { addDays } from '~/domain/schedule'
import { formError, parseForm } from '~/utils/forms-legacy.server'
import { id, isoDate } from '~/utils/validation'

export const meta: MetaFunction = () => [{ title: 'My practice · Weekly Groups' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireOwnParticipant(request)
  const today = todayFor(me)
  const guides = myGuides(me)
  const titles = new Map(listGuides(me.arm).map((g) => [g.slug, g.title]))
  const logs = practiceLogsSince(me.participantId, addDays(today, -55))
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

export async function action({ request }: ActionFunctionArgs) {
  const me = await requireOwnParticipant(request)
  const today = todayFor(me)
  const ownSlugs = listGuides(me.arm)
  const slug = z
    .string({ required_error: 'Choose a practice.' })
    .refine((s) => ownSlugs.some((g) => g.slug === s), 'Choose a practice from the list.')
  const entry = {
    practiceSlug: slug,
    date: isoDate('the date')
      .refine((d) => d <= today, 'The date cannot be in the future.')
      .refine((d) => d >= addDays(today, -55), 'You can log practices from the last 8 weeks.'),
    minutes: z.coerce
      .number({ invalid_type_error: 'Enter the minutes as a number.' })
      .int('Use whole minutes.')
      .min(1, 'Enter at least 1 minute.')
      .max(180, 'Enter 180 minutes or fewer.'),
  }
  const Schema = z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('quick'), practiceSlug: slug }),
    z.object({ intent: z.literal('create'), ...entry }),
    z.object({ intent: z.literal('update'), logId: id, ...entry }),
    z.object({ intent: z.literal('delete'), logId: id }),
  ])
  const parsed = await parseForm(request, Schema)
  if (!parsed.ok) return parsed.reply
  const v = parsed.value
  switch (v.intent) {
    case 'quick': {
      const guide = ownSlugs.find((g) => g.slug === v.practiceSlug)!
      addPractice(me.participantId, { practiceSlug: guide.slug, date: today, minutes: guide.minutes })
      return redirect('/me/practice?logged=1')
    }
    case 'create':
      addPractice(me.participantId, { practiceSlug: v.practiceSlug, date: v.date, minutes: v.minutes })
      return redirect('/me/practice?logged=1')
    case 'update':
      if (
        !updatePractice(me.participantId, v.logId, { practiceSlug: v.practiceSlug, date: v.date, minutes: v.minutes })
      )
        notFound()
      return redirect('/me/practice?saved=1')
    case 'delete':
      if (!deletePractice(me.participantId, v.logId)) notFound()
      return redirect('/me/practice?deleted=1')
  }
  return formError(['Unknown action.'])
}

export default function MyPractice() {
  const d = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const [params] = useSearchParams()
  const editing = d.logs.find((l) => String(l.id) === params.get('edit'))
  const message = params.get('logged')
    ? 'Practice logged. Nice work.'
    : params.get('saved')
      ? 'Entry updated.'
      : params.get('deleted')
        ? 'Entry deleted.'
        : null
  const first = d.thisWeek[0]
  return (
    <div className="mx-auto max-w-2xl space-y-5 text-lg">
      <h1>My practice</h1>
      {message ? (
        <p role="status" className="card bg-green-50 font-semibold">
          {message}
        </p>
      ) : null}
      {first ? (
        <Form method="post">
          <input type="hidden" name="intent" value="quick" />
          <input type="hidden" name="practiceSlug" value={first.slug} />
          <button className="btn w-full text-lg" type="submit">
            I did today's practice: {first.title} ({first.minutes} min)
          </button>
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
        <FormErrors reply={reply} />
        <Form method="post" className="mt-2" key={editing?.id ?? 'new'}>
          <input type="hidden" name="intent" value={editing ? 'update' : 'create'} />
          {editing ? <input type="hidden" name="logId" value={editing.id} /> : null}
          <Field label="Which practice" name="practiceSlug" reply={reply}>
            <select
              id="f-practiceSlug"
              name="practiceSlug"
              className="input"
              defaultValue={editing?.slug ?? first?.slug}
            >
              {d.options.map((o) => (
                <option key={o.slug} value={o.slug}>
                  {o.title}
                </option>
              ))}
            </select>
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field
              label="Date"
              name="date"
              type="date"
              defaultValue={editing?.date ?? d.today}
              max={d.today}
              reply={reply}
            />
            <Field
              label="Minutes"
              name="minutes"
              type="number"
              inputMode="numeric"
              min={1}
              max={180}
              defaultValue={editing?.minutes ?? first?.minutes ?? 10}
              reply={reply}
            />
          </div>
          <div className="flex gap-2">
            <button className="btn" type="submit">
              {editing ? 'Save change' : 'Log it'}
            </button>
            {editing ? (
              <Link className="btn-secondary" to="/me/practice">
                Cancel
              </Link>
            ) : null}
          </div>
        </Form>
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
                <Form method="post">
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="logId" value={l.id} />
                  <button className="btn-secondary min-h-[40px] py-1 text-base" type="submit">
                    Delete
                    <span className="sr-only">
                      {' '}
                      {l.date} {l.title}
                    </span>
                  </button>
                </Form>
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}

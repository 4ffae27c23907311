import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { authorize } from '~/auth/authorize.server'
import { forbidden, notFound } from '~/utils/http-errors'
import { roleHas } from '~/auth/permissions'
import { BarChart, LineChart } from '~/components/charts'
import { Field, FormErrors, fieldError } from '~/components/forms-legacy'
import { ARM_LABEL } from '~/content/schema'
import { DECISION_LABEL } from '~/domain/continuation'
import { OTHER_SUBSTANCES, TOX_CLASSES } from '~/domain/instruments'
import { participantRecord, recordAdverseEvent, recordTox, withdrawParticipant } from '~/domain/measures.server'
import { minutesByWeek } from '~/domain/portal.server'
import { currentWeek, localDate, periodOfWeek, weeksOfPeriod } from '~/domain/schedule'
import { formError, parseForm } from '~/utils/forms-legacy.server'
import { checkbox, isoDate, shortText } from '~/utils/validation'

export const meta: MetaFunction = () => [{ title: 'Participant · Weekly Groups' }]

function idOf(params: LoaderFunctionArgs['params']) {
  const n = Number(params.participantId)
  return Number.isInteger(n) && n > 0 ? n : -1
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, 'participant:read', { type: 'participant', id: idOf(params) })
  const record = participantRecord(idOf(params))
  if (!record) notFound()
  const { person } = record
  const week = currentWeek(person.schedule, new Date())
  const today = localDate(new Date(), person.schedule.timeZone)
  return {
    ...record,
    armLabel: person.arm ? ARM_LABEL[person.arm] : null,
    week,
    currentPeriod: week > 0 ? periodOfWeek(week) : 1,
    today,
    practiceWeeks: minutesByWeek(record.practice, today, 8),
    // Read was authorized for this participant above; writing needs the role to carry it too.
    canWrite: roleHas(user.role, 'participant:write'),
    canWithdraw: roleHas(user.role, 'cohort:manage'),
  }
}

const result = z.enum(['negative', 'positive'], { errorMap: () => ({ message: 'Choose negative or positive.' }) })

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('tox'),
    period: z.coerce.number().int().min(1, 'Periods run 1–12.').max(12, 'Periods run 1–12.'),
    collectedOn: isoDate('the collection date'),
    panel: shortText('the panel', 100),
    ...Object.fromEntries(TOX_CLASSES.map((c) => [`tox-${c}`, result])),
  }),
  z.object({
    intent: z.literal('ae'),
    description: shortText('a description', 2000),
    onsetDate: isoDate('the onset date'),
    severity: z.enum(['mild', 'moderate', 'severe'], { errorMap: () => ({ message: 'Choose a severity.' }) }),
    relatedness: z.enum(['not_related', 'unlikely', 'possibly', 'probably', 'definitely'], {
      errorMap: () => ({ message: 'Choose relatedness.' }),
    }),
    expectedness: z.enum(['expected', 'unexpected'], {
      errorMap: () => ({ message: 'Choose expected or unexpected.' }),
    }),
    serious: checkbox,
    actionTaken: shortText('the action taken', 1000),
  }),
  z.object({
    intent: z.literal('withdraw'),
    reason: z.enum(['participant-request', 'lost-to-follow-up', 'clinical', 'other'], {
      errorMap: () => ({ message: 'Choose a reason.' }),
    }),
    confirm: z.literal('on', { errorMap: () => ({ message: 'Tick the box to confirm.' }) }),
  }),
])

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await authorize(request, 'participant:write', { type: 'participant', id: idOf(params) })
  const parsed = await parseForm(request, ActionSchema)
  if (!parsed.ok) return parsed.reply
  const v = parsed.value as z.output<typeof ActionSchema> & Record<string, string>
  if (v.intent === 'tox') {
    recordTox(
      idOf(params),
      {
        period: v.period,
        collectedOn: v.collectedOn,
        panel: v.panel,
        results: Object.fromEntries(TOX_CLASSES.map((c) => [c, v[`tox-${c}`]])) as never,
      },
      user.id,
    )
    return { status: 'saved' as const, what: 'Toxicology result saved.' }
  }
  if (v.intent === 'withdraw') {
    if (!roleHas(user.role, 'cohort:manage')) forbidden()
    if (!withdrawParticipant(idOf(params), v.reason, user.id))
      return formError(['This participant has already left the programme.'], {}, 409)
    return { status: 'saved' as const, what: 'Recorded that this participant has left the programme.' }
  }
  const { intent: _intent, ...ae } = v
  recordAdverseEvent(idOf(params), ae as never, user.id)
  return { status: 'saved' as const, what: 'Adverse event saved.' }
}

const RELATEDNESS = [
  ['not_related', 'Not related'],
  ['unlikely', 'Unlikely'],
  ['possibly', 'Possibly'],
  ['probably', 'Probably'],
  ['definitely', 'Definitely'],
] as const

export default function ParticipantPage() {
  const d = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const p = d.person
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link to={`/cohorts/${p.cohortId}`}>{p.cohortName}</Link>
        </p>
        <h1>{p.name ?? p.studyId}</h1>
        <p className="text-slate-700">
          {p.studyId} · {p.groupName ? `${p.groupName} (${d.armLabel})` : 'not randomized'} · {p.gender} ·{' '}
          {p.raceEthnicity} · {p.language}
        </p>
        {p.status === 'withdrawn' ? (
          <p className="mt-1 font-semibold text-red-800">
            Has left the programme{p.withdrawnAt ? ` (${p.withdrawnAt.slice(0, 10)})` : ''}.
          </p>
        ) : null}
        <p className="text-sm text-slate-700">Protected health information: your viewing of this page is recorded.</p>
      </div>
      <FormErrors reply={reply} />
      {reply && 'what' in reply ? (
        <p role="status" className="card bg-green-50">
          {reply.what}
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <section className="card" aria-labelledby="att">
          <h2 id="att">Attendance</h2>
          <p>
            {d.attendance.filter((a) => a.status === 'present' || a.status === 'late').length} group sessions attended
          </p>
          <ul className="mt-2 flex flex-wrap gap-1 text-sm">
            {d.attendance.map((a) => (
              <li key={a.week} className="rounded bg-slate-100 px-2 py-1">
                Wk {a.week}: {a.status}
              </li>
            ))}
          </ul>
          <h3 className="mt-4">Week-8 decision</h3>
          <p>
            {d.decision
              ? `${DECISION_LABEL[d.decision.decision]}${d.decision.eligible ? '' : ' (not eligible)'}`
              : 'None recorded'}
          </p>
        </section>
        <section className="card" aria-labelledby="crav">
          <h2 id="crav">Craving (weekly survey)</h2>
          {d.surveys.length ? (
            <LineChart
              title="Opioid Craving Scale score by week (0–10)"
              description={d.surveys.map((s) => `week ${s.week}: ${s.cravingScore.toFixed(1)}`).join(', ')}
              categories={d.surveys.map((s) => s.week)}
              series={[{ label: 'Craving', values: d.surveys.map((s) => Math.round(s.cravingScore * 10) / 10) }]}
              max={10}
            />
          ) : (
            <p>No surveys yet.</p>
          )}
          <table className="table mt-2">
            <thead>
              <tr>
                <th scope="col">Week</th>
                <th scope="col">Craving</th>
                <th scope="col">Illicit opioid use (7 days)</th>
                <th scope="col">Other</th>
              </tr>
            </thead>
            <tbody>
              {d.surveys.map((s) => (
                <tr key={s.week}>
                  <td>{s.week}</td>
                  <td>{s.cravingScore.toFixed(2)}</td>
                  <td>{s.usedOpioids ? 'Yes' : 'No'}</td>
                  <td>
                    {OTHER_SUBSTANCES.filter((o) => s.otherSubstances[o.id])
                      .map((o) => o.id)
                      .join(', ') || '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card" aria-labelledby="promis">
          <h2 id="promis">PROMIS Anxiety 8a</h2>
          <table className="table mt-2">
            <thead>
              <tr>
                <th scope="col">Week</th>
                <th scope="col">Raw (8–40)</th>
                <th scope="col">T-score</th>
              </tr>
            </thead>
            <tbody>
              {d.promis.map((r) => (
                <tr key={r.week}>
                  <td>{r.week}</td>
                  <td>{r.raw}</td>
                  <td>{r.tScore.toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card" aria-labelledby="prac">
          <h2 id="prac">Practice minutes</h2>
          <BarChart
            title="Practice minutes per week, last 8 weeks"
            description={d.practiceWeeks.map((w) => `week ending ${w.end}: ${w.minutes}`).join(', ')}
            categories={d.practiceWeeks.map((w) => w.end.slice(5))}
            series={[{ label: 'Minutes', values: d.practiceWeeks.map((w) => w.minutes) }]}
          />
        </section>
      </div>
      <section className="card overflow-x-auto" aria-labelledby="tox">
        <h2 id="tox">Oral toxicology</h2>
        <table className="table mt-2">
          <thead>
            <tr>
              <th scope="col">Period (weeks)</th>
              <th scope="col">Collected</th>
              <th scope="col">Panel</th>
              <th scope="col">Positive for</th>
            </tr>
          </thead>
          <tbody>
            {d.tox.map((t) => (
              <tr key={t.id}>
                <td>
                  {t.period} ({weeksOfPeriod(t.period).join('–')})
                </td>
                <td>{t.collectedOn}</td>
                <td>{t.panel}</td>
                <td>
                  {Object.entries(t.results)
                    .filter(([, r]) => r === 'positive')
                    .map(([k]) => k)
                    .join(', ') || 'none'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {d.canWrite ? (
          <Form method="post" className="mt-4 border-t border-slate-200 pt-4" noValidate>
            <h3>Record a result</h3>
            <input type="hidden" name="intent" value="tox" />
            <div className="grid gap-x-4 sm:grid-cols-3">
              <Field
                label="2-week period (1–12)"
                name="period"
                type="number"
                defaultValue={d.currentPeriod}
                reply={reply}
              />
              <Field label="Collected on" name="collectedOn" type="date" defaultValue={d.today} reply={reply} />
              <Field label="Panel" name="panel" defaultValue="Oral fluid 8-panel" reply={reply} />
            </div>
            <div className="grid gap-2 sm:grid-cols-2">
              {TOX_CLASSES.map((c) => (
                <fieldset key={c} className="rounded border border-slate-200 p-2">
                  <legend className="px-1 font-medium capitalize">{c}</legend>
                  <label className="mr-4">
                    <input type="radio" name={`tox-${c}`} value="negative" defaultChecked={c !== 'buprenorphine'} />{' '}
                    Negative
                  </label>
                  <label>
                    <input type="radio" name={`tox-${c}`} value="positive" defaultChecked={c === 'buprenorphine'} />{' '}
                    Positive
                  </label>
                  {fieldError(reply, `tox-${c}`) ? <p className="error">{fieldError(reply, `tox-${c}`)}</p> : null}
                </fieldset>
              ))}
            </div>
            <button className="btn mt-3" type="submit">
              Save result
            </button>
          </Form>
        ) : null}
      </section>
      <section className="card" aria-labelledby="ae">
        <h2 id="ae">Adverse events</h2>
        {d.adverseEvents.length === 0 ? <p>None recorded.</p> : null}
        <ul className="mt-2 space-y-2">
          {d.adverseEvents.map((e) => (
            <li key={e.id} className="rounded border border-slate-200 p-2">
              <strong>{e.onsetDate}</strong> · {e.severity} · {e.relatedness.replace('_', ' ')} · {e.expectedness} ·{' '}
              {e.serious ? 'SERIOUS' : 'not serious'}
              <p>{e.description}</p>
              <p className="text-sm">Action: {e.actionTaken}</p>
            </li>
          ))}
        </ul>
        {d.canWrite ? (
          <Form method="post" className="mt-4 border-t border-slate-200 pt-4" noValidate>
            <h3>Record an adverse event</h3>
            <input type="hidden" name="intent" value="ae" />
            <Field label="Description" name="description" reply={reply}>
              <textarea id="f-description" name="description" className="input" rows={3} maxLength={2000} />
            </Field>
            <div className="grid gap-x-4 sm:grid-cols-2">
              <Field label="Onset date" name="onsetDate" type="date" defaultValue={d.today} reply={reply} />
              <Field label="Severity" name="severity" reply={reply}>
                <select id="f-severity" name="severity" className="input">
                  <option value="mild">Mild</option>
                  <option value="moderate">Moderate</option>
                  <option value="severe">Severe</option>
                </select>
              </Field>
              <Field label="Relatedness to the programme" name="relatedness" reply={reply}>
                <select id="f-relatedness" name="relatedness" className="input">
                  {RELATEDNESS.map(([v, l]) => (
                    <option key={v} value={v}>
                      {l}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="Expectedness" name="expectedness" reply={reply}>
                <select id="f-expectedness" name="expectedness" className="input">
                  <option value="expected">Expected</option>
                  <option value="unexpected">Unexpected</option>
                </select>
              </Field>
            </div>
            <label className="mb-3 flex items-center gap-2">
              <input type="checkbox" name="serious" className="h-5 w-5" /> Serious adverse event
            </label>
            <Field label="Action taken" name="actionTaken" reply={reply} />
            <button className="btn" type="submit">
              Save adverse event
            </button>
          </Form>
        ) : null}
      </section>
      {d.canWithdraw && p.status !== 'withdrawn' ? (
        <section className="card" aria-labelledby="withdraw">
          <h2 id="withdraw">Leaving the programme</h2>
          <p className="text-sm text-slate-700">
            Use this only when the person stops taking part altogether. Someone who chose not to continue after week 8
            has not left: they are on the check-in-only track.
          </p>
          <Form method="post" className="mt-2 flex flex-wrap items-end gap-3">
            <input type="hidden" name="intent" value="withdraw" />
            <Field label="Reason" name="reason" reply={reply}>
              <select id="f-reason" name="reason" className="input">
                <option value="participant-request">Participant asked to stop</option>
                <option value="lost-to-follow-up">Lost to follow-up</option>
                <option value="clinical">Clinical reason</option>
                <option value="other">Other</option>
              </select>
            </Field>
            <label className="mb-4 flex items-center gap-2">
              <input type="checkbox" name="confirm" className="h-5 w-5" /> I confirm this person has left
            </label>
            <button className="btn-secondary mb-4" type="submit">
              Record that they left
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  )
}

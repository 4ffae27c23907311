import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { LineChart } from '~/components/charts'
import { FormErrors, fieldError } from '~/components/forms-legacy'
import { OPIOID_CRAVING_SCALE, OTHER_SUBSTANCES, PROMIS_ANXIETY_8A } from '~/domain/instruments'
import { MeasureError, submitPromis, submitWeeklySurvey } from '~/domain/measures.server'
import { mySurveys, requireOwnParticipant } from '~/domain/portal.server'
import { getProgrammeSettings } from '~/domain/settings.server'
import { openPromisWeeks, openSurveyWeeks } from '~/domain/survey-window'
import { formError, parseForm } from '~/utils/forms-legacy.server'
import { checkbox } from '~/utils/validation'

export const meta: MetaFunction = () => [{ title: 'My check-in · Weekly Groups' }]

function due(participantId: number, schedule: Parameters<typeof openSurveyWeeks>[0]) {
  const grace = getProgrammeSettings().surveyGraceDays
  const now = new Date()
  const done = mySurveys(participantId)
  return {
    done,
    weekly: openSurveyWeeks(schedule, grace, now).find((w) => !done.weekly.some((s) => s.week === w)) ?? null,
    promis: openPromisWeeks(schedule, grace, now).find((w) => !done.promis.some((s) => s.week === w)) ?? null,
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireOwnParticipant(request)
  const { done, weekly, promis } = due(me.participantId, me.schedule)
  return {
    weekly,
    promis,
    history: done.weekly.map((s) => ({
      week: s.week,
      score: Math.round(s.cravingScore * 10) / 10,
      usedOpioids: s.usedOpioids,
    })),
  }
}

const rating = (min: number, max: number) =>
  z.coerce
    .number({ required_error: 'Choose a number.', invalid_type_error: 'Choose a number.' })
    .int()
    .min(min, 'Choose a number from the list.')
    .max(max, 'Choose a number from the list.')

const WeeklySchema = z.object({
  intent: z.literal('weekly'),
  week: z.coerce.number().int().min(1).max(24),
  cravingNow: rating(0, 10),
  cravingCue: rating(0, 10),
  cravingLikelihood: rating(0, 10),
  usedOpioids: z.enum(['yes', 'no'], { errorMap: () => ({ message: 'Choose yes or no.' }) }),
  ...Object.fromEntries(OTHER_SUBSTANCES.map((s) => [s.id, checkbox])),
})

const PromisSchema = z.object({
  intent: z.literal('promis'),
  week: z.coerce.number().int().min(0).max(24),
  ...Object.fromEntries(PROMIS_ANXIETY_8A.items.map((i) => [i.id, rating(1, 5)])),
})

export async function action({ request }: ActionFunctionArgs) {
  const me = await requireOwnParticipant(request)
  const parsed = await parseForm(request, z.discriminatedUnion('intent', [WeeklySchema, PromisSchema]))
  if (!parsed.ok) return parsed.reply
  const v = parsed.value as Record<string, unknown> & { intent: 'weekly' | 'promis'; week: number }
  const open = due(me.participantId, me.schedule)
  try {
    if (v.intent === 'weekly') {
      if (open.weekly !== v.week)
        return formError(['This check-in is closed. A missed week stays missed, and that is okay.'], {}, 409)
      submitWeeklySurvey(me.participantId, {
        week: v.week,
        craving: [v.cravingNow as number, v.cravingCue as number, v.cravingLikelihood as number],
        usedOpioids: v.usedOpioids === 'yes',
        otherSubstances: Object.fromEntries(OTHER_SUBSTANCES.map((s) => [s.id, v[s.id] as boolean])),
      })
    } else {
      if (open.promis !== v.week) return formError(['These questions are not open right now.'], {}, 409)
      submitPromis(
        me.participantId,
        v.week,
        PROMIS_ANXIETY_8A.items.map((i) => v[i.id] as number),
      )
    }
  } catch (error) {
    if (error instanceof MeasureError) return formError([error.message], {}, 409)
    throw error
  }
  return redirect('/me/check-in?done=1')
}

export default function CheckIn() {
  const d = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const [params] = useSearchParams()
  return (
    <div className="mx-auto max-w-2xl space-y-5 text-lg">
      <h1>My check-in</h1>
      {params.get('done') ? (
        <p role="status" className="card bg-green-50 font-semibold">
          Thank you. Your answers are saved.
        </p>
      ) : null}
      <p className="text-base text-slate-700">
        Your answers are private to you and your care team. There are no right or wrong answers.
      </p>
      <FormErrors reply={reply} />
      {d.weekly !== null ? (
        <Form method="post" className="card space-y-5">
          <h2>Week {d.weekly} check-in</h2>
          <input type="hidden" name="intent" value="weekly" />
          <input type="hidden" name="week" value={d.weekly} />
          <p className="text-base">{OPIOID_CRAVING_SCALE.stem}</p>
          {OPIOID_CRAVING_SCALE.items.map((item) => (
            <fieldset key={item.id} aria-invalid={fieldError(reply, item.id) ? true : undefined}>
              <legend className="font-semibold">{item.text}</legend>
              <div className="mt-2 grid grid-cols-6 gap-1 sm:grid-cols-11">
                {OPIOID_CRAVING_SCALE.scale.map((s) => (
                  <label
                    key={s.value}
                    className="flex min-h-[44px] cursor-pointer items-center justify-center rounded border border-slate-400 has-[:checked]:bg-brand-700 has-[:checked]:text-white has-[:focus-visible]:ring-4 has-[:focus-visible]:ring-brand-800"
                  >
                    <input type="radio" name={item.id} value={s.value} className="sr-only" required />
                    {s.label}
                  </label>
                ))}
              </div>
              <p className="mt-1 flex justify-between text-sm text-slate-700">
                <span>0 = not at all</span>
                <span>10 = extremely</span>
              </p>
              {fieldError(reply, item.id) ? <p className="error">{fieldError(reply, item.id)}</p> : null}
            </fieldset>
          ))}
          <fieldset aria-invalid={fieldError(reply, 'usedOpioids') ? true : undefined}>
            <legend className="font-semibold">
              In the past 7 days, did you use opioids that were not prescribed to you?
            </legend>
            <div className="mt-2 flex gap-6">
              <label className="inline-flex min-h-[44px] items-center gap-2">
                <input type="radio" name="usedOpioids" value="no" required /> No
              </label>
              <label className="inline-flex min-h-[44px] items-center gap-2">
                <input type="radio" name="usedOpioids" value="yes" /> Yes
              </label>
            </div>
            {fieldError(reply, 'usedOpioids') ? <p className="error">{fieldError(reply, 'usedOpioids')}</p> : null}
          </fieldset>
          <fieldset>
            <legend className="font-semibold">
              In the past 7 days, did you use any of these? (tick any that apply)
            </legend>
            {OTHER_SUBSTANCES.map((s) => (
              <label key={s.id} className="mt-2 flex min-h-[44px] items-center gap-2">
                <input type="checkbox" name={s.id} className="h-5 w-5" /> {s.label}
              </label>
            ))}
          </fieldset>
          <button className="btn w-full" type="submit">
            Send my check-in
          </button>
        </Form>
      ) : (
        <p className="card">No check-in is open right now. The next one opens the day before your next meeting.</p>
      )}
      {d.promis !== null ? (
        <Form method="post" className="card space-y-5">
          <h2>{PROMIS_ANXIETY_8A.title}</h2>
          <input type="hidden" name="intent" value="promis" />
          <input type="hidden" name="week" value={d.promis} />
          <p>{PROMIS_ANXIETY_8A.stem}</p>
          {PROMIS_ANXIETY_8A.items.map((item) => (
            <fieldset key={item.id} aria-invalid={fieldError(reply, item.id) ? true : undefined}>
              <legend className="font-semibold">{item.text}</legend>
              <div className="mt-2 grid grid-cols-2 gap-1 sm:grid-cols-5">
                {PROMIS_ANXIETY_8A.scale.map((s) => (
                  <label
                    key={s.value}
                    className="flex min-h-[44px] items-center gap-2 rounded border border-slate-300 px-2"
                  >
                    <input type="radio" name={item.id} value={s.value} required /> {s.label}
                  </label>
                ))}
              </div>
              {fieldError(reply, item.id) ? <p className="error">{fieldError(reply, item.id)}</p> : null}
            </fieldset>
          ))}
          <button className="btn w-full" type="submit">
            Send my answers
          </button>
        </Form>
      ) : null}
      {d.history.length ? (
        <section className="card" aria-labelledby="history-heading">
          <h2 id="history-heading">My craving over time</h2>
          <LineChart
            title="My craving score by week (0 to 10)"
            description={d.history.map((h) => `week ${h.week}: ${h.score}`).join(', ')}
            categories={d.history.map((h) => h.week)}
            series={[{ label: 'Craving', values: d.history.map((h) => h.score) }]}
            max={10}
            width={360}
          />
          <ul className="mt-2 text-base">
            {d.history
              .slice(-6)
              .reverse()
              .map((h) => (
                <li key={h.week}>
                  Week {h.week}: craving {h.score}
                </li>
              ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
}

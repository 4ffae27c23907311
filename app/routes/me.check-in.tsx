import { getCollectionProps, getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { requireParticipant } from '~/auth/participant.server'
import { LineChart } from '~/components/charts'
import { ChoiceField, ErrorList, FormErrors, StatusButton, fieldAria, type Field } from '~/components/forms'
import { OPIOID_CRAVING_SCALE, OTHER_SUBSTANCES, PROMIS_ANXIETY_8A, substancesUsed } from '~/domain/instruments'
import { MeasureError, submitPromis, submitWeeklySurvey } from '~/domain/measures.server'
import { checkInStatus } from '~/domain/portal.server'
import { emptyList, fixedList, withListLength } from '~/utils/fixed-list'
import { invalid, parseSubmission } from '~/utils/forms.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useFormReply } from '~/utils/form-reply'

export const meta: MetaFunction = () => [{ title: 'My check-in · Weekly Groups' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireParticipant(request)
  const { done, due } = checkInStatus(me)
  return {
    weekly: due.weekly,
    promis: due.promis,
    history: done.weekly.map((s) => ({
      week: s.week,
      score: Math.round(s.cravingScore * 10) / 10,
      usedOpioids: s.usedOpioids,
    })),
  }
}

const rating = (min: number, max: number) =>
  z
    .number({ required_error: 'Choose a number.', invalid_type_error: 'Choose a number.' })
    .int('Choose a number from the list.')
    .min(min, 'Choose a number from the list.')
    .max(max, 'Choose a number from the list.')

const answer = z
  .number({ required_error: 'Choose an answer.', invalid_type_error: 'Choose an answer.' })
  .int('Choose an answer from the list.')
  .min(1, 'Choose an answer from the list.')
  .max(5, 'Choose an answer from the list.')

/** The weekly check-in: the craving scale's answers in item order, opioid use, other substances. */
const WeeklySchema = z.object({
  intent: z.literal('weekly'),
  week: z.number().int().min(1).max(24),
  craving: fixedList(rating(0, 10), OPIOID_CRAVING_SCALE.items.length),
  usedOpioids: z.enum(['yes', 'no'], { errorMap: () => ({ message: 'Choose yes or no.' }) }),
  otherSubstances: z
    .array(z.string().refine((id) => OTHER_SUBSTANCES.some((s) => s.id === id), 'Choose from the list.'))
    .default([]),
})

/** PROMIS Anxiety 8a: the answers in item order. */
const PromisSchema = z.object({
  intent: z.literal('promis'),
  week: z.number().int().min(0).max(24),
  items: fixedList(answer, PROMIS_ANXIETY_8A.items.length),
})

const CheckInSchema = z.discriminatedUnion('intent', [WeeklySchema, PromisSchema])
type Intent = z.infer<typeof CheckInSchema>['intent']
const intentOf = (payload: Record<string, unknown>): Intent | undefined =>
  payload.intent === 'weekly' || payload.intent === 'promis' ? payload.intent : undefined

export async function action({ request }: ActionFunctionArgs) {
  const me = await requireParticipant(request)
  const submission = await parseSubmission(request, CheckInSchema)
  if (submission.status !== 'success') return invalid(submission, { intent: intentOf(submission.payload) })
  const v = submission.value
  const { due } = checkInStatus(me)
  try {
    if (v.intent === 'weekly') {
      if (due.weekly !== v.week)
        return invalid(
          submission,
          { intent: v.intent, formErrors: ['This check-in is closed. A missed week stays missed, and that is okay.'] },
          409,
        )
      submitWeeklySurvey(me.participantId, {
        week: v.week,
        craving: v.craving,
        usedOpioids: v.usedOpioids === 'yes',
        otherSubstances: substancesUsed(v.otherSubstances),
      })
    } else {
      if (due.promis !== v.week)
        return invalid(submission, { intent: v.intent, formErrors: ['These questions are not open right now.'] }, 409)
      submitPromis(me.participantId, v.week, v.items)
    }
  } catch (error) {
    if (error instanceof MeasureError)
      return invalid(submission, { intent: v.intent, formErrors: [error.message] }, 409)
    throw error
  }
  return redirectWithToast('/me/check-in', { description: 'Thank you. Your answers are saved.' })
}

export default function CheckIn() {
  const d = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-2xl space-y-5 text-lg">
      <h1>My check-in</h1>
      <p className="text-base text-slate-700">
        Your answers are private to you and your care team. There are no right or wrong answers.
      </p>
      {d.weekly !== null ? (
        <WeeklyForm week={d.weekly} />
      ) : (
        <p className="card">No check-in is open right now. The next one opens the day before your next meeting.</p>
      )}
      {d.promis !== null ? <PromisForm week={d.promis} /> : null}
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

/** The reply of the last post, only when it belongs to this form. */
function WeeklyForm({ week }: { week: number }) {
  const count = OPIOID_CRAVING_SCALE.items.length
  const [form, fields] = useForm<z.infer<typeof WeeklySchema>>({
    id: 'weekly-check-in',
    lastResult: withListLength(useFormReply('weekly'), 'craving', count),
    defaultValue: { week: String(week), craving: emptyList(count) },
    constraint: getZodConstraint(WeeklySchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: WeeklySchema }),
  })
  const craving = fields.craving.getFieldList()
  return (
    <Form method="post" className="card space-y-5" {...getFormProps(form)}>
      <h2>Week {week} check-in</h2>
      <FormErrors form={form} />
      <input type="hidden" name={fields.week.name} value={week} />
      <p className="text-base">{OPIOID_CRAVING_SCALE.stem}</p>
      {OPIOID_CRAVING_SCALE.items.map((item, i) => (
        <RatingTiles key={item.id} meta={craving[i]} question={item.text} />
      ))}
      <ChoiceField
        meta={fields.usedOpioids}
        label="In the past 7 days, did you use opioids that were not prescribed to you?"
        legendClassName="font-semibold"
        listClassName="mt-2 flex gap-6"
        options={[
          { value: 'no', label: 'No' },
          { value: 'yes', label: 'Yes' },
        ]}
      />
      <ChoiceField
        meta={fields.otherSubstances}
        type="checkbox"
        label="In the past 7 days, did you use any of these? (tick any that apply)"
        legendClassName="font-semibold"
        listClassName="space-y-1"
        optionClassName="mt-2 flex min-h-[44px] items-center gap-2"
        inputClassName="h-5 w-5"
        options={OTHER_SUBSTANCES.map((s) => ({ value: s.id, label: s.label }))}
      />
      <StatusButton className="btn w-full" intent="weekly" pendingText="Sending…">
        Send my check-in
      </StatusButton>
    </Form>
  )
}

/** One 0–10 rating as large tap targets; the radios inside are visually hidden. */
function RatingTiles({ meta, question }: { meta: Field<number>; question: string }) {
  const options = OPIOID_CRAVING_SCALE.scale.map((s) => String(s.value))
  return (
    <fieldset {...fieldAria(meta)}>
      <legend className="font-semibold">{question}</legend>
      <div className="mt-2 grid grid-cols-6 gap-1 sm:grid-cols-11">
        {getCollectionProps(meta, { type: 'radio', options }).map(({ key, ...props }, i) => (
          <label
            key={key ?? props.value}
            className="flex min-h-[44px] cursor-pointer items-center justify-center rounded border border-slate-400 has-[:checked]:bg-brand-700 has-[:checked]:text-white has-[:focus-visible]:ring-4 has-[:focus-visible]:ring-brand-800"
          >
            <input {...props} id={`${meta.id}-${props.value}`} className="sr-only" />
            {OPIOID_CRAVING_SCALE.scale[i].label}
          </label>
        ))}
      </div>
      <p className="mt-1 flex justify-between text-sm text-slate-700">
        <span>0 = not at all</span>
        <span>10 = extremely</span>
      </p>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </fieldset>
  )
}

function PromisForm({ week }: { week: number }) {
  const count = PROMIS_ANXIETY_8A.items.length
  const [form, fields] = useForm<z.infer<typeof PromisSchema>>({
    id: 'promis',
    lastResult: withListLength(useFormReply('promis'), 'items', count),
    defaultValue: { week: String(week), items: emptyList(count) },
    constraint: getZodConstraint(PromisSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PromisSchema }),
  })
  const items = fields.items.getFieldList()
  return (
    <Form method="post" className="card space-y-5" {...getFormProps(form)}>
      <h2>{PROMIS_ANXIETY_8A.title}</h2>
      <FormErrors form={form} />
      <input type="hidden" name={fields.week.name} value={week} />
      <p>{PROMIS_ANXIETY_8A.stem}</p>
      {PROMIS_ANXIETY_8A.items.map((item, i) => (
        <ChoiceField
          key={item.id}
          meta={items[i]}
          label={item.text}
          className=""
          legendClassName="font-semibold"
          listClassName="mt-2 grid grid-cols-2 gap-1 sm:grid-cols-5"
          optionClassName="flex min-h-[44px] items-center gap-2 rounded border border-slate-300 px-2"
          options={PROMIS_ANXIETY_8A.scale.map((s) => ({ value: String(s.value), label: s.label }))}
        />
      ))}
      <StatusButton className="btn w-full" intent="promis" pendingText="Sending…">
        Send my answers
      </StatusButton>
    </Form>
  )
}

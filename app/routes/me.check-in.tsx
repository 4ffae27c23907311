import { getCollectionProps, getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { requireParticipant } from '~/auth/participant.server'
import { LineChart } from '~/components/charts'
import { ChoiceField, ErrorList, FormErrors, StatusButton, fieldAria, type Field } from '~/components/forms'
import { OPIOID_CRAVING_SCALE, OTHER_SUBSTANCES, PROMIS_ANXIETY_8A, substancesUsed } from '~/domain/instruments'
import { MeasureError, submitPromis, submitWeeklySurvey } from '~/domain/measures.server'
import { checkInStatus } from '~/domain/portal.server'
import { emptyList, fixedList, withListLength } from '~/utils/fixed-list'
import { invalid, parseSubmission } from '~/utils/forms.server'
import { pageTitle } from '~/i18n/i18n.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useFormReply } from '~/utils/form-reply'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'My check-in' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireParticipant(request)
  const { done, due } = checkInStatus(me)
  return {
    title: pageTitle(me.locale, 'checkIn.title'),
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
    .number({ required_error: 'form.chooseNumber', invalid_type_error: 'form.chooseNumber' })
    .int('form.chooseNumberFromList')
    .min(min, 'form.chooseNumberFromList')
    .max(max, 'form.chooseNumberFromList')

const answer = z
  .number({ required_error: 'form.chooseAnswer', invalid_type_error: 'form.chooseAnswer' })
  .int('form.chooseAnswerFromList')
  .min(1, 'form.chooseAnswerFromList')
  .max(5, 'form.chooseAnswerFromList')

// Messages are i18n keys, shown in the participant's language by the form controls (ADR 011).

/** The weekly check-in: the craving scale's answers in item order, opioid use, other substances. */
const WeeklySchema = z.object({
  intent: z.literal('weekly'),
  week: z.number().int().min(1).max(24),
  craving: fixedList(rating(0, 10), OPIOID_CRAVING_SCALE.items.length),
  usedOpioids: z.enum(['yes', 'no'], { errorMap: () => ({ message: 'form.chooseYesNo' }) }),
  otherSubstances: z
    .array(z.string().refine((id) => OTHER_SUBSTANCES.some((s) => s.id === id), 'form.chooseFromList'))
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
      if (due.weekly !== v.week) return invalid(submission, { intent: v.intent, formErrors: ['checkIn.closed'] }, 409)
      submitWeeklySurvey(me.participantId, {
        week: v.week,
        craving: v.craving,
        usedOpioids: v.usedOpioids === 'yes',
        otherSubstances: substancesUsed(v.otherSubstances),
        language: me.locale,
      })
    } else {
      if (due.promis !== v.week)
        return invalid(submission, { intent: v.intent, formErrors: ['checkIn.promisClosed'] }, 409)
      submitPromis(me.participantId, v.week, v.items, me.locale)
    }
  } catch (error) {
    // the one refusal left once the schema and the open week are checked: already answered
    if (error instanceof MeasureError)
      return invalid(submission, { intent: v.intent, formErrors: ['checkIn.alreadyDone'] }, 409)
    throw error
  }
  return redirectWithToast('/me/check-in', { description: 'toast.checkInSaved' })
}

export default function CheckIn() {
  const d = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const number = (n: number) => n.toLocaleString(i18n.language)
  return (
    <div className="mx-auto max-w-2xl space-y-5 text-lg">
      <h1>{t('checkIn.title')}</h1>
      <p className="text-base text-slate-700">{t('checkIn.private')}</p>
      {d.weekly !== null ? <WeeklyForm week={d.weekly} /> : <p className="card">{t('checkIn.noneOpen')}</p>}
      {d.promis !== null ? <PromisForm week={d.promis} /> : null}
      {d.history.length ? (
        <section className="card" aria-labelledby="history-heading">
          <h2 id="history-heading">{t('checkIn.historyHeading')}</h2>
          <LineChart
            title={t('checkIn.chartTitle')}
            description={d.history
              .map((h) => t('checkIn.chartPoint', { week: h.week, score: number(h.score) }))
              .join(', ')}
            categories={d.history.map((h) => h.week)}
            series={[{ label: t('checkIn.cravingSeries'), values: d.history.map((h) => h.score) }]}
            max={10}
            width={360}
          />
          <ul className="mt-2 text-base">
            {d.history
              .slice(-6)
              .reverse()
              .map((h) => (
                <li key={h.week}>{t('checkIn.historyRow', { week: h.week, score: number(h.score) })}</li>
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
  const { t } = useTranslation()
  return (
    <Form method="post" className="card space-y-5" {...getFormProps(form)}>
      <h2>{t('checkIn.weekHeading', { week })}</h2>
      <FormErrors form={form} />
      <input type="hidden" name={fields.week.name} value={week} />
      <p className="text-base">{t('ocs.stem')}</p>
      {OPIOID_CRAVING_SCALE.items.map((item, i) => (
        <RatingTiles key={item.id} meta={craving[i]} question={t(`ocs.${item.id}`)} />
      ))}
      <ChoiceField
        meta={fields.usedOpioids}
        label={t('checkIn.usedOpioids')}
        legendClassName="font-semibold"
        listClassName="mt-2 flex gap-6"
        options={[
          { value: 'no', label: t('checkIn.no') },
          { value: 'yes', label: t('checkIn.yes') },
        ]}
      />
      <ChoiceField
        meta={fields.otherSubstances}
        type="checkbox"
        label={t('checkIn.otherSubstances')}
        legendClassName="font-semibold"
        listClassName="space-y-1"
        optionClassName="mt-2 flex min-h-[44px] items-center gap-2"
        inputClassName="h-5 w-5"
        options={OTHER_SUBSTANCES.map((s) => ({ value: s.id, label: t(`substances.${s.id}`) }))}
      />
      <StatusButton className="btn w-full" intent="weekly" pendingText={t('checkIn.sending')}>
        {t('checkIn.send')}
      </StatusButton>
    </Form>
  )
}

/** One 0–10 rating as large tap targets; the radios inside are visually hidden. */
function RatingTiles({ meta, question }: { meta: Field<number>; question: string }) {
  const options = OPIOID_CRAVING_SCALE.scale.map((s) => String(s.value))
  const { t } = useTranslation()
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
        <span>{t('checkIn.scaleLow')}</span>
        <span>{t('checkIn.scaleHigh')}</span>
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
  const { t, i18n } = useTranslation()
  // The licensed Spanish wording is not available to us: the items stay in English (lang="en"),
  // with a note in the participant's language; the response records the page language.
  const inEnglish = i18n.language !== 'en'
  return (
    <Form method="post" className="card space-y-5" {...getFormProps(form)}>
      <h2 lang="en">{PROMIS_ANXIETY_8A.title}</h2>
      {inEnglish ? <p className="rounded bg-slate-100 p-2 text-base">{t('checkIn.promisInEnglish')}</p> : null}
      <FormErrors form={form} />
      <input type="hidden" name={fields.week.name} value={week} />
      <p lang="en">{PROMIS_ANXIETY_8A.stem}</p>
      {PROMIS_ANXIETY_8A.items.map((item, i) => (
        <ChoiceField
          key={item.id}
          meta={items[i]}
          label={<span lang="en">{item.text}</span>}
          className=""
          legendClassName="font-semibold"
          listClassName="mt-2 grid grid-cols-2 gap-1 sm:grid-cols-5"
          optionClassName="flex min-h-[44px] items-center gap-2 rounded border border-slate-300 px-2"
          options={PROMIS_ANXIETY_8A.scale.map((s) => ({
            value: String(s.value),
            label: <span lang="en">{s.label}</span>,
          }))}
        />
      ))}
      <StatusButton className="btn w-full" intent="promis" pendingText={t('checkIn.sending')}>
        {t('checkIn.sendAnswers')}
      </StatusButton>
    </Form>
  )
}

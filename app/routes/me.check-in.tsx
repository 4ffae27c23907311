import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { requireParticipant } from '~/auth/participant.server'
import { choiceInputs, ErrorList, FormErrors, StatusButton, fieldAria, type Field } from '~/components/forms'
import { checkInProblems } from '~/domain/check-in'
import { checkInReply } from '~/domain/check-in.server'
import { OPIOID_CRAVING_SCALE, OTHER_SUBSTANCES, PROMIS_ANXIETY_8A, substancesUsed } from '~/domain/instruments'
import { MeasureError, submitCheckIn } from '~/domain/measures.server'
import { checkInStatus } from '~/domain/portal.server'
import { emptyList, fixedList, withListLength } from '~/utils/fixed-list'
import { invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
import { pageTitle } from '~/i18n/i18n.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useFormReply } from '~/utils/form-reply'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'My check-in' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireParticipant(request)
  const now = new Date()
  const { done, due } = checkInStatus(me, now)
  return {
    title: pageTitle(me.locale, 'checkIn.title'),
    weekly: due.weekly,
    promis: due.promis,
    // after a check-in of an open week: the thank-you, or the reply to reported use (server text only)
    reply: due.weekly === null ? checkInReply(me, done, now) : null,
  }
}

// Messages are i18n keys, shown in the participant's language by the form controls (ADR 011).
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

/** The weekly questions: the craving scale's answers in item order, opioid use, other substances. */
const WeeklyPart = z.object({
  week: z.number().int().min(1).max(24),
  craving: fixedList(rating(0, 10), OPIOID_CRAVING_SCALE.items.length),
  usedOpioids: z.enum(['yes', 'no'], { errorMap: () => ({ message: 'form.chooseYesNo' }) }),
  otherSubstances: z
    .array(z.string().refine((id) => OTHER_SUBSTANCES.some((s) => s.id === id), 'form.chooseFromList'))
    .default([]),
})

/** PROMIS Anxiety 8a: the answers in item order. */
const PromisPart = z.object({
  week: z.number().int().min(0).max(24),
  items: fixedList(answer, PROMIS_ANXIETY_8A.items.length),
})

/**
 * The one check-in form: the parts due now (the weekly questions, PROMIS, or both), one submit.
 * A part the page did not show is not sent; the action checks each part sent is the one due.
 */
const CheckInSchema = z.object({ weekly: WeeklyPart.optional(), promis: PromisPart.optional() })
type CheckIn = z.infer<typeof CheckInSchema>

export async function action({ request }: ActionFunctionArgs) {
  const me = await requireParticipant(request)
  const submission = await parseSubmission(request, CheckInSchema)
  if (submission.status !== 'success') return invalid(submission)
  const { weekly, promis } = submission.value
  const problems = checkInProblems(checkInStatus(me).due, { weekly, promis })
  if (problems.length) return invalid(submission, problemsToErrors(problems), weekly || promis ? 409 : 400)
  try {
    submitCheckIn(
      me.participantId,
      {
        weekly: weekly && {
          week: weekly.week,
          craving: weekly.craving,
          usedOpioids: weekly.usedOpioids === 'yes',
          otherSubstances: substancesUsed(weekly.otherSubstances),
          language: me.locale,
        },
        promis,
      },
      me.locale,
    )
  } catch (error) {
    // the one refusal left once the schema and the open weeks are checked: already answered
    if (error instanceof MeasureError) return invalid(submission, { formErrors: ['checkIn.alreadyDone'] }, 409)
    throw error
  }
  return redirectWithToast('/me/check-in', { description: 'toast.checkInSaved' })
}

export default function CheckInPage() {
  const d = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const open = d.weekly !== null || d.promis !== null
  return (
    <div className="mx-auto max-w-2xl space-y-5 text-lg">
      <h1>{t('checkIn.title')}</h1>
      <p className="text-base text-slate-700">{t('checkIn.private')}</p>
      {open ? <CheckInForm weekly={d.weekly} promis={d.promis} /> : null}
      {!open && d.reply ? <Reply reply={d.reply} /> : null}
      {!open && !d.reply ? <p className="card">{t('checkIn.noneOpen')}</p> : null}
      <p>
        <Link to="/me/check-in/history">{t('checkIn.historyLink')}</Link>
      </p>
    </div>
  )
}

type ReplyData = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['reply']>

/**
 * After this week's check-in. Reported use gets a kind, practical reply — no judgement, the
 * overdose-safety text (identical in both arms), and "talk to your prescriber" — never more advice.
 */
function Reply({ reply }: { reply: ReplyData }) {
  const { t } = useTranslation()
  if (!reply.safety)
    return (
      <section className="card" aria-labelledby="done-heading">
        <h2 id="done-heading">{t('checkIn.doneHeading', { week: reply.week })}</h2>
        <p className="mt-1">{t('checkIn.doneText')}</p>
      </section>
    )
  return (
    <section className="card space-y-3 border-brand-600" aria-labelledby="use-heading">
      <h2 id="use-heading">{t('checkIn.useHeading')}</h2>
      <p>{t('checkIn.useThanks')}</p>
      <div className="rounded border-2 border-amber-700 bg-amber-50 p-3" role="note" aria-labelledby="safety-heading">
        <h3 id="safety-heading">{reply.safety.heading}</h3>
        <ul className="mt-2 list-disc space-y-2 pl-5 text-base">
          {reply.safety.points.map((point) => (
            <li key={point}>{point}</li>
          ))}
        </ul>
      </div>
      <p>{t('checkIn.usePrescriber')}</p>
    </section>
  )
}

const WEEKLY_ITEMS = OPIOID_CRAVING_SCALE.items.length
const PROMIS_ITEMS = PROMIS_ANXIETY_8A.items.length

/** The parts due now in one form: a rejected post shows again every answer of both parts. */
function CheckInForm({ weekly, promis }: { weekly: number | null; promis: number | null }) {
  const { t } = useTranslation()
  const [form, fields] = useForm<CheckIn>({
    id: 'check-in',
    lastResult: withListLength(
      withListLength(useFormReply(), 'weekly.craving', WEEKLY_ITEMS),
      'promis.items',
      PROMIS_ITEMS,
    ),
    defaultValue: {
      ...(weekly !== null ? { weekly: { week: String(weekly), craving: emptyList(WEEKLY_ITEMS) } } : {}),
      ...(promis !== null ? { promis: { week: String(promis), items: emptyList(PROMIS_ITEMS) } } : {}),
    },
    constraint: getZodConstraint(CheckInSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CheckInSchema }),
  })
  return (
    <Form method="post" className="space-y-5" {...getFormProps(form)}>
      <FormErrors form={form} />
      {weekly !== null ? <WeeklyQuestions week={weekly} meta={fields.weekly} /> : null}
      {promis !== null ? <PromisQuestions week={promis} meta={fields.promis} /> : null}
      <StatusButton className="btn w-full text-lg" pendingText={t('checkIn.sending')}>
        {weekly !== null ? t('checkIn.send') : t('checkIn.sendAnswers')}
      </StatusButton>
    </Form>
  )
}

/** A large answer tile: the whole tile is the tap target (at least 44 px high); the radio sits inside. */
const TILE =
  'flex min-h-[48px] cursor-pointer items-center gap-3 rounded border border-slate-400 px-3 py-2 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50 has-[:focus-visible]:ring-4 has-[:focus-visible]:ring-brand-800'

function WeeklyQuestions({ week, meta }: { week: number; meta: Field<CheckIn['weekly']> }) {
  const { t } = useTranslation()
  const fields = meta.getFieldset()
  const craving = fields.craving.getFieldList()
  return (
    <section className="card space-y-5" aria-labelledby="weekly-heading">
      <h2 id="weekly-heading">{t('checkIn.weekHeading', { week })}</h2>
      <input type="hidden" name={fields.week.name} value={week} />
      <p className="text-base">{t('ocs.stem')}</p>
      {OPIOID_CRAVING_SCALE.items.map((item, i) => (
        <RatingTiles key={item.id} meta={craving[i]} question={t(`ocs.${item.id}`)} />
      ))}
      <Choices
        meta={fields.usedOpioids}
        legend={t('checkIn.usedOpioids')}
        listClassName="mt-2 grid grid-cols-2 gap-2"
        options={[
          { value: 'no', label: t('checkIn.no') },
          { value: 'yes', label: t('checkIn.yes') },
        ]}
      />
      <Choices
        meta={fields.otherSubstances}
        type="checkbox"
        legend={t('checkIn.otherSubstances')}
        listClassName="mt-2 grid grid-cols-1 gap-2"
        options={OTHER_SUBSTANCES.map((s) => ({ value: s.id, label: t(`substances.${s.id}`) }))}
      />
    </section>
  )
}

/**
 * PROMIS Anxiety 8a. The licensed Spanish wording is not available to us: the items stay in
 * English (lang="en") with a note in the participant's language; the response records the page
 * language. Options in one column, in reading order (Never → Always).
 */
function PromisQuestions({ week, meta }: { week: number; meta: Field<CheckIn['promis']> }) {
  const { t, i18n } = useTranslation()
  const fields = meta.getFieldset()
  const items = fields.items.getFieldList()
  return (
    <section className="card space-y-5" aria-labelledby="promis-heading">
      <h2 id="promis-heading" lang="en">
        {PROMIS_ANXIETY_8A.title}
      </h2>
      {i18n.language !== 'en' ? (
        <p className="rounded bg-slate-100 p-2 text-base">{t('checkIn.promisInEnglish')}</p>
      ) : null}
      <input type="hidden" name={fields.week.name} value={week} />
      <p lang="en">{PROMIS_ANXIETY_8A.stem}</p>
      {PROMIS_ANXIETY_8A.items.map((item, i) => (
        <Choices
          key={item.id}
          meta={items[i]}
          legend={<span lang="en">{item.text}</span>}
          listClassName="mt-2 grid grid-cols-1 gap-2"
          options={PROMIS_ANXIETY_8A.scale.map((s) => ({
            value: String(s.value),
            label: <span lang="en">{s.label}</span>,
          }))}
        />
      ))}
    </section>
  )
}

/** Radios or checkboxes as large tiles in a fieldset with its legend. */
function Choices({
  meta,
  legend,
  options,
  type = 'radio',
  listClassName,
}: {
  meta: Field
  legend: ReactNode
  options: { value: string; label: ReactNode }[]
  type?: 'radio' | 'checkbox'
  listClassName: string
}) {
  return (
    <fieldset {...fieldAria(meta)}>
      <legend className="font-semibold">{legend}</legend>
      <div className={listClassName}>
        {choiceInputs(
          meta,
          type,
          options.map((o) => o.value),
        ).map((props, i) => (
          <label key={props.value} className={TILE}>
            <input {...props} className="h-6 w-6 shrink-0" />
            {options[i].label}
          </label>
        ))}
      </div>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </fieldset>
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
        {choiceInputs(meta, 'radio', options).map((props, i) => (
          <label
            key={props.value}
            className="flex min-h-[48px] min-w-[44px] cursor-pointer items-center justify-center rounded border border-slate-400 has-[:checked]:bg-brand-700 has-[:checked]:text-white has-[:focus-visible]:ring-4 has-[:focus-visible]:ring-brand-800"
          >
            <input {...props} className="sr-only" />
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

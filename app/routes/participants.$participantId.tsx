import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useRef } from 'react'
import { z } from 'zod'
import { authorize } from '~/auth/authorize.server'
import { roleHas } from '~/auth/permissions'
import { BarChart, LineChart } from '~/components/charts'
import {
  CheckboxField,
  ChoiceField,
  ErrorList,
  FormErrors,
  SelectField,
  StatusButton,
  TextField,
  TextareaField,
  choiceInputs,
  fieldAria,
  type Field,
} from '~/components/forms'
import { ARM_LABEL } from '~/domain/arms'
import {
  adverseEventProblems,
  codes,
  EXPECTEDNESS,
  RELATEDNESS,
  SERIOUS_CONFIRMATION,
  SERIOUS_HINT,
  SERIOUSNESS,
  SEVERITY,
  WITHDRAWAL_REASONS,
} from '~/domain/adverse-events'
import { EARLIEST_EVENT_DATE } from '~/domain/calendar-date'
import { DECISION_LABEL } from '~/domain/continuation'
import { decisionCorrectionsOf } from '~/domain/decisions.server'
import { CorrectionHistory } from '~/components/decision-history'
import { DraftNotice, useFormDraft } from '~/components/form-draft'
import { RecordConflictNotice, VersionField } from '~/components/record-conflict'
import { correctParticipantDetails, lastDetailsSave, participantDetails } from '~/domain/participants.server'
import { changedFields } from '~/domain/record-version'
import { StaleRecordError } from '~/domain/record-version.server'
import { OTHER_SUBSTANCES, PROMIS_ANXIETY_8A, TOX_CLASSES, TOX_RESULTS, toxPanel } from '~/domain/instruments'
import {
  MeasureError,
  participantRecord,
  recordBaselinePromis,
  recordToxResult,
  withdrawParticipant,
} from '~/domain/measures.server'
import { recordAdverseEvent } from '~/domain/adverse-events.server'
import { minutesByWeek } from '~/domain/portal.server'
import { currentWeek, localDate, periodOfWeek, weeksOfPeriod } from '~/domain/schedule'
import { describeToxPeriod, missingToxPeriods } from '~/domain/toxicology'
import { emptyList, fixedList, withListLength } from '~/utils/fixed-list'
import { conflict, invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
import { forbidden, notFound } from '~/utils/http-errors'
import { idParam } from '~/utils/params'
import { redirectWithToast } from '~/utils/toast.server'
import { email, isoDate, phone, shortText } from '~/utils/validation'
import { isCalendarDate } from '~/domain/calendar-date'
import { useFormReply } from '~/utils/form-reply'

export const meta: MetaFunction = () => [{ title: 'Participant · Weekly Groups' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const participantId = idParam(params, 'participantId')
  const user = await authorize(request, 'participant:read', { type: 'participant', id: participantId })
  const record = participantRecord(participantId) ?? notFound()
  const { person } = record
  const week = currentWeek(person.schedule, new Date())
  const today = localDate(new Date(), person.schedule.timeZone)
  return {
    ...record,
    decisionCorrections: decisionCorrectionsOf([participantId]),
    armLabel: person.arm ? ARM_LABEL[person.arm] : null,
    week,
    currentPeriod: week > 0 ? periodOfWeek(week) : 1,
    today,
    practiceWeeks: minutesByWeek(record.practice, today, 8),
    // 2-week periods that ended without a toxicology test (none expected after they left).
    toxMissing: person.groupId
      ? missingToxPeriods(
          person.schedule,
          today,
          record.tox.map((t) => t.period),
          person.withdrawnAt ? localDate(new Date(person.withdrawnAt), person.schedule.timeZone) : null,
        )
      : [],
    // Read was authorized for this participant above; writing needs the role to carry it too.
    canWrite: roleHas(user.role, 'participant:write'),
    canWithdraw: roleHas(user.role, 'cohort:manage'),
    // Contact details only to those who correct them (coordinators): the least each role needs.
    details: roleHas(user.role, 'cohort:manage') ? participantDetails(participantId) : null,
  }
}

const toxResult = z.enum(TOX_RESULTS, { errorMap: () => ({ message: 'Choose negative or positive.' }) })
const chosen = <T extends string>(values: [T, ...T[]], message: string) =>
  z.enum(values, { errorMap: () => ({ message }) })

/**
 * One toxicology panel: the collection date (its 2-week period is computed from it by
 * recordToxResult) and a result for every class, in TOX_CLASSES order; none preset.
 */
const ToxSchema = z.object({
  intent: z.literal('tox'),
  collectedOn: isoDate('the collection date').refine(isCalendarDate, 'Enter a real date for the collection date.'),
  panel: shortText('the panel', 100),
  results: fixedList(toxResult, TOX_CLASSES.length),
})

/** An adverse event: severity, relatedness and expectedness must each be chosen. */
const AdverseEventSchema = z.object({
  intent: z.literal('ae'),
  description: shortText('a description', 2000),
  onsetDate: isoDate('the onset date'),
  severity: chosen(codes(SEVERITY), 'Choose a severity.'),
  relatedness: chosen(codes(RELATEDNESS), 'Choose relatedness.'),
  expectedness: chosen(codes(EXPECTEDNESS), 'Choose expected or unexpected.'),
  serious: chosen(codes(SERIOUSNESS), 'Say whether it is a serious adverse event.'),
  /** the second step for a serious event (adverseEventProblems): a checkbox, so it works without JavaScript */
  confirmSerious: z.boolean().optional(),
  actionTaken: shortText('the action taken', 1000),
})

const WithdrawSchema = z.object({
  intent: z.literal('withdraw'),
  reason: chosen(codes(WITHDRAWAL_REASONS), 'Choose a reason.'),
  confirm: z.boolean({ required_error: 'Tick the box to confirm.' }),
})

/** Contact details and display name, correctable before and after randomization (ADR 013 version). */
const DetailsSchema = z.object({
  intent: z.literal('details'),
  version: z.number({ required_error: 'Reload the page and try again.' }).int().min(0),
  contactEmail: email,
  contactPhone: phone,
  displayName: z.string().trim().max(120, 'Keep the name under 120 characters.').optional(),
})

const DETAIL_LABELS = { contactEmail: 'Contact email', contactPhone: 'Contact phone', displayName: 'Display name' }

/** Baseline PROMIS Anxiety 8a asked by staff (week 0): every item answered, none preset. */
const BaselineSchema = z.object({
  intent: z.literal('baseline'),
  items: fixedList(
    z.number({ required_error: 'Choose an answer.', invalid_type_error: 'Choose an answer.' }).int().min(1).max(5),
    PROMIS_ANXIETY_8A.items.length,
  ),
})

const ParticipantSchema = z.discriminatedUnion('intent', [
  ToxSchema,
  AdverseEventSchema,
  WithdrawSchema,
  DetailsSchema,
  BaselineSchema,
])
type Intent = z.infer<typeof ParticipantSchema>['intent']
const INTENTS: readonly Intent[] = ['tox', 'ae', 'withdraw', 'details', 'baseline']
const intentOf = (payload: Record<string, unknown>) => INTENTS.find((i) => i === payload.intent)

export async function action({ request, params }: ActionFunctionArgs) {
  const participantId = idParam(params, 'participantId')
  const user = await authorize(request, 'participant:write', { type: 'participant', id: participantId })
  const submission = await parseSubmission(request, ParticipantSchema)
  if (submission.status !== 'success') return invalid(submission, { intent: intentOf(submission.payload) })
  const v = submission.value
  const here = `/participants/${participantId}`
  switch (v.intent) {
    case 'details': {
      if (!roleHas(user.role, 'cohort:manage')) forbidden()
      const typed = { contactEmail: v.contactEmail, contactPhone: v.contactPhone, displayName: v.displayName ?? null }
      let result: ReturnType<typeof correctParticipantDetails>
      try {
        result = correctParticipantDetails(participantId, typed, v.version, user.id)
      } catch (error) {
        if (!(error instanceof StaleRecordError)) throw error
        const saved = participantDetails(participantId) ?? notFound()
        const last = lastDetailsSave(participantId)
        const shown = (d: { contactEmail: string; contactPhone: string | null; displayName: string | null }) => ({
          contactEmail: d.contactEmail,
          contactPhone: d.contactPhone ?? '',
          displayName: saved.userId === null ? '' : (d.displayName ?? ''),
        })
        return conflict(
          submission,
          {
            version: saved.version,
            savedBy: last.by,
            savedAt: last.at,
            changes: changedFields(shown(typed), shown(saved), DETAIL_LABELS),
          },
          { intent: v.intent },
        )
      }
      if (result === null) notFound()
      if (result.problems.length)
        return invalid(submission, { intent: v.intent, ...problemsToErrors(result.problems) }, 409)
      return redirectWithToast(here, {
        description: result.changed.length ? 'Contact details saved.' : 'Nothing had changed: nothing saved.',
      })
    }
    case 'baseline': {
      try {
        recordBaselinePromis(participantId, v.items, user.id)
      } catch (error) {
        if (!(error instanceof MeasureError)) throw error
        return invalid(
          submission,
          { intent: v.intent, formErrors: ['The baseline questionnaire is already recorded.'] },
          409,
        )
      }
      return redirectWithToast(here, { description: 'Baseline questionnaire saved (week 0).' })
    }
    case 'tox': {
      const { collectedOn, panel, results } = v
      const saved = recordToxResult(participantId, { collectedOn, panel, results: toxPanel(results) }, user.id)
      if (!saved.ok) return invalid(submission, { intent: v.intent, ...problemsToErrors(saved.problems) })
      return redirectWithToast(here, {
        description: `Toxicology result saved for 2-week period ${describeToxPeriod(saved.period)}.`,
      })
    }
    case 'ae': {
      const { intent: _intent, confirmSerious, serious, ...event } = v
      const schedule = participantRecord(participantId)?.person.schedule ?? notFound()
      const problems = adverseEventProblems({
        onsetDate: event.onsetDate,
        today: localDate(new Date(), schedule.timeZone),
        serious: serious === 'yes',
        confirmedSerious: confirmSerious === true,
      })
      if (problems.length) return invalid(submission, { intent: v.intent, ...problemsToErrors(problems) })
      recordAdverseEvent(participantId, { ...event, serious: serious === 'yes' }, user.id)
      return redirectWithToast(here, {
        description:
          serious === 'yes' ? 'Serious adverse event saved and flagged to supervisors.' : 'Adverse event saved.',
      })
    }
    case 'withdraw':
      if (!roleHas(user.role, 'cohort:manage')) forbidden()
      if (!withdrawParticipant(participantId, v.reason, user.id))
        return invalid(
          submission,
          { intent: v.intent, formErrors: ['This participant has already left the programme.'] },
          409,
        )
      return redirectWithToast(here, { description: 'Recorded that this participant has left the programme.' })
  }
}

/** The reply of the last post, only when it belongs to this form. */
export default function ParticipantPage() {
  const d = useLoaderData<typeof loader>()
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
      <div className="grid gap-6 lg:grid-cols-2">
        <section className="card" aria-labelledby="att-heading">
          <h2 id="att-heading">Attendance</h2>
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
          <CorrectionHistory corrections={d.decisionCorrections} />
        </section>
        <section className="card" aria-labelledby="crav-heading">
          <h2 id="crav-heading">Craving (weekly survey)</h2>
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
        <section className="card" aria-labelledby="promis-heading">
          <h2 id="promis-heading">PROMIS Anxiety 8a</h2>
          <p className="mt-1 text-sm text-slate-700">
            PROMIS items are shown in English to every participant (the licensed Spanish wording is not in the app).
            “Page language” says when a participant answered with their pages in Spanish.
          </p>
          <table className="table mt-2">
            <thead>
              <tr>
                <th scope="col">Week</th>
                <th scope="col">Raw (8–40)</th>
                <th scope="col">T-score</th>
                <th scope="col">Page language</th>
              </tr>
            </thead>
            <tbody>
              {d.promis.map((r) => (
                <tr key={r.week}>
                  <td>{r.week}</td>
                  <td>{r.raw}</td>
                  <td>{r.tScore.toFixed(1)}</td>
                  <td>{r.language === 'es' ? 'Spanish' : r.language === 'en' ? 'English' : 'not recorded'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {d.canWrite && !d.promis.some((r) => r.week === 0) ? <BaselineForm /> : null}
        </section>
        <section className="card" aria-labelledby="prac-heading">
          <h2 id="prac-heading">Practice minutes</h2>
          <BarChart
            title="Practice minutes per week, last 8 weeks"
            description={d.practiceWeeks.map((w) => `week ending ${w.end}: ${w.minutes}`).join(', ')}
            categories={d.practiceWeeks.map((w) => w.end.slice(5))}
            series={[{ label: 'Minutes', values: d.practiceWeeks.map((w) => w.minutes) }]}
          />
        </section>
      </div>
      <section className="card overflow-x-auto" aria-labelledby="tox-heading">
        <h2 id="tox-heading">Oral toxicology</h2>
        {d.toxMissing.length ? (
          <p className="mt-1 rounded border border-red-300 bg-red-50 p-2 font-semibold text-red-900" role="note">
            ⚠ No test recorded for 2-week period{d.toxMissing.length > 1 ? 's' : ''}{' '}
            {d.toxMissing.map(describeToxPeriod).join(', ')}: the period has ended without a test.
          </p>
        ) : null}
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
        {/* keyed by the count, so a saved form starts empty again */}
        {d.canWrite ? <ToxForm key={d.tox.length} currentPeriod={d.currentPeriod} today={d.today} /> : null}
      </section>
      <section className="card" aria-labelledby="ae-heading">
        <h2 id="ae-heading">Adverse events</h2>
        {d.adverseEvents.length === 0 ? <p>None recorded.</p> : null}
        <ul className="mt-2 space-y-2">
          {d.adverseEvents.map((e) => (
            <li key={e.id} className="rounded border border-slate-200 p-2">
              <strong>{e.onsetDate}</strong> · {e.severity} · {e.relatedness.replace('_', ' ')} · {e.expectedness} ·{' '}
              {e.serious ? (
                <>
                  <strong className="text-red-800">SERIOUS</strong>
                  {e.acknowledgedAt
                    ? ` · acknowledged by a supervisor on ${e.acknowledgedAt.slice(0, 10)}`
                    : ' · awaiting supervisor acknowledgement'}
                </>
              ) : (
                'not serious'
              )}
              <p>{e.description}</p>
              <p className="text-sm">Action: {e.actionTaken}</p>
            </li>
          ))}
        </ul>
        {d.canWrite ? <AdverseEventForm key={d.adverseEvents.length} today={d.today} /> : null}
      </section>
      {d.details ? (
        <section className="card" aria-labelledby="details-heading">
          <h2 id="details-heading">Contact details</h2>
          <p className="text-sm text-slate-700">
            Correct a mistyped email, phone or name here, before or after randomization. Each correction is logged (the
            fields changed, not their values).
          </p>
          <DetailsForm details={d.details} participantId={p.id} />
        </section>
      ) : null}
      {d.canWithdraw && p.status !== 'withdrawn' ? (
        <section className="card" aria-labelledby="withdraw-heading">
          <h2 id="withdraw-heading">Leaving the programme</h2>
          <p className="text-sm text-slate-700">
            Use this only when the person stops taking part altogether. Someone who chose not to continue after week 8
            has not left: they are on the check-in-only track.
          </p>
          <WithdrawForm />
        </section>
      ) : null}
    </div>
  )
}

/** Staff ask the eight questions aloud, in English, and record each answer; nothing is preset. */
function BaselineForm() {
  const count = PROMIS_ANXIETY_8A.items.length
  const [form, fields] = useForm<z.infer<typeof BaselineSchema>>({
    id: 'baseline',
    lastResult: withListLength(useFormReply('baseline'), 'items', count),
    defaultValue: { items: emptyList(count) },
    constraint: getZodConstraint(BaselineSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: BaselineSchema }),
  })
  const items = fields.items.getFieldList()
  return (
    <Form method="post" className="mt-4 border-t border-slate-200 pt-4" {...getFormProps(form)}>
      <h3>Record the baseline questionnaire (week 0)</h3>
      <p className="text-sm text-slate-700">
        Baseline can be completed before randomization. Read each question and its answers aloud in English, as written,
        and record the answer the participant gives. {PROMIS_ANXIETY_8A.stem}
      </p>
      <FormErrors form={form} />
      <div className="grid gap-2 sm:grid-cols-2">
        {PROMIS_ANXIETY_8A.items.map((item, i) => (
          <fieldset key={item.id} className="rounded border border-slate-200 p-2" {...fieldAria(items[i])}>
            <legend className="px-1 font-medium">{item.text}</legend>
            {choiceInputs(
              items[i],
              'radio',
              PROMIS_ANXIETY_8A.scale.map((o) => String(o.value)),
            ).map((props) => (
              <label key={props.value} className="mr-3 inline-flex min-h-[32px] items-center gap-1">
                <input {...props} /> {PROMIS_ANXIETY_8A.scale.find((o) => String(o.value) === props.value)?.label}
              </label>
            ))}
            <ErrorList id={items[i].errorId} errors={items[i].errors} />
          </fieldset>
        ))}
      </div>
      <StatusButton className="btn mt-3" intent="baseline" pendingText="Saving…">
        Save baseline answers
      </StatusButton>
    </Form>
  )
}

function ToxForm({ currentPeriod, today }: { currentPeriod: number; today: string }) {
  const count = TOX_CLASSES.length
  const [form, fields] = useForm<z.infer<typeof ToxSchema>>({
    id: 'tox',
    lastResult: withListLength(useFormReply('tox'), 'results', count),
    defaultValue: { panel: 'Oral fluid 8-panel', results: emptyList(count) },
    constraint: getZodConstraint(ToxSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ToxSchema }),
  })
  const results = fields.results.getFieldList()
  return (
    <Form method="post" className="mt-4 border-t border-slate-200 pt-4" {...getFormProps(form)}>
      <h3>Record a result</h3>
      <FormErrors form={form} />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TextField
          meta={fields.collectedOn}
          label="Collected on"
          type="date"
          max={today}
          hint={`The 2-week period follows from this date (this week is in period ${currentPeriod}).`}
        />
        <TextField meta={fields.panel} label="Panel" />
      </div>
      <div className="grid gap-2 sm:grid-cols-2">
        {TOX_CLASSES.map((c, i) => (
          <ToxResultField key={c} meta={results[i]} substance={c} />
        ))}
      </div>
      <StatusButton className="btn mt-3" intent="tox" pendingText="Saving…">
        Save result
      </StatusButton>
    </Form>
  )
}

/** Negative or positive for one substance class; neither is chosen until staff choose. */
function ToxResultField({ meta, substance }: { meta: Field<string>; substance: string }) {
  return (
    <fieldset className="rounded border border-slate-200 p-2" {...fieldAria(meta)}>
      <legend className="px-1 font-medium capitalize">{substance}</legend>
      {choiceInputs(meta, 'radio', TOX_RESULTS).map((props) => (
        <label key={props.value} className="mr-4 inline-flex min-h-[32px] items-center gap-1 capitalize">
          <input {...props} /> {props.value}
        </label>
      ))}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </fieldset>
  )
}

function AdverseEventForm({ today }: { today: string }) {
  const [form, fields] = useForm<z.infer<typeof AdverseEventSchema>>({
    id: 'adverse-event',
    lastResult: useFormReply('ae'),
    constraint: getZodConstraint(AdverseEventSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AdverseEventSchema }),
  })
  return (
    <Form method="post" className="mt-4 border-t border-slate-200 pt-4" {...getFormProps(form)}>
      <h3>Record an adverse event</h3>
      <FormErrors form={form} />
      <TextareaField meta={fields.description} label="Description" rows={3} />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TextField meta={fields.onsetDate} label="Onset date" type="date" min={EARLIEST_EVENT_DATE} max={today} />
        <SelectField meta={fields.severity} label="Severity" options={SEVERITY} />
        <SelectField meta={fields.relatedness} label="Relatedness to the programme" options={RELATEDNESS} />
        <SelectField meta={fields.expectedness} label="Expectedness" options={EXPECTEDNESS} />
      </div>
      <ChoiceField
        meta={fields.serious}
        label="Is it a serious adverse event?"
        hint={SERIOUS_HINT}
        options={SERIOUSNESS}
      />
      <CheckboxField
        meta={fields.confirmSerious}
        label={`${SERIOUS_CONFIRMATION} (needed only for a serious event: supervisors are told at once)`}
        className="mb-3"
      />
      <TextField meta={fields.actionTaken} label="Action taken" />
      <StatusButton intent="ae" pendingText="Saving…">
        Save adverse event
      </StatusButton>
    </Form>
  )
}

function WithdrawForm() {
  const [form, fields] = useForm<z.infer<typeof WithdrawSchema>>({
    id: 'withdraw',
    lastResult: useFormReply('withdraw'),
    constraint: getZodConstraint(WithdrawSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: WithdrawSchema }),
  })
  return (
    <Form method="post" className="mt-2" {...getFormProps(form)}>
      <FormErrors form={form} />
      <div className="flex flex-wrap items-end gap-3">
        <SelectField meta={fields.reason} label="Reason" options={WITHDRAWAL_REASONS} />
        <CheckboxField meta={fields.confirm} label="I confirm this person has left" className="mb-4" />
        <StatusButton className="btn-secondary mb-4" intent="withdraw" pendingText="Recording…">
          Record that they left
        </StatusButton>
      </div>
    </Form>
  )
}

type Details = NonNullable<ReturnType<typeof participantDetails>>

function DetailsForm({ details, participantId }: { details: Details; participantId: number }) {
  const formRef = useRef<HTMLFormElement>(null)
  const draft = useFormDraft(formRef, `participant-details:${participantId}`, { version: details.version })
  const [form, fields] = useForm<z.infer<typeof DetailsSchema>>({
    id: 'details',
    lastResult: useFormReply('details'),
    defaultValue: {
      contactEmail: details.contactEmail,
      contactPhone: details.contactPhone ?? '',
      displayName: details.displayName ?? '',
    },
    constraint: getZodConstraint(DetailsSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DetailsSchema }),
  })
  return (
    <Form method="post" className="mt-2" ref={formRef} {...getFormProps(form)}>
      <RecordConflictNotice intent="details" reloadTo={`/participants/${participantId}`} />
      <DraftNotice draft={draft} />
      <FormErrors form={form} />
      <VersionField version={details.version} intent="details" />
      <div className="grid gap-x-4 sm:grid-cols-3">
        <TextField meta={fields.contactEmail} label="Contact email" type="email" hint="Also their sign-in email." />
        <TextField meta={fields.contactPhone} label="Contact phone (optional)" type="tel" />
        {details.userId !== null ? (
          <TextField meta={fields.displayName} label="Display name" hint="The name they see when signed in." />
        ) : (
          <p className="text-sm text-slate-700">The display name is set when they are invited.</p>
        )}
      </div>
      <StatusButton intent="details" pendingText="Saving…">
        Save contact details
      </StatusButton>
    </Form>
  )
}

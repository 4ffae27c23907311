import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { authorize } from '~/auth/authorize.server'
import { can } from '~/auth/permissions'
import { FormErrors, StatusButton, TextField } from '~/components/forms'
import { RecordConflictNotice, VersionField } from '~/components/record-conflict'
import { ARM_LABEL } from '~/domain/arms'
import { AUDIT_STATUS_LABEL, type AuditStatus } from '~/domain/audit-queue'
import {
  fidelitySettingsAsSaved,
  getFidelitySettings,
  listQueue,
  updateFidelitySettings,
} from '~/domain/audit-queue.server'
import { changedFields } from '~/domain/record-version'
import { StaleRecordError } from '~/domain/record-version.server'
import { useFormReply } from '~/utils/form-reply'
import { conflict, invalid, parseSubmission } from '~/utils/forms.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Audit queue · Weekly Groups' }]

const REASON = { random: 'Random draw', 'catch-up': 'Catch-up draw', manual: 'Added by hand' } as const

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, 'fidelity:manage')
  const settings = getFidelitySettings()
  const queue = listQueue().map((q) => ({
    meetingId: q.meetingId,
    cohortId: q.cohortId,
    cohortName: q.cohortName,
    groupName: q.groupName,
    arm: ARM_LABEL[q.arm],
    week: q.week,
    date: q.scheduledAt.slice(0, 10),
    facilitators: q.facilitators.join(', ') || '—',
    reason: q.reason ? REASON[q.reason] : '—',
    secondRater: q.secondRater,
    status: q.status,
    raters: q.audits.map((a) => `${a.rater}${a.releasedAt ? ' (released)' : ''}`).join(', '),
    mine: q.audits.some((a) => a.raterId === user.id),
  }))
  const counts = Object.fromEntries(
    (Object.keys(AUDIT_STATUS_LABEL) as AuditStatus[]).map((s) => [s, queue.filter((q) => q.status === s).length]),
  ) as Record<AuditStatus, number>
  return {
    canAudit: can(user, 'fidelity:audit'),
    settings: {
      samplePercent: settings.samplePercent,
      secondRaterPercent: settings.secondRaterPercent,
      version: settings.version,
    },
    queue,
    counts,
  }
}

const percent = (label: string) =>
  z
    .number({ required_error: `Enter the ${label}.`, invalid_type_error: `Enter the ${label} as a whole number.` })
    .int(`Enter the ${label} as a whole number.`)
    .min(0, 'Between 0 and 100.')
    .max(100, 'Between 0 and 100.')

/** The programme's sampling rates (ADR 014). The seed is never edited: past draws stay re-derivable. */
const SettingsSchema = z.object({
  version: z.number().int().min(0),
  samplePercent: percent('share of sessions to audit'),
  secondRaterPercent: percent('share given to a second rater'),
})

export async function action({ request }: ActionFunctionArgs) {
  const user = await authorize(request, 'fidelity:manage')
  const submission = await parseSubmission(request, SettingsSchema)
  if (submission.status !== 'success') return invalid(submission)
  const v = submission.value
  try {
    updateFidelitySettings(
      { samplePercent: v.samplePercent, secondRaterPercent: v.secondRaterPercent },
      v.version,
      user.id,
    )
  } catch (e) {
    if (!(e instanceof StaleRecordError)) throw e
    const saved = fidelitySettingsAsSaved()
    const labels = { samplePercent: 'Sessions audited (%)', secondRaterPercent: 'Of those, second-rated (%)' }
    const str = (o: { samplePercent: number; secondRaterPercent: number }) => ({
      samplePercent: String(o.samplePercent),
      secondRaterPercent: String(o.secondRaterPercent),
    })
    return conflict(submission, {
      version: saved.version,
      savedBy: saved.updatedByName,
      savedAt: saved.updatedAt,
      changes: changedFields(str(v), str(saved), labels),
    })
  }
  return redirectWithToast('/fidelity', {
    description: 'Sampling rates saved. They apply to sessions held from now on.',
  })
}

const STATUS_CLASS: Record<AuditStatus, string> = {
  due: 'font-semibold text-red-800',
  'second-due': 'font-semibold text-amber-900',
  audited: '',
  released: 'text-green-800',
}

export default function AuditQueue() {
  const d = useLoaderData<typeof loader>()
  const [form, fields] = useForm({
    id: 'fidelity-settings',
    lastResult: useFormReply(),
    constraint: getZodConstraint(SettingsSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SettingsSchema }),
    defaultValue: {
      samplePercent: String(d.settings.samplePercent),
      secondRaterPercent: String(d.settings.secondRaterPercent),
    },
  })
  return (
    <div className="space-y-6">
      <div>
        <h1>Fidelity audit queue</h1>
        <p className="text-slate-700">
          Held sessions drawn for audit, per facilitator and arm, when each is recorded as held, plus sessions added by
          hand. <Link to="/fidelity/reports">Fidelity reports</Link>
        </p>
        <ul className="mt-2 flex flex-wrap gap-4" aria-label="Queue summary">
          {(Object.keys(AUDIT_STATUS_LABEL) as AuditStatus[]).map((s) => (
            <li key={s}>
              {AUDIT_STATUS_LABEL[s]}: <strong>{d.counts[s]}</strong>
            </li>
          ))}
        </ul>
      </div>
      <section className="card overflow-x-auto" aria-labelledby="queue-heading">
        <h2 id="queue-heading">Sessions to audit</h2>
        {d.queue.length ? (
          <table className="table mt-2">
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Arm</th>
                <th scope="col">Facilitators</th>
                <th scope="col">Why</th>
                <th scope="col">Second rater</th>
                <th scope="col">Status</th>
                <th scope="col">Audited by</th>
              </tr>
            </thead>
            <tbody>
              {d.queue.map((q) => (
                <tr key={q.meetingId}>
                  <td>
                    {d.canAudit ? (
                      <Link to={`/meetings/${q.meetingId}/audit`}>
                        {q.groupName}, week {q.week}
                      </Link>
                    ) : (
                      `${q.groupName}, week ${q.week}`
                    )}
                    <div className="text-sm text-slate-700">
                      <Link to={`/cohorts/${q.cohortId}`}>{q.cohortName}</Link> · {q.date}
                    </div>
                  </td>
                  <td>{q.arm}</td>
                  <td>{q.facilitators}</td>
                  <td>{q.reason}</td>
                  <td>{q.secondRater ? 'Yes' : 'No'}</td>
                  <td className={STATUS_CLASS[q.status]}>{AUDIT_STATUS_LABEL[q.status]}</td>
                  <td>{q.raters || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>No sessions are in the queue yet. Sessions are drawn as they are recorded as held.</p>
        )}
      </section>
      <section className="card" aria-labelledby="rates-heading">
        <h2 id="rates-heading">Sampling rates</h2>
        <p className="text-sm text-slate-700">
          Each session is drawn once, when first recorded as held, from the programme’s stored seed and the session, so
          the sample can be re-derived and audited. A change applies to sessions held from then on.
        </p>
        <RecordConflictNotice reloadTo="/fidelity" />
        <FormErrors form={form} />
        <Form method="post" {...getFormProps(form)} className="mt-2 flex flex-wrap items-end gap-4">
          <VersionField version={d.settings.version} />
          <TextField meta={fields.samplePercent} label="Sessions audited (%)" type="number" min={0} max={100} />
          <TextField
            meta={fields.secondRaterPercent}
            label="Of those, second-rated (%)"
            type="number"
            min={0}
            max={100}
          />
          <StatusButton pendingText="Saving…" className="btn mb-4">
            Save rates
          </StatusButton>
        </Form>
      </section>
    </div>
  )
}

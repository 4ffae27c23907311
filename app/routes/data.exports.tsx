import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { z } from 'zod'
import { authorize } from '~/auth/authorize.server'
import { CheckboxField, ChoiceField, FormErrors } from '~/components/forms'
import { exportQuery } from '~/domain/exports'
import { exportCounts } from '~/domain/exports.server'
import { useFormReply } from '~/utils/form-reply'
import { invalid, parseSubmission } from '~/utils/forms.server'
import { checkbox } from '~/utils/validation'

export const meta: MetaFunction = () => [{ title: 'Data exports · Weekly Groups' }]

const ExportSchema = z.object({
  kind: z.enum(['redcap', 'analysis'], { errorMap: () => ({ message: 'Choose which export you want.' }) }),
  deidentified: checkbox,
})

/** Exports reveal allocation and hold every participant's data: the data manager's (`data:export`). */
export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request, 'data:export')
  return { counts: exportCounts() }
}

/**
 * Checks the choice (errors shown on this page, with or without JavaScript), then sends the browser
 * to the download, which streams the zip (data.exports.download.tsx). The page stays where it is.
 */
export async function action({ request }: ActionFunctionArgs) {
  await authorize(request, 'data:export')
  const submission = await parseSubmission(request, ExportSchema)
  if (submission.status !== 'success') return invalid(submission)
  const { kind, deidentified } = submission.value
  return redirect(`/data/exports/download?${exportQuery(kind, deidentified)}`)
}

export default function Exports() {
  const { counts } = useLoaderData<typeof loader>()
  const [preparing, setPreparing] = useState(false)
  useEffect(() => {
    if (!preparing) return
    // The browser shows the download itself once the first bytes arrive; hide ours after a while.
    const t = setTimeout(() => setPreparing(false), 15_000)
    return () => clearTimeout(t)
  }, [preparing])
  const [form, fields] = useForm({
    id: 'export',
    lastResult: useFormReply(),
    constraint: getZodConstraint(ExportSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ExportSchema }),
    onSubmit: (event, { submission }) => {
      if (submission?.status === 'success') setPreparing(true)
      else event.preventDefault()
    },
  })
  const files: [string, number][] = [
    ['Participants (enrolment, randomization)', counts.participants],
    ['Weekly check-in surveys', counts.weeklySurveys],
    ['PROMIS Anxiety 8a', counts.promis],
    ['Attendance', counts.attendance],
    ['Oral toxicology (repeating)', counts.tox],
    ['Adverse events (repeating)', counts.adverseEvents],
    ['Home practice logs (repeating)', counts.practiceLogs],
    ['Week-8 continuation decisions', counts.decisions],
  ]
  const total = files.reduce((n, [, c]) => n + c, 0)
  return (
    <div className="space-y-6">
      <div>
        <h1>Data exports</h1>
        <p className="mt-1 max-w-3xl rounded-md border border-amber-600 bg-amber-50 p-3">
          Exports hold every participant&apos;s data and reveal allocation. Every export is recorded in the audit log.
          Store the files only where protected health information may be kept.
        </p>
      </div>
      <section className="card" aria-labelledby="what">
        <h2 id="what">What will be exported</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Records</th>
              <th scope="col">Rows</th>
            </tr>
          </thead>
          <tbody>
            {files.map(([label, n]) => (
              <tr key={label}>
                <th scope="row" className="font-normal">
                  {label}
                </th>
                <td>{n}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">Total</th>
              <td>{total}</td>
            </tr>
          </tbody>
        </table>
        <p className="mt-2 text-sm">
          {counts.randomized} of {counts.participants} participants are randomized; the outcomes file lists those.
        </p>
      </section>
      <section className="card" aria-labelledby="download">
        <h2 id="download">Download</h2>
        <FormErrors form={form} />
        <Form method="post" reloadDocument {...getFormProps(form)}>
          <ChoiceField
            meta={fields.kind}
            label="Export"
            listClassName="flex flex-col gap-1"
            options={[
              {
                value: 'redcap',
                label:
                  'REDCap-ready zip: data dictionary, arms, events, event–form mappings, repeating instruments and the records (longitudinal import)',
              },
              {
                value: 'analysis',
                label: 'Analysis-ready zip: one long-format CSV per instrument, the outcomes file, and a codebook',
              },
            ]}
          />
          <CheckboxField
            meta={fields.deidentified}
            label="De-identified: leave out names, contact details and free text"
            hint="Dates are not shifted. The analysis files never contain names or contact details."
          />
          <button type="submit" className="btn">
            Prepare and download
          </button>
        </Form>
        {preparing ? (
          <div className="mt-4" role="status">
            <label htmlFor="export-progress" className="block">
              Preparing {total} rows. The download starts as soon as the first file is ready and continues while the
              rest is written; your browser shows its progress.
            </label>
            <progress id="export-progress" className="mt-1 w-full" />
          </div>
        ) : null}
      </section>
    </div>
  )
}

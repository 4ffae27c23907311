import type { LoaderFunctionArgs } from '@remix-run/node'
import { audit } from '~/auth/audit.server'
import { authorize } from '~/auth/authorize.server'
import { parseExportQuery } from '~/domain/exports'
import { exportCounts, exportStream } from '~/domain/exports.server'
import { toReadableStream } from '~/domain/zip'

/**
 * The export itself (a resource route: the response is the file). The zip is streamed while it
 * is written, participants a chunk at a time, so the download starts at once and memory stays
 * bounded. Every export is written to the audit log before the first byte leaves.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, 'data:export')
  const choice = parseExportQuery(new URL(request.url).searchParams)
  if (!choice)
    return new Response('Choose which export you want on the exports page (/data/exports).', {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    })
  const { kind, deidentified } = choice
  const now = new Date()
  audit({
    actorId: user.id,
    action: `export.${kind}`,
    entity: 'export',
    detail: `deidentified=${deidentified} participants=${exportCounts().participants}`,
  })
  const name = `mrocc-${kind}${deidentified ? '-deidentified' : ''}-${now.toISOString().slice(0, 10)}.zip`
  return new Response(toReadableStream(exportStream(kind, deidentified, now)), {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

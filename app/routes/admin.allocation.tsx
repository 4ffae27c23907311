import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { audit } from '~/auth/audit.server'
import { authorize } from '~/auth/authorize.server'
import { ARM_LABEL } from '~/domain/arms'
import { allocationSequencesByCohort } from '~/domain/cohorts.server'

export const meta: MetaFunction = () => [{ title: 'Allocation sequences · Weekly Groups' }]

/** Admins only: the concealed sequences. Every view is audit-logged. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, 'allocation:view')
  const { cohorts, rowCount } = allocationSequencesByCohort()
  audit({ actorId: user.id, action: 'allocation.view', entity: 'allocation_sequence', detail: `rows=${rowCount}` })
  return { cohorts }
}

export default function Allocation() {
  const { cohorts } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-6">
      <h1>Allocation sequences</h1>
      <p className="rounded-md border border-amber-600 bg-amber-50 p-3">
        Concealed: never share upcoming allocations with anyone who enrols or leads groups. This view is recorded in the
        audit log.
      </p>
      {cohorts.map((c) => (
        <details key={c.id} className="card">
          <summary className="cursor-pointer text-lg font-semibold">
            {c.name} ({c.rows.filter((r) => r.usedAt).length} of {c.rows.length} used)
          </summary>
          <table className="table mt-2">
            <thead>
              <tr>
                <th scope="col">Position</th>
                <th scope="col">Block (size)</th>
                <th scope="col">Arm</th>
                <th scope="col">Used</th>
                <th scope="col">Study ID</th>
              </tr>
            </thead>
            <tbody>
              {c.rows.map((r) => (
                <tr key={r.position}>
                  <td>{r.position}</td>
                  <td>
                    {r.block} ({r.blockSize})
                  </td>
                  <td>{ARM_LABEL[r.arm]}</td>
                  <td>{r.usedAt ? r.usedAt.slice(0, 10) : '—'}</td>
                  <td>{r.studyId ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ))}
    </div>
  )
}

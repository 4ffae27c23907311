import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { requireParticipant } from '~/auth/participant.server'
import { getProgrammeSettings } from '~/domain/settings.server'
import { CrisisNote } from '~/components/crisis-note'

export const meta: MetaFunction = () => [{ title: 'Get support · Weekly Groups' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireParticipant(request)
  const { contactName, contactPhone } = getProgrammeSettings()
  return { contactName, contactPhone }
}

export default function Support() {
  const { contactName, contactPhone } = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-2xl space-y-4 text-lg">
      <h1>Get support</h1>
      <CrisisNote />
      <section className="card">
        <h2>Your programme team</h2>
        <p className="mt-1">
          {contactName}
          {contactPhone ? (
            <>
              : <a href={`tel:${contactPhone.replace(/[^0-9+]/g, '')}`}>{contactPhone}</a>
            </>
          ) : null}
        </p>
        <p className="mt-2 text-base">Questions about your medicine? Talk to your prescriber or care team.</p>
      </section>
    </div>
  )
}

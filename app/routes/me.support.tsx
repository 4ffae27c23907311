import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireParticipant } from '~/auth/participant.server'
import { getProgrammeSettings } from '~/domain/settings.server'
import { CrisisNote } from '~/components/crisis-note'
import { pageTitle } from '~/i18n/i18n.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Get support' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireParticipant(request)
  const { contactName, contactPhone } = getProgrammeSettings()
  return { title: pageTitle(me.locale, 'support.title'), contactName, contactPhone }
}

export default function Support() {
  const { contactName, contactPhone } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <div className="mx-auto max-w-2xl space-y-4 text-lg">
      <h1>{t('support.title')}</h1>
      <CrisisNote />
      <section className="card">
        <h2>{t('support.team')}</h2>
        <p className="mt-1">
          {contactName}
          {contactPhone ? (
            <>
              : <a href={`tel:${contactPhone.replace(/[^0-9+]/g, '')}`}>{contactPhone}</a>
            </>
          ) : null}
        </p>
        <p className="mt-2 text-base">{t('support.medicine')}</p>
      </section>
    </div>
  )
}

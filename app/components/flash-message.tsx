import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMessage } from '~/i18n/use-message'

export type FlashToast = { id: string; type: 'success' | 'message' | 'error'; title?: string; description: string }

const STYLE: Record<FlashToast['type'], string> = {
  success: 'border-green-300 bg-green-50 text-green-900',
  message: 'border-slate-300 bg-slate-50 text-slate-900',
  error: 'border-red-300 bg-red-50 text-red-900',
}

/**
 * The message an action set on its redirect (toast.server.ts), shown once at the top of the page.
 * Rendered on the server, so it works without JavaScript; with JavaScript it can be dismissed.
 * A participant's message is an i18n key (`toast.practiceLogged`), shown in their language.
 */
export function FlashMessage({ toast }: { toast: FlashToast | null }) {
  const [dismissed, setDismissed] = useState<string | null>(null)
  const [hydrated, setHydrated] = useState(false)
  const message = useMessage()
  const { t } = useTranslation()
  useEffect(() => setHydrated(true), [])
  if (!toast || dismissed === toast.id) return null
  return (
    <div className={`no-print mb-4 flex items-start gap-3 rounded-md border p-3 font-semibold ${STYLE[toast.type]}`}>
      <div className="flex-1" role={toast.type === 'error' ? 'alert' : 'status'}>
        {toast.title ? <p>{message(toast.title)}</p> : null}
        <p className={toast.title ? 'font-normal' : undefined}>{message(toast.description)}</p>
      </div>
      {hydrated ? (
        <button
          type="button"
          className="min-h-[32px] min-w-[32px] rounded px-2 text-sm underline"
          onClick={() => setDismissed(toast.id)}
        >
          {t('app.dismiss')}
        </button>
      ) : null}
    </div>
  )
}

import { useTranslation } from 'react-i18next'
import { isMessageKey } from './config'

/**
 * Shows a message that may be an i18n key (participant forms and flash messages) in the page
 * language; an English sentence (staff forms) is shown as written.
 */
export function useMessage() {
  const { t } = useTranslation()
  return (message: string) => (isMessageKey(message) ? t(message) : message)
}

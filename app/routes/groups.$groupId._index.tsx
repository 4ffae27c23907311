import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { authorize } from '~/auth/authorize.server'
import { getGroup } from '~/domain/groups.server'
import { currentWeek, PROGRAMME_WEEKS } from '~/domain/schedule'
import { notFound } from '~/utils/http-errors'
import { idParam } from '~/utils/params'

/**
 * A group's address without a week (`/groups/7`, and `/groups/7/weeks`): its session screen for
 * this week (week 1 before the first meeting, week 24 after the last).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const groupId = idParam(params, 'groupId')
  await authorize(request, 'group:run', { type: 'group', id: groupId })
  const group = getGroup(groupId)
  if (!group) notFound()
  const week = Math.min(PROGRAMME_WEEKS, Math.max(1, currentWeek(group.schedule, new Date())))
  return redirect(`/groups/${groupId}/weeks/${week}`)
}

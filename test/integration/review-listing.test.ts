import { describe, expect, test } from 'vitest'
import * as cohortList from '~/routes/cohorts._index'
import { createUser } from '../support/factories'
import { load, type RouteModule } from './route-helpers'

/** Independent review: a page number from the URL (1e20 was a 500: SQLite's OFFSET overflowed). */
describe('cohort list paging', () => {
  test.each(['-1', '0', 'abc', '1.5', '1e20', '9007199254740993', '99999999999999999999999', '1000001', ''])(
    '?page=%s is never a 5xx',
    async (page) => {
      const coordinator = await createUser('coordinator')
      const o = await load(cohortList as RouteModule, coordinator, `/cohorts?page=${page}`)
      expect(o.status).toBe(200)
    },
  )
})

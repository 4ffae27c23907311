import { describe, expect, test } from 'vitest'
import { disableAccountProblems } from '~/domain/accounts'
import { programmeSettingsProblems } from '~/domain/programme-settings'

describe('disableAccountProblems', () => {
  test('an admin may disable others, not themselves', () => {
    expect(disableAccountProblems(1, 2)).toEqual([])
    expect(disableAccountProblems(1, 1)).toEqual([{ message: 'You cannot disable your own account.' }])
  })
})

describe('programmeSettingsProblems', () => {
  const ok = { continuationMinSessions: 3, continuationFromWeek: 5, continuationToWeek: 8 }
  test('a window in order that can be met is fine', () => {
    expect(programmeSettingsProblems(ok)).toEqual([])
    expect(programmeSettingsProblems({ ...ok, continuationMinSessions: 4 })).toEqual([])
    expect(programmeSettingsProblems({ ...ok, continuationFromWeek: 8, continuationMinSessions: 1 })).toEqual([])
  })
  test('the last week before the first is refused', () => {
    expect(programmeSettingsProblems({ ...ok, continuationFromWeek: 9 }).map((p) => p.path)).toEqual([
      'continuationToWeek',
    ])
  })
  test('more sessions than weeks in the window is refused', () => {
    expect(programmeSettingsProblems({ ...ok, continuationMinSessions: 5 }).map((p) => p.path)).toEqual([
      'continuationMinSessions',
    ])
  })
})

import { describe, expect, test } from 'vitest'
import { ROLES, type Role } from '#db/schema'
import { can, ENROLMENT_PERMISSIONS, isStaff, START_PAGE, type Permission } from '~/auth/permissions'

const PERMISSIONS: Permission[] = [
  'users:manage',
  'allocation:view',
  'cohort:manage',
  'cohort:read',
  'curriculum:read',
  'content:recordings',
  'group:run',
  'participant:read',
  'participant:write',
  'participant:self',
  'fidelity:audit',
  'fidelity:manage',
  'fidelity:feedback',
  'safety:review',
  'reports:read',
  'outcomes:by_arm',
  'data:export',
  'settings:manage',
  'audit:read',
  'calendar:self',
  'account:self',
]

/** The expected role × permission matrix (no resource facts; facilitator rows tested separately). */
const MATRIX: Record<Role, Permission[]> = {
  admin: [
    'users:manage',
    'cohort:read',
    'curriculum:read',
    'content:recordings',
    'reports:read',
    'settings:manage',
    'audit:read',
    'fidelity:manage',
    'account:self',
  ],
  data_manager: [
    'allocation:view',
    'cohort:read',
    'reports:read',
    'audit:read',
    'outcomes:by_arm',
    'data:export',
    'account:self',
  ],
  coordinator: [
    'cohort:manage',
    'cohort:read',
    'curriculum:read',
    'content:recordings',
    'participant:read',
    'participant:write',
    'reports:read',
    'settings:manage',
    'account:self',
  ],
  supervisor: [
    'cohort:read',
    'curriculum:read',
    'participant:read',
    'fidelity:audit',
    'fidelity:manage',
    'safety:review',
    'reports:read',
    'account:self',
  ],
  // group:run / participant:read / participant:write need facts: without them a facilitator is refused
  facilitator: ['cohort:read', 'curriculum:read', 'calendar:self', 'account:self'],
  participant: ['participant:self', 'calendar:self', 'account:self'],
}

describe('can(): the role × permission matrix without resource facts', () => {
  for (const role of Object.keys(MATRIX) as Role[]) {
    for (const permission of PERMISSIONS) {
      const allowed = MATRIX[role].includes(permission)
      test(`${role} ${allowed ? 'may' : 'may not'} ${permission}`, () => {
        expect(can({ id: 7, role }, permission)).toBe(allowed)
      })
    }
  }
})

describe('can(): key separations', () => {
  test('only the data manager sees the concealed allocation sequence; only the admin manages users', () => {
    expect(ROLES.filter((role) => can({ id: 1, role }, 'allocation:view'))).toEqual(['data_manager'])
    expect(ROLES.filter((role) => can({ id: 1, role }, 'users:manage'))).toEqual(['admin'])
  })

  test('only the data manager sees outcomes compared by arm and exports data (investigators stay blind)', () => {
    expect(ROLES.filter((role) => can({ id: 1, role }, 'outcomes:by_arm'))).toEqual(['data_manager'])
    expect(ROLES.filter((role) => can({ id: 1, role }, 'data:export'))).toEqual(['data_manager'])
  })

  test('no role that sees allocations can enrol or randomize (separation of duties)', () => {
    for (const role of ROLES) {
      if (!can({ id: 1, role }, 'allocation:view')) continue
      for (const p of ENROLMENT_PERMISSIONS) expect(can({ id: 1, role }, p), `${role} ${p}`).toBe(false)
      expect(can({ id: 1, role }, 'participant:write')).toBe(false)
      expect(can({ id: 1, role }, 'users:manage')).toBe(false)
    }
  })

  test('only the supervisor audits fidelity', () => {
    const roles: Role[] = ['admin', 'coordinator', 'supervisor', 'facilitator', 'participant']
    expect(roles.filter((role) => can({ id: 1, role }, 'fidelity:audit'))).toEqual(['supervisor'])
  })

  test('no staff role has participant:self; a participant has nothing else but their own account and calendar', () => {
    for (const role of ROLES.filter((r) => r !== 'participant')) {
      expect(can({ id: 1, role }, 'participant:self', { participantUserId: 1 })).toBe(false)
    }
    const own: Permission[] = ['participant:self', 'account:self', 'calendar:self']
    for (const permission of PERMISSIONS.filter((p) => !own.includes(p))) {
      expect(can({ id: 1, role: 'participant' }, permission, { participantUserId: 1, facilitatorIds: [1] })).toBe(false)
    }
  })
})

describe('can(): a facilitator acts only on the groups they lead', () => {
  const facilitator = { id: 42, role: 'facilitator' as const }

  for (const permission of ['group:run', 'participant:read', 'participant:write', 'fidelity:feedback'] as const) {
    test(`${permission}: allowed for a group they lead`, () => {
      expect(can(facilitator, permission, { facilitatorIds: [42] })).toBe(true)
      expect(can(facilitator, permission, { facilitatorIds: [5, 42] })).toBe(true)
    })

    test(`${permission}: refused for a group they do not lead`, () => {
      expect(can(facilitator, permission, { facilitatorIds: [5, 6] })).toBe(false)
      expect(can(facilitator, permission, { facilitatorIds: [] })).toBe(false)
    })

    test(`${permission}: fails closed without facts`, () => {
      expect(can(facilitator, permission)).toBe(false)
      expect(can(facilitator, permission, {})).toBe(false)
      expect(can(facilitator, permission, { participantUserId: 99 })).toBe(false)
    })
  }

  test('cohort:read on a cohort is limited to cohorts where they lead a group', () => {
    expect(can(facilitator, 'cohort:read', { facilitatorIds: [42, 43] })).toBe(true)
    expect(can(facilitator, 'cohort:read', { facilitatorIds: [43] })).toBe(false)
  })

  test('leading a group does not grant permissions the role lacks', () => {
    for (const permission of [
      'users:manage',
      'allocation:view',
      'cohort:manage',
      'fidelity:audit',
      'reports:read',
      'settings:manage',
    ] as const) {
      expect(can(facilitator, permission, { facilitatorIds: [42] })).toBe(false)
    }
  })

  test('other staff are not restricted by facilitatorIds', () => {
    for (const role of ['coordinator', 'supervisor'] as const) {
      expect(can({ id: 42, role }, 'participant:read', { facilitatorIds: [5] })).toBe(true)
      expect(can({ id: 42, role }, 'participant:read', { facilitatorIds: [] })).toBe(true)
    }
  })
})

describe('can(): participant:self only on their own records', () => {
  const participant = { id: 10, role: 'participant' as const }

  test('allowed on a resource belonging to their own user id', () => {
    expect(can(participant, 'participant:self', { participantUserId: 10 })).toBe(true)
  })

  test("refused on someone else's record", () => {
    expect(can(participant, 'participant:self', { participantUserId: 11 })).toBe(false)
  })

  test('refused on a record with no user account', () => {
    expect(can(participant, 'participant:self', { participantUserId: null })).toBe(false)
  })

  test('with no resource named (their own portal) it is allowed', () => {
    expect(can(participant, 'participant:self')).toBe(true)
  })
})

describe('roles', () => {
  test('isStaff is every role except participant', () => {
    expect(isStaff('admin')).toBe(true)
    expect(isStaff('data_manager')).toBe(true)
    expect(isStaff('coordinator')).toBe(true)
    expect(isStaff('supervisor')).toBe(true)
    expect(isStaff('facilitator')).toBe(true)
    expect(isStaff('participant')).toBe(false)
  })

  test('start pages', () => {
    expect(START_PAGE).toEqual({
      admin: '/admin/users',
      data_manager: '/admin/allocation',
      coordinator: '/cohorts',
      supervisor: '/cohorts',
      facilitator: '/groups',
      participant: '/me',
    })
  })
})

import type { Role } from '#db/schema'

/**
 * Who may do what, as pure data and one pure function. The server side (authorize.server.ts)
 * loads the facts about the resource; this decides.
 */
export type Permission =
  | 'users:manage' // admin: accounts, roles, invitations
  | 'allocation:view' // data manager: the concealed allocation sequence and its log
  | 'cohort:manage' // create cohorts, enrol, randomize, invite participants
  | 'cohort:read' // see a cohort's progress
  | 'curriculum:read' // read lessons (facilitator guides) and every guide
  | 'content:recordings' // upload and replace the recorded audio of practice guides
  | 'group:run' // run and record the group's sessions and week-8 decisions
  | 'participant:read' // a participant's record (staff: audit-logged)
  | 'participant:write' // record check-in measures for a participant
  | 'participant:self' // a participant's own portal
  | 'fidelity:audit' // rate sessions against the lesson, release feedback
  | 'fidelity:manage' // the audit queue, sampling rates and fidelity reports
  | 'fidelity:feedback' // read and acknowledge released fidelity feedback on one's own groups
  | 'safety:review' // see and acknowledge serious adverse events (supervisor)
  | 'reports:read'
  | 'outcomes:by_arm' // data manager: outcome summaries that compare arms, the CONSORT flow
  | 'data:export' // data manager: REDCap and analysis exports (reveal allocation)
  | 'settings:manage'
  | 'audit:read' // admin, data manager: read and export the audit log (reading it is logged)
  | 'calendar:self' // participants and facilitators: their own private calendar feed
  | 'account:self' // everyone: their own account (password, time zone)

export type Actor = { id: number; role: Role }

/** Facts about the resource that the rule needs (loaded by the server). */
export type ResourceFacts = {
  /** facilitators of the group(s) the resource belongs to */
  facilitatorIds?: number[]
  /** the user account of the participant the resource belongs to */
  participantUserId?: number | null
}

/**
 * Separation of duties (ADR 009): whoever can see upcoming allocations (the data manager) holds
 * nothing of enrolment or randomization; the admin runs accounts and settings and sees no
 * allocation; coordinators enrol and randomize without seeing the sequence.
 */
const ROLE_PERMISSIONS: Record<Role, Permission[]> = {
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
  facilitator: [
    'cohort:read',
    'curriculum:read',
    'group:run',
    'participant:read',
    'participant:write',
    'calendar:self',
    'fidelity:feedback',
    'account:self',
  ],
  participant: ['participant:self', 'calendar:self', 'account:self'],
}

/** Permissions that enrol, randomize or otherwise act on who is allocated next. */
export const ENROLMENT_PERMISSIONS: readonly Permission[] = ['cohort:manage']

/** Whether the role carries a permission at all (the resource check is `can`'s job). */
export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission)
}

export function can(actor: Actor, permission: Permission, facts: ResourceFacts = {}): boolean {
  if (!roleHas(actor.role, permission)) return false
  if (permission === 'participant:self') {
    return facts.participantUserId === undefined || facts.participantUserId === actor.id
  }
  // A facilitator acts only on the groups they lead, and on those groups' participants.
  if (actor.role === 'facilitator' && facts.facilitatorIds !== undefined) {
    return facts.facilitatorIds.includes(actor.id)
  }
  if (
    actor.role === 'facilitator' &&
    ['group:run', 'participant:read', 'participant:write', 'fidelity:feedback'].includes(permission)
  ) {
    return false // these always name a resource; without facts, fail closed
  }
  return true
}

/**
 * The status a refusal gets. Participants get 404 wherever existence itself would tell them
 * something: another person's record, or any lesson or guide (blinding). Otherwise 403.
 */
export function refusalStatus(actor: Actor, permission: Permission, namesResource: boolean): 403 | 404 {
  return actor.role === 'participant' && (namesResource || permission === 'curriculum:read') ? 404 : 403
}

export function isStaff(role: Role) {
  return role !== 'participant'
}

/** Where each role starts. */
export const START_PAGE: Record<Role, string> = {
  admin: '/admin/users',
  data_manager: '/admin/allocation',
  coordinator: '/cohorts',
  supervisor: '/cohorts',
  facilitator: '/groups',
  participant: '/me',
}

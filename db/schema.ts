import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

/** Instants are ISO-8601 UTC strings; calendar dates are YYYY-MM-DD in the cohort's zone. */
const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`)

export const ROLES = ['admin', 'data_manager', 'coordinator', 'supervisor', 'facilitator', 'participant'] as const
export type Role = (typeof ROLES)[number]
export const ARMS = ['mrocc', 'recovery_support'] as const
export type Arm = (typeof ARMS)[number]
export const LOCALES = ['en', 'es'] as const
export type Locale = (typeof LOCALES)[number]

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  role: text('role', { enum: ROLES }).notNull(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash'),
  timeZone: text('time_zone').notNull().default('America/New_York'),
  /** the language participant pages are shown in; staff pages are English */
  locale: text('locale', { enum: LOCALES }).notNull().default('en'),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
})

export const authSessions = sqliteTable(
  'auth_sessions',
  {
    /** sha256 of the token held in the cookie: a leaked database row cannot be replayed. */
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    lastSeenAt: text('last_seen_at').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId)],
)

export const loginAttempts = sqliteTable(
  'login_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** `account:<email>` or `address:<ip>` */
    key: text('key').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('login_attempts_key_at_idx').on(t.key, t.at)],
)

/**
 * A form that arrived after its sender's session had lapsed: kept, bound to that user, for an hour,
 * so signing in again brings back what they typed (app/auth/pending-submission.server.ts).
 */
export const pendingSubmissions = sqliteTable(
  'pending_submissions',
  {
    /** sha256 of the token held in the sender's cookie */
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    path: text('path').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('pending_submissions_user_idx').on(t.userId)],
)

export const invitations = sqliteTable('invitations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  expiresAt: text('expires_at').notNull(),
  usedAt: text('used_at'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
})

/** One row (id = 1): the programme's configurable rules. */
/** A person's private calendar feed (issue 13): the secret in its URL, stored only as a hash. */
export const calendarFeeds = sqliteTable('calendar_feeds', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: createdAt(),
})

export const programmeSettings = sqliteTable('programme_settings', {
  id: integer('id').primaryKey(),
  continuationMinSessions: integer('continuation_min_sessions').notNull().default(3),
  continuationFromWeek: integer('continuation_from_week').notNull().default(5),
  continuationToWeek: integer('continuation_to_week').notNull().default(8),
  recoverySupportContinuationCheck: integer('recovery_support_continuation_check', {
    mode: 'boolean',
  })
    .notNull()
    .default(false),
  surveyGraceDays: integer('survey_grace_days').notNull().default(2),
  /** the largest check-in or group minutes difference between the arms' groups in a week that
   *  still counts as time-matched (0: any difference is flagged) */
  timeMatchToleranceMinutes: integer('time_match_tolerance_minutes').notNull().default(0),
  contactName: text('contact_name').notNull().default('Programme team'),
  contactPhone: text('contact_phone').notNull().default(''),
  /** bumped by every save; a save from an older version is refused (ADR 013) */
  version: integer('version').notNull().default(1),
})

export const cohorts = sqliteTable(
  'cohorts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    startDate: text('start_date').notNull(),
    /** 0 = Sunday … 6 = Saturday */
    weekday: integer('weekday').notNull(),
    /** HH:MM, local to timeZone */
    startTime: text('start_time').notNull(),
    timeZone: text('time_zone').notNull(),
    status: text('status', { enum: ['planned', 'active', 'completed'] })
      .notNull()
      .default('planned'),
    createdAt: createdAt(),
  },
  // The cohort list pages newest first (listCohorts): read in index order, never sorted.
  (t) => [index('cohorts_start_idx').on(t.startDate, t.id)],
)

/** The columns that make a cohort's schedule (CohortSchedule): select them as one nested object. */
export const cohortSchedule = {
  startDate: cohorts.startDate,
  weekday: cohorts.weekday,
  startTime: cohorts.startTime,
  timeZone: cohorts.timeZone,
}

export const groups = sqliteTable(
  'groups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    arm: text('arm', { enum: ARMS }).notNull(),
    /** The only name a participant ever sees: reveals nothing about the comparison. */
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('groups_cohort_arm_idx').on(t.cohortId, t.arm)],
)

export const groupFacilitators = sqliteTable(
  'group_facilitators',
  {
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index('gf_user_idx').on(t.userId)],
)

export const PARTICIPANT_STATUSES = ['enrolled', 'active', 'withdrawn', 'completed'] as const

export const participants = sqliteTable(
  'participants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** bumped on every save; a save based on an older version is refused (ADR 013) */
    version: integer('version').notNull().default(1),
    studyId: text('study_id').notNull().unique(),
    userId: integer('user_id')
      .unique()
      .references(() => users.id),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id),
    groupId: integer('group_id').references(() => groups.id),
    contactEmail: text('contact_email').notNull(),
    contactPhone: text('contact_phone'),
    gender: text('gender').notNull(),
    raceEthnicity: text('race_ethnicity').notNull(),
    language: text('language').notNull(),
    eligibilityConfirmed: integer('eligibility_confirmed', { mode: 'boolean' }).notNull(),
    consentedAt: text('consented_at').notNull(),
    /** Whether someone is on the group roster or the check-in-only track is derived from
     *  continuation_decisions (app/domain/continuation.ts), never stored twice. */
    status: text('status', { enum: PARTICIPANT_STATUSES }).notNull().default('enrolled'),
    withdrawnAt: text('withdrawn_at'),
    enrolledBy: integer('enrolled_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('participants_cohort_idx').on(t.cohortId), index('participants_group_idx').on(t.groupId)],
)

export const allocationSequence = sqliteTable(
  'allocation_sequence',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    stratum: text('stratum').notNull().default('all'),
    position: integer('position').notNull(),
    block: integer('block').notNull(),
    blockSize: integer('block_size').notNull(),
    arm: text('arm', { enum: ARMS }).notNull(),
    usedAt: text('used_at'),
    usedBy: integer('used_by').references(() => participants.id),
    revealedBy: integer('revealed_by').references(() => users.id),
  },
  (t) => [uniqueIndex('allocation_position_idx').on(t.cohortId, t.stratum, t.position)],
)

/** A correction never edits an allocation: it is a new, logged event. */
export const allocationCorrections = sqliteTable('allocation_corrections', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  participantId: integer('participant_id')
    .notNull()
    .references(() => participants.id),
  fromGroupId: integer('from_group_id').references(() => groups.id),
  toGroupId: integer('to_group_id').references(() => groups.id),
  reason: text('reason').notNull(),
  recordedBy: integer('recorded_by')
    .notNull()
    .references(() => users.id),
  createdAt: createdAt(),
})

export const MEETING_STATUSES = ['held', 'missed', 'cancelled'] as const

export const meetings = sqliteTable(
  'meetings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** bumped on every save; a save based on an older version is refused (ADR 013) */
    version: integer('version').notNull().default(1),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    week: integer('week').notNull(),
    scheduledAt: text('scheduled_at').notNull(),
    status: text('status', { enum: MEETING_STATUSES }).notNull().default('held'),
    checkinMinutes: integer('checkin_minutes'),
    groupMinutes: integer('group_minutes'),
    lessonSlug: text('lesson_slug'),
    contentHash: text('content_hash'),
    notes: text('notes'),
    recordedBy: integer('recorded_by').references(() => users.id),
    updatedAt: text('updated_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('meetings_group_week_idx').on(t.groupId, t.week)],
)

export const meetingFacilitators = sqliteTable(
  'meeting_facilitators',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] })],
)

export const ATTENDANCE_STATUSES = ['present', 'late', 'excused', 'absent'] as const

export const attendance = sqliteTable(
  'attendance',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    participantId: integer('participant_id')
      .notNull()
      .references(() => participants.id),
    status: text('status', { enum: ATTENDANCE_STATUSES }).notNull(),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.participantId] }),
    index('attendance_participant_idx').on(t.participantId),
  ],
)

/**
 * Who was at the 30-minute check-in: everyone still in the study, the check-in-only track (declined
 * at week 8) included. `attendance` above is the 60-minute group (the roster only); adherence and
 * eligibility count the group.
 */
export const checkinAttendance = sqliteTable(
  'checkin_attendance',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    participantId: integer('participant_id')
      .notNull()
      .references(() => participants.id),
    status: text('status', { enum: ATTENDANCE_STATUSES }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.participantId] }),
    index('checkin_attendance_participant_idx').on(t.participantId),
  ],
)

export const fidelityChecks = sqliteTable(
  'fidelity_checks',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    itemId: text('item_id').notNull(),
    delivered: integer('delivered', { mode: 'boolean' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.itemId] })],
)

export const fidelityAudits = sqliteTable('fidelity_audits', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** bumped on every save; a save based on an older version is refused (ADR 013) */
  version: integer('version').notNull().default(1),
  meetingId: integer('meeting_id')
    .notNull()
    .references(() => meetings.id, { onDelete: 'cascade' }),
  raterId: integer('rater_id')
    .notNull()
    .references(() => users.id),
  /** { [fidelityItemId]: 0 | 1 | 2 } — not delivered / partly / fully */
  itemRatings: text('item_ratings', { mode: 'json' }).$type<Record<string, number>>().notNull(),
  /** { [competenceDomain]: 1..5 } */
  domainRatings: text('domain_ratings', { mode: 'json' }).$type<Record<string, number>>().notNull(),
  proscribedObserved: text('proscribed_observed', { mode: 'json' }).$type<string[]>().notNull(),
  comments: text('comments'),
  createdAt: createdAt(),
  /** last edit (null until edited); each edit keeps the previous version in fidelity_audit_versions */
  updatedAt: text('updated_at'),
  /** released to the facilitator as feedback: from then on the audit is read-only */
  releasedAt: text('released_at'),
  releasedBy: integer('released_by').references(() => users.id),
  /** the facilitator who acknowledged the released feedback, and when */
  acknowledgedAt: text('acknowledged_at'),
  acknowledgedBy: integer('acknowledged_by').references(() => users.id),
})

/** Every earlier version of an audit, kept when its rater edits it (ADR 013, ADR 014). */
export const fidelityAuditVersions = sqliteTable(
  'fidelity_audit_versions',
  {
    auditId: integer('audit_id')
      .notNull()
      .references(() => fidelityAudits.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    itemRatings: text('item_ratings', { mode: 'json' }).$type<Record<string, number>>().notNull(),
    domainRatings: text('domain_ratings', { mode: 'json' }).$type<Record<string, number>>().notNull(),
    proscribedObserved: text('proscribed_observed', { mode: 'json' }).$type<string[]>().notNull(),
    comments: text('comments'),
    /** when this version was saved (its created_at or updated_at) */
    savedAt: text('saved_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.auditId, t.version] })],
)

/** One row (id = 1): the fidelity programme's sampling rates and the seed every draw is hashed from. */
export const fidelitySettings = sqliteTable('fidelity_settings', {
  id: integer('id').primaryKey(),
  version: integer('version').notNull().default(1),
  /** share of held sessions sampled for audit, in percent */
  samplePercent: integer('sample_percent').notNull().default(20),
  /** share of sampled sessions also given to a second rater, in percent */
  secondRaterPercent: integer('second_rater_percent').notNull().default(20),
  /** set once, at random; anyone holding it can re-derive every draw (audit-sampling.ts) */
  seed: text('seed')
    .notNull()
    .default(sql`(lower(hex(randomblob(16))))`),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: text('updated_at'),
})

export const SAMPLE_REASONS = ['random', 'catch-up', 'manual'] as const

/**
 * The audit draw made for each held session, once (the primary key: never drawn or sampled
 * twice), with the numbers behind it. `sampled` rows are the audit queue; a supervisor can add a
 * session by hand (reason `manual`). The session's recording (a link, or a file in the data
 * directory) hangs here, so both raters watch the same one.
 */
export const fidelitySamples = sqliteTable(
  'fidelity_samples',
  {
    meetingId: integer('meeting_id')
      .primaryKey()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    sampled: integer('sampled', { mode: 'boolean' }).notNull(),
    reason: text('reason', { enum: SAMPLE_REASONS }),
    secondRater: integer('second_rater', { mode: 'boolean' }).notNull().default(false),
    sampleDraw: real('sample_draw'),
    secondDraw: real('second_draw'),
    samplePercent: integer('sample_percent'),
    secondRaterPercent: integer('second_rater_percent'),
    addedBy: integer('added_by').references(() => users.id),
    recordingUrl: text('recording_url'),
    /** the stored file's name in the recordings directory (random, never the uploaded name) */
    recordingFile: text('recording_file'),
    recordingType: text('recording_type'),
    recordingBytes: integer('recording_bytes'),
    createdAt: createdAt(),
  },
  (t) => [index('fidelity_samples_sampled_idx').on(t.sampled)],
)

export const DECISIONS = ['continue', 'decline', 'undecided'] as const

export const continuationDecisions = sqliteTable('continuation_decisions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** bumped on every save; a save based on an older version is refused (ADR 013) */
  version: integer('version').notNull().default(1),
  participantId: integer('participant_id')
    .notNull()
    .unique()
    .references(() => participants.id),
  eligible: integer('eligible', { mode: 'boolean' }).notNull(),
  offeredAt: text('offered_at'),
  decision: text('decision', { enum: DECISIONS }).notNull(),
  reasons: text('reasons', { mode: 'json' }).$type<string[]>().notNull(),
  note: text('note'),
  recordedBy: integer('recorded_by')
    .notNull()
    .references(() => users.id),
  recordedAt: text('recorded_at').notNull(),
})

/** What a decision said at one moment: the values a correction replaces and the values it sets. */
export type DecisionSnapshot = {
  decision: (typeof DECISIONS)[number]
  offeredAt: string | null
  reasons: string[]
  note: string | null
}

/**
 * Once the intensive phase has started a week-8 decision is fixed: a change is a correction with
 * a reason, appended here (never edited), while continuation_decisions holds the value now in force.
 */
export const decisionCorrections = sqliteTable(
  'decision_corrections',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    participantId: integer('participant_id')
      .notNull()
      .references(() => participants.id),
    fromDecision: text('from_decision', { enum: DECISIONS }).notNull(),
    toDecision: text('to_decision', { enum: DECISIONS }).notNull(),
    /** the whole record before and after, so every corrected field stays in history */
    fromValue: text('from_value', { mode: 'json' }).$type<DecisionSnapshot>().notNull(),
    toValue: text('to_value', { mode: 'json' }).$type<DecisionSnapshot>().notNull(),
    reason: text('reason').notNull(),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('decision_corrections_participant_idx').on(t.participantId)],
)

export const practiceLogs = sqliteTable(
  'practice_logs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    participantId: integer('participant_id')
      .notNull()
      .references(() => participants.id),
    practiceSlug: text('practice_slug').notNull(),
    date: text('date').notNull(),
    minutes: integer('minutes').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('practice_logs_participant_date_idx').on(t.participantId, t.date)],
)

export const weeklySurveys = sqliteTable(
  'weekly_surveys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    participantId: integer('participant_id')
      .notNull()
      .references(() => participants.id),
    week: integer('week').notNull(),
    cravingNow: integer('craving_now').notNull(),
    cravingCue: integer('craving_cue').notNull(),
    cravingLikelihood: integer('craving_likelihood').notNull(),
    cravingScore: real('craving_score').notNull(),
    usedOpioids: integer('used_opioids', { mode: 'boolean' }).notNull(),
    /** { benzodiazepines, cocaine, methamphetamine, alcohol }: boolean each */
    otherSubstances: text('other_substances', { mode: 'json' }).$type<Record<string, boolean>>().notNull(),
    /** the language the questions were shown in (null: answered before languages were recorded) */
    language: text('language', { enum: LOCALES }),
    submittedAt: text('submitted_at').notNull(),
  },
  (t) => [uniqueIndex('weekly_surveys_participant_week_idx').on(t.participantId, t.week)],
)

export const promisAnxiety = sqliteTable(
  'promis_anxiety',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    participantId: integer('participant_id')
      .notNull()
      .references(() => participants.id),
    week: integer('week').notNull(),
    items: text('items', { mode: 'json' }).$type<number[]>().notNull(),
    raw: integer('raw').notNull(),
    tScore: real('t_score').notNull(),
    /** the participant's language when answering (PROMIS items themselves are shown in English) */
    language: text('language', { enum: LOCALES }),
    submittedAt: text('submitted_at').notNull(),
  },
  (t) => [uniqueIndex('promis_participant_week_idx').on(t.participantId, t.week)],
)

export const toxResults = sqliteTable(
  'tox_results',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    participantId: integer('participant_id')
      .notNull()
      .references(() => participants.id),
    /** 2-week period number: 1 = weeks 1–2 … 12 = weeks 23–24 */
    period: integer('period').notNull(),
    collectedOn: text('collected_on').notNull(),
    panel: text('panel').notNull(),
    /** { [substanceClass]: 'negative' | 'positive' } */
    results: text('results', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('tox_participant_idx').on(t.participantId)],
)

export const adverseEvents = sqliteTable(
  'adverse_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    participantId: integer('participant_id')
      .notNull()
      .references(() => participants.id),
    description: text('description').notNull(),
    onsetDate: text('onset_date').notNull(),
    severity: text('severity', { enum: ['mild', 'moderate', 'severe'] }).notNull(),
    relatedness: text('relatedness', {
      enum: ['not_related', 'unlikely', 'possibly', 'probably', 'definitely'],
    }).notNull(),
    expectedness: text('expectedness', { enum: ['expected', 'unexpected'] }).notNull(),
    serious: integer('serious', { mode: 'boolean' }).notNull(),
    actionTaken: text('action_taken').notNull(),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    /** a serious event is flagged to supervisors until one of them acknowledges it */
    acknowledgedBy: integer('acknowledged_by').references(() => users.id),
    acknowledgedAt: text('acknowledged_at'),
    createdAt: createdAt(),
  },
  (t) => [index('ae_participant_idx').on(t.participantId)],
)

/**
 * The audit rows looked up by participant besides "who saw this person": each kind has a partial
 * index with this condition, and its queries use the same one, so SQLite can use that index (a
 * condition written otherwise, or with a bound parameter, would read the whole log).
 */
export const AUDIT_DETAILS_CHANGE = sql`action in ('participant.enrol', 'participant.details.update')`
export const AUDIT_WITHDRAWAL = sql`action = 'participant.withdraw'`

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actorId: integer('actor_id').references(() => users.id),
    /** e.g. `participant.read`, `meeting.update`, `allocation.reveal` */
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    participantId: integer('participant_id').references(() => participants.id),
    detail: text('detail'),
  },
  (t) => [
    index('audit_at_idx').on(t.at),
    // Who last saved a participant's details (the conflict notice). Only those rows: the log's
    // participants are found through audit_participant_entries (below).
    index('audit_participant_changes_idx').on(t.participantId).where(AUDIT_DETAILS_CHANGE),
    // Withdrawals and their reasons (the research exports, CONSORT).
    index('audit_withdrawals_idx').on(t.participantId).where(AUDIT_WITHDRAWAL),
  ],
)

/**
 * The audit log's rows per participant ("who saw this person's data"), filled in batches by the
 * scheduler (`indexAuditLog`) up to `audit_log_indexed.through_id`; rows after it are found in
 * the log itself (`auditRowsOf`). An index on audit_log.participant_id made every view
 * write a page per participant shown (a dozen on a session screen), where a batch writes each
 * page once for many views (issue 16, ADR 001).
 */
export const auditParticipantEntries = sqliteTable(
  'audit_participant_entries',
  {
    participantId: integer('participant_id').notNull(),
    auditId: integer('audit_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.participantId, t.auditId] })],
)

/** How far audit_participant_entries has been filled (one row). */
export const auditLogIndexed = sqliteTable('audit_log_indexed', {
  id: integer('id').primaryKey(),
  throughId: integer('through_id').notNull(),
})

/**
 * A recorded audio file for a practice guide in one language (at most one per guide and
 * language). The file lives on disk under RECORDINGS_DIR with a random name; this row is its
 * metadata. Replacing a recording deletes the old file.
 */
export const guideRecordings = sqliteTable(
  'guide_recordings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull(),
    lang: text('lang', { enum: LOCALES }).notNull(),
    fileName: text('file_name').notNull().unique(),
    mime: text('mime').notNull(),
    bytes: integer('bytes').notNull(),
    uploadedBy: integer('uploaded_by')
      .notNull()
      .references(() => users.id),
    uploadedAt: text('uploaded_at').notNull(),
  },
  (t) => [uniqueIndex('guide_recordings_slug_lang_idx').on(t.slug, t.lang)],
)

export const CRITERION_KINDS = ['inclusion', 'exclusion'] as const

/**
 * The trial's inclusion and exclusion criteria, as a list the programme can edit (coordinator,
 * admin). A screening log entry names the criteria a person did not meet by id; a criterion is
 * retired (active = false), never deleted, so old entries keep their reasons.
 */
export const screeningCriteria = sqliteTable('screening_criteria', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind', { enum: CRITERION_KINDS }).notNull(),
  text: text('text').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  sortOrder: integer('sort_order').notNull().default(0),
  createdAt: createdAt(),
})

export const CONSENT_STATUSES = ['pending', 'consented', 'declined'] as const

/**
 * The screening log before enrolment (CONSORT): everyone referred and screened, whether eligible
 * (and if not, which criteria they failed), consent, baseline, and finally the participant record
 * they were enrolled as. Holds no name or contact: `code` is a non-identifying screening number.
 */
export const screeningLog = sqliteTable(
  'screening_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** bumped on every save; a save based on an older version is refused (ADR 013) */
    version: integer('version').notNull().default(1),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id),
    code: text('code').notNull().unique(),
    referredOn: text('referred_on').notNull(),
    screenedOn: text('screened_on').notNull(),
    eligible: integer('eligible', { mode: 'boolean' }).notNull(),
    /** ids of screening_criteria not met (inclusion) or present (exclusion) */
    failedCriteria: text('failed_criteria', { mode: 'json' }).$type<number[]>().notNull(),
    consent: text('consent', { enum: CONSENT_STATUSES }).notNull().default('pending'),
    consentedOn: text('consented_on'),
    baselineCompletedOn: text('baseline_completed_on'),
    participantId: integer('participant_id')
      .unique()
      .references(() => participants.id),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    updatedAt: text('updated_at'),
    createdAt: createdAt(),
  },
  (t) => [index('screening_cohort_idx').on(t.cohortId)],
)

/** Reminder kinds a participant can receive by email (issue 13). */
export const REMINDER_KINDS = ['meeting_tomorrow', 'survey_open', 'survey_closing'] as const
export type ReminderKind = (typeof REMINDER_KINDS)[number]

/**
 * A person's reminder choices (issue 13). No row = the defaults: every kind on, sent at 18:00,
 * quiet from 21:00 to 08:00 in their own time zone (users.time_zone). Staff use `staffAlerts`
 * to have alerts about their participants emailed to them.
 */
export const reminderPreferences = sqliteTable('reminder_preferences', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  meetingTomorrow: integer('meeting_tomorrow', { mode: 'boolean' }).notNull().default(true),
  surveyOpen: integer('survey_open', { mode: 'boolean' }).notNull().default(true),
  surveyClosing: integer('survey_closing', { mode: 'boolean' }).notNull().default(true),
  staffAlerts: integer('staff_alerts', { mode: 'boolean' }).notNull().default(false),
  /** HH:MM local: when in the day reminders go out */
  sendAt: text('send_at').notNull().default('18:00'),
  /** HH:MM local: nothing is sent from quietStart until quietEnd (equal = no quiet hours) */
  quietStart: text('quiet_start').notNull().default('21:00'),
  quietEnd: text('quiet_end').notNull().default('08:00'),
  updatedAt: text('updated_at'),
})

export const OUTBOX_CHANNELS = ['email', 'sms'] as const
export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed', 'expired', 'cancelled'] as const

/**
 * Every message the app sends, written here first and sent by the scheduler (issue 13).
 * `dedupeKey` is unique: the same reminder is never queued twice. A sender claims a row
 * (queued → sending, one UPDATE) before sending, so two senders never send the same row.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel', { enum: OUTBOX_CHANNELS }).notNull(),
    /** a ReminderKind, or `staff_alert` */
    kind: text('kind').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    dedupeKey: text('dedupe_key').notNull().unique(),
    /** email address or phone number, fixed when queued */
    recipient: text('recipient').notNull(),
    locale: text('locale', { enum: LOCALES }).notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** extra headers (List-Unsubscribe…) */
    headers: text('headers', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    /** after this instant the message is pointless ("meeting tomorrow" after the meeting): expired */
    expiresAt: text('expires_at'),
    claimedBy: text('claimed_by'),
    claimedAt: text('claimed_at'),
    lastError: text('last_error'),
    sentAt: text('sent_at'),
    /** the SMTP server's message id */
    providerId: text('provider_id'),
    createdAt: createdAt(),
  },
  (t) => [index('outbox_due_idx').on(t.status, t.nextAttemptAt), index('outbox_user_idx').on(t.userId)],
)

/**
 * Staff alerts (issue 13) as last derived from the records by the scheduler
 * (app/domain/alerts.server.ts `refreshAlerts`), so a dashboard reads a few indexed rows instead
 * of re-deriving every participant's alerts. `clearedAt` is set when the records no longer raise
 * the alert (a late survey entered, a test recorded); it is cleared again if they do.
 */
export const staffAlerts = sqliteTable(
  'staff_alerts',
  {
    /** e.g. `missed_sessions:12:w5` (app/domain/alerts.ts) */
    alertKey: text('alert_key').primaryKey(),
    participantId: integer('participant_id')
      .notNull()
      .references(() => participants.id),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id),
    kind: text('kind').notNull(),
    detail: text('detail').notNull(),
    raisedAt: text('raised_at').notNull(),
    clearedAt: text('cleared_at'),
  },
  // open alerts newest first, in the order dashboards list them; and a group's open alerts
  (t) => [
    index('staff_alerts_open_idx').on(t.clearedAt, sql`${t.raisedAt} desc`, t.alertKey),
    index('staff_alerts_group_idx').on(t.groupId, t.clearedAt),
  ],
)

/**
 * A staff alert (issue 13) acknowledged with a note. Alerts themselves are derived from the
 * records each time (app/domain/alerts.ts); `alertKey` names one alert, e.g.
 * `missed_sessions:12:w5` (participant 12, the run ending week 5).
 */
export const alertAcknowledgements = sqliteTable(
  'alert_acknowledgements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    alertKey: text('alert_key').notNull().unique(),
    participantId: integer('participant_id')
      .notNull()
      .references(() => participants.id),
    kind: text('kind').notNull(),
    note: text('note').notNull(),
    acknowledgedBy: integer('acknowledged_by')
      .notNull()
      .references(() => users.id),
    acknowledgedAt: text('acknowledged_at').notNull(),
  },
  (t) => [index('alert_ack_participant_idx').on(t.participantId)],
)

/**
 * One row (id 1) whose `version` goes up with every write to a table a page can show (ADR 018).
 * The triggers that keep it are made on open (db/data-version.ts), for every table but those
 * only machinery writes (the audit log, sessions, the outbox…); figures computed from the data
 * may be kept until it changes.
 */
export const dataVersion = sqliteTable('data_version', {
  id: integer('id').primaryKey(),
  version: integer('version').notNull().default(0),
})

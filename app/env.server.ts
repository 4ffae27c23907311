import { z } from 'zod'

/**
 * Every setting the server reads, validated once at start-up.
 * APP_MODE=demo (the default) seeds a demo programme into a new database and tolerates a
 * generated session secret; APP_MODE=production refuses to start without a real secret and
 * never seeds demo data.
 */
const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    APP_MODE: z.enum(['demo', 'production']).default('demo'),
    DATABASE_PATH: z.string().min(1).default('data/mrocc.db'),
    SESSION_SECRET: z.string().optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    STAFF_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    /** where uploaded guide recordings are stored; default: `recordings/` beside the database file */
    RECORDINGS_DIR: z.string().min(1).optional(),
    CONTENT_BUNDLE_PATH: z.string().min(1).default('build/content/bundle.json'),
    /** read by server.js: trust X-Forwarded-For/-Host from a reverse proxy in front of the app */
    TRUST_PROXY: z.enum(['true', 'false']).default('false'),
    /**
     * Outgoing mail (issue 13), sent with nodemailer: either SMTP_URL (smtp://user:pass@host:587,
     * smtps://… for TLS from the start) or SMTP_HOST with SMTP_PORT/SMTP_USER/SMTP_PASS/SMTP_SECURE.
     * With neither, nothing is sent: in demo mode admins see the outbox at /admin/outbox.
     */
    SMTP_URL: z.string().url().optional(),
    SMTP_HOST: z.string().min(1).optional(),
    SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
    SMTP_USER: z.string().optional(),
    SMTP_PASS: z.string().optional(),
    /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it */
    SMTP_SECURE: z.enum(['true', 'false']).default('false'),
    /** the From of every message, e.g. "Weekly Groups <groups@example.org>"; required with SMTP */
    MAIL_FROM: z.string().min(3).optional(),
    /** the app's public address, for links in emails (unsubscribe, check-in) */
    APP_URL: z.string().url().default('http://localhost:3000'),
    /** off: the reminder scheduler does not run in this process (tests, one-off scripts) */
    REMINDER_SCHEDULER: z.enum(['on', 'off']).default('on'),
    /** seconds between scheduler runs */
    REMINDER_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  })
  .superRefine((env, ctx) => {
    if ((env.SMTP_URL || env.SMTP_HOST) && !env.MAIL_FROM) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['MAIL_FROM'],
        message: 'SMTP is configured, so MAIL_FROM is needed: the address messages are sent from.',
      })
    }
    if (env.APP_MODE === 'production') {
      if (!env.SESSION_SECRET || env.SESSION_SECRET.length < 32 || /change|demo|secret/i.test(env.SESSION_SECRET)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['SESSION_SECRET'],
          message:
            'APP_MODE=production needs SESSION_SECRET: at least 32 random characters (e.g. `openssl rand -hex 32`).',
        })
      }
    }
  })

export type Env = z.infer<typeof schema> & { SESSION_SECRET: string }

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = schema.safeParse(source)
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment settings:\n${lines.join('\n')}`)
  }
  return {
    ...result.data,
    SESSION_SECRET: result.data.SESSION_SECRET ?? 'demo-only-session-secret-not-for-production-use',
  }
}

let cached: Env | undefined
export function env(): Env {
  cached ??= parseEnv(process.env)
  return cached
}

/** For tests: forget the parsed settings so the next call reads process.env again. */
export function resetEnv() {
  cached = undefined
}

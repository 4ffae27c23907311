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
  })
  .superRefine((env, ctx) => {
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

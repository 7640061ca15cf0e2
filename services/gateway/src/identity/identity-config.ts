import { z } from 'zod';

const seconds = z.coerce.number().int().positive();
const flag = z.stringbool().default(false);

/**
 * The gateway's identity settings (merged into its config schema). Secrets here (admin password,
 * OIDC client secret) are read once and never logged.
 */
export const identityConfigFields = {
  /** Where users reach the gateway: setup, invitation and password reset links, the OIDC redirect, `Secure` cookies when https. */
  AUTH_PUBLIC_URL: z.url().default('http://localhost:8080'),
  /** Absolute lifetime of a browser session. */
  AUTH_SESSION_TTL_S: seconds.default(12 * 3600),
  /** Failed logins of one e-mail within AUTH_LOCKOUT_WINDOW_S that lock it. */
  AUTH_LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).max(1_000).default(5),
  /** The sliding window of failures; a locked e-mail opens again when its failures age out of it. */
  AUTH_LOCKOUT_WINDOW_S: seconds.default(900),
  /** scrypt cost N (power of two; r=8, p=1): 2^15 ≈ 32 MiB and ~60 ms per hash here. */
  AUTH_SCRYPT_COST: z.coerce
    .number()
    .int()
    .min(1_024)
    .max(1_048_576)
    .refine((n) => (n & (n - 1)) === 0, 'a power of two')
    .default(32_768),
  /** First start: creates this admin (and the organization below) when no account exists. */
  AUTH_ADMIN_EMAIL: z.email().optional(),
  AUTH_ADMIN_PASSWORD: z.string().min(12, 'at least 12 characters').max(256).optional(),
  /** The first organization (`local` holds the sample projects of `npm start`). */
  AUTH_ADMIN_ORG_ID: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/).default('local'),
  AUTH_ADMIN_ORG_NAME: z.string().min(1).max(200).default('Local'),
  /** Without AUTH_ADMIN_*, the first start logs a setup link valid this long (single use). */
  AUTH_SETUP_LINK_TTL_S: seconds.default(3_600),
  /** How long an organization invitation link works (single use; default 7 days). */
  AUTH_INVITATION_TTL_S: seconds.max(90 * 86_400).default(7 * 86_400),
  /** How long an admin's password reset link works (single use; default 1 hour). */
  AUTH_PASSWORD_RESET_TTL_S: seconds.max(7 * 86_400).default(3_600),
  /** Longest lifetime an API token may be given. */
  AUTH_TOKEN_MAX_DAYS: z.coerce.number().int().min(1).max(3_650).default(365),
  /** OIDC login (authorization code + PKCE) is on when the issuer and client id are set. */
  OIDC_ISSUER_URL: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Default `<AUTH_PUBLIC_URL>/api/v1/auth/oidc/callback`; register it at the provider. */
  OIDC_REDIRECT_URL: z.url().optional(),
  OIDC_SCOPES: z.string().default('openid email profile'),
  /** Organization that users provisioned by OIDC join as members (none when unset). */
  OIDC_ORG_ID: z.string().optional(),
  /** Plain-http issuers (local test providers only). */
  OIDC_ALLOW_HTTP: flag,
};

export type IdentityConfig = z.infer<z.ZodObject<typeof identityConfigFields>>;

/** Cross-field rules: the admin needs both e-mail and password; OIDC needs issuer and client. */
export function checkIdentityConfig(config: IdentityConfig, ctx: z.RefinementCtx): void {
  if (Boolean(config.AUTH_ADMIN_EMAIL) !== Boolean(config.AUTH_ADMIN_PASSWORD)) {
    ctx.addIssue({
      code: 'custom',
      path: [config.AUTH_ADMIN_EMAIL ? 'AUTH_ADMIN_PASSWORD' : 'AUTH_ADMIN_EMAIL'],
      message: 'AUTH_ADMIN_EMAIL and AUTH_ADMIN_PASSWORD go together',
    });
  }
  if (Boolean(config.OIDC_ISSUER_URL) !== Boolean(config.OIDC_CLIENT_ID)) {
    ctx.addIssue({
      code: 'custom',
      path: [config.OIDC_ISSUER_URL ? 'OIDC_CLIENT_ID' : 'OIDC_ISSUER_URL'],
      message: 'OIDC_ISSUER_URL and OIDC_CLIENT_ID go together',
    });
  }
}

import { z } from 'zod';
import { Password } from './identity-api.js';

/** The secret of a one-time link (invitation, password reset): 32 random bytes, base64url. */
export const LinkToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a link token: 43 characters of A–Z, a–z, 0–9, "-" and "_"');

/**
 * Change my password (signed-in local accounts, browser session only). The current password
 * proves the account's owner is at the keyboard, not someone holding a borrowed session.
 */
export const ChangePasswordRequest = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: Password })
  .strict()
  .refine((r) => r.currentPassword !== r.newPassword, { message: 'must differ from currentPassword', path: ['newPassword'] });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

/** An admin's one-time password reset link for a member; the only response carrying its secret. */
export const PasswordResetLinkResponse = z.object({
  userId: z.string(),
  email: z.string(),
  /** `<AUTH_PUBLIC_URL>/password-reset?token=…`: hand it to the user (nothing is e-mailed). */
  link: z.url(),
  /** The link's secret, for `POST /api/v1/auth/password-reset/{token}`. */
  token: LinkToken,
  expiresAt: z.iso.datetime(),
});
export type PasswordResetLinkResponse = z.infer<typeof PasswordResetLinkResponse>;

/** What a password reset page shows before the new password is typed. */
export const PasswordResetDetails = z.object({ email: z.string(), expiresAt: z.iso.datetime() });
export type PasswordResetDetails = z.infer<typeof PasswordResetDetails>;

export const ResetPasswordRequest = z.object({ newPassword: Password }).strict();
export type ResetPasswordRequest = z.infer<typeof ResetPasswordRequest>;

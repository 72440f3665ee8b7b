/** Password rules shared by the server (enforcement) and the web form (hints). */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem = 'PASSWORD_TOO_SHORT' | 'PASSWORD_SAME_AS_USERNAME' | 'PASSWORD_TOO_COMMON';

/**
 * The first rule a new password breaks, or null. Length counts Unicode characters. `common` is the set
 * in common-passwords.ts (a parameter so the web can load it lazily); compared without case.
 */
export function passwordProblem(
  password: string,
  username: string,
  common: ReadonlySet<string>,
): PasswordProblem | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'PASSWORD_TOO_SHORT';
  const folded = password.trim().toLowerCase();
  if (folded === username.trim().toLowerCase()) return 'PASSWORD_SAME_AS_USERNAME';
  if (common.has(folded)) return 'PASSWORD_TOO_COMMON';
  return null;
}

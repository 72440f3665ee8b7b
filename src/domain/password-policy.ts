/** Password rules shared by the server (enforcement) and the web form (hints). */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem = 'PASSWORD_TOO_SHORT' | 'PASSWORD_SAME_AS_USERNAME';

/** The first rule a new password breaks, or null. Length counts Unicode characters. */
export function passwordProblem(password: string, username: string): PasswordProblem | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'PASSWORD_TOO_SHORT';
  if (password.trim().toLowerCase() === username.trim().toLowerCase()) return 'PASSWORD_SAME_AS_USERNAME';
  return null;
}

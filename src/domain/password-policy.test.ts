import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from './common-passwords.js';
import { PASSWORD_MIN_LENGTH, passwordProblem } from './password-policy.js';

describe('password policy', () => {
  it('keeps only common passwords long enough to matter, lower-cased', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(1000);
    for (const p of COMMON_PASSWORDS) {
      expect([...p].length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
      expect(p).toBe(p.toLowerCase());
    }
  });

  it('names the first rule broken: length, the username, then common passwords (without case)', () => {
    expect(passwordProblem('short', 'someone', COMMON_PASSWORDS)).toBe('PASSWORD_TOO_SHORT');
    expect(passwordProblem('999301-1150001', '999301-1150001', COMMON_PASSWORDS)).toBe(
      'PASSWORD_SAME_AS_USERNAME',
    );
    for (const common of ['1234567890', 'QwertyUiop', 'password123', 'A123456789', '1qaz2wsx3edc'])
      expect(passwordProblem(common, 'someone', COMMON_PASSWORDS), common).toBe('PASSWORD_TOO_COMMON');
    expect(passwordProblem('日月潭的晚霞很適合散步', 'someone', COMMON_PASSWORDS)).toBeNull();
  });
});

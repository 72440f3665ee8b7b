/**
 * The common passwords a new password may not be (SPEC.md §9; SECURITY.md): the ranked list of about
 * 49,000 leaked passwords that zxcvbn-ts ships in @zxcvbn-ts/language-common (MIT), plus a few that are
 * common in Taiwan and missing there. Only entries long enough to pass the length rule matter, so only
 * those are kept (about 1,600). Server and web use the same set; the web loads it lazily.
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MIN_LENGTH } from './password-policy.js';

/** Keyboard walks, ID-number and phone-number shapes and Pinyin/Zhuyin habits seen in Taiwan. */
const TAIWAN = [
  'a123456789',
  'aa12345678',
  'aa123456789',
  'a1234567890',
  '1qaz2wsx3edc',
  '1qaz2wsx3edc4rfv',
  'zaq12wsxcde3',
  '2wsx3edc4rfv',
  '0987654321',
  '0912345678',
  '1234567890a',
  'qwer1234qwer',
  'iloveyou520',
  '5201314520',
  '52013145201314',
  'woaini1314',
  'taiwan1234',
  'taiwan123456',
  'taipei1234',
  'abcd123456',
  'abc1234567',
  'abc123456789',
  'password1234',
  'p@ssw0rd123',
  'licheng123',
  'licheng1234',
];

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  [...dictionary['passwords-common'], ...TAIWAN]
    .map((p) => p.toLowerCase())
    .filter((p) => [...p].length >= PASSWORD_MIN_LENGTH),
);

/**
 * National ID (身分證字號) and resident permit (居留證號) checksum validation (SPEC.md §2 nationalId).
 *
 * Formats accepted:
 * - 身分證字號: letter + 1|2 + 8 digits, e.g. A123456789.
 * - New resident permit (2021+): letter + 8|9 + 8 digits; same checksum as the national ID.
 * - Old resident permit: letter + A|B|C|D + 8 digits; the second letter counts as its code's last digit.
 */

/** Letter codes of the issuing area; note the historical order (I, O, W … are out of sequence). */
const LETTER_CODES: Record<string, number> = {
  A: 10,
  B: 11,
  C: 12,
  D: 13,
  E: 14,
  F: 15,
  G: 16,
  H: 17,
  I: 34,
  J: 18,
  K: 19,
  L: 20,
  M: 21,
  N: 22,
  O: 35,
  P: 23,
  Q: 24,
  R: 25,
  S: 26,
  T: 27,
  U: 28,
  V: 29,
  W: 32,
  X: 30,
  Y: 31,
  Z: 33,
};

const WEIGHTS = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1];

export type NationalIdKind = 'citizen' | 'residentNew' | 'residentOld';

/** Normalises user input: trims and upper-cases. */
export const normaliseNationalId = (text: string): string => text.trim().toUpperCase();

/** Kind of a well-formed ID with a valid checksum, or null. */
export function nationalIdKind(input: string): NationalIdKind | null {
  const id = normaliseNationalId(input);
  const m = /^([A-Z])([1289ABCD])(\d{8})$/.exec(id);
  if (!m) return null;
  const [, letter, second, rest] = m as unknown as [string, string, string, string];
  const area = LETTER_CODES[letter];
  if (area === undefined) return null;
  let secondDigit: number;
  let kind: NationalIdKind;
  if (/\d/.test(second)) {
    secondDigit = Number(second);
    kind = second === '1' || second === '2' ? 'citizen' : 'residentNew';
  } else {
    const code = LETTER_CODES[second];
    if (code === undefined) return null;
    secondDigit = code % 10;
    kind = 'residentOld';
  }
  const digits = [Math.floor(area / 10), area % 10, secondDigit, ...rest.split('').map(Number)];
  const sum = digits.reduce((acc, d, i) => acc + d * (WEIGHTS[i] ?? 0), 0);
  return sum % 10 === 0 ? kind : null;
}

/** True when the text is a national ID or resident permit number with a valid checksum. */
export const isValidNationalId = (input: string): boolean => nationalIdKind(input) !== null;

/**
 * Completes a 9-character prefix (letter + 8 digits/letter) with its check digit.
 * Used to generate fictional demo and test IDs.
 */
export function withCheckDigit(prefix9: string): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = `${prefix9}${d}`;
    if (isValidNationalId(candidate)) return candidate;
  }
  throw new RangeError(`no check digit for ${prefix9}`);
}

/** Masks an ID for display to roles that do not need it: A123456789 → A12****789. */
export function maskNationalId(input: string): string {
  const id = normaliseNationalId(input);
  if (id.length < 7) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 6)}${id.slice(-3)}`;
}

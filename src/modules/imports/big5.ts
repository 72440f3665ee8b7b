/**
 * Big5 with its user-defined areas (造字) kept apart. Schools made their own characters for rare names
 * in the areas Big5 leaves to users (FA40–FEFE, 8E40–A0FE, 8140–8DFE, C6A1–C8FE); each school's glyph
 * is its own, so no table can decode them. iconv-lite's `big5` is Big5-HKSCS, which maps these areas
 * to Hong Kong characters (FA40 → 𠕇, FEFE → 秔, 8E69 → 箸): a name would silently become another.
 * Here they become the Unicode private-use character Windows (cp950) maps them to, and the import
 * reports every cell holding one (`privateUseCodes`) instead of guessing.
 */
import iconv from 'iconv-lite';

/** Microsoft cp950's end-user-defined ranges: lead bytes, first trail byte, first code point. */
const AREAS = [
  { from: 0xfa, to: 0xfe, pua: 0xe000 },
  { from: 0x8e, to: 0xa0, pua: 0xe311 },
  { from: 0x81, to: 0x8d, pua: 0xeeb8 },
] as const;
/** C6A1–C6FE (94), then C740–C8FE (157 a row). */
const C6_PUA = 0xf6b1;
const ROW = 157;

const trailIndex = (t: number) =>
  t >= 0x40 && t <= 0x7e ? t - 0x40 : t >= 0xa1 && t <= 0xfe ? t - 0x62 : -1;
const trailOf = (i: number) => (i < 63 ? 0x40 + i : 0x62 + i);

/** The private-use code point of a user-defined Big5 pair, or -1 when the pair is not one. */
export function big5UserDefined(lead: number, trail: number): number {
  const t = trailIndex(trail);
  if (t < 0) return -1;
  for (const a of AREAS) if (lead >= a.from && lead <= a.to) return a.pua + (lead - a.from) * ROW + t;
  if (lead === 0xc6) return trail >= 0xa1 ? C6_PUA + (trail - 0xa1) : -1;
  if (lead === 0xc7 || lead === 0xc8) return C6_PUA + 94 + (lead - 0xc7) * ROW + t;
  return -1;
}

/** The Big5 bytes (e.g. `FA40`) of a private-use code point from the areas above, if it is one. */
export function big5OfPrivateUse(cp: number): string | undefined {
  const hex = (lead: number, trail: number) => ((lead << 8) | trail).toString(16).toUpperCase();
  for (const a of AREAS) {
    const i = cp - a.pua;
    if (i >= 0 && i < (a.to - a.from + 1) * ROW) return hex(a.from + Math.floor(i / ROW), trailOf(i % ROW));
  }
  const i = cp - C6_PUA;
  if (i >= 0 && i < 94) return hex(0xc6, 0xa1 + i);
  if (i >= 94 && i < 94 + 2 * ROW) return hex(0xc7 + Math.floor((i - 94) / ROW), trailOf((i - 94) % ROW));
  return undefined;
}

/** Decodes Big5 text; user-defined pairs become private-use characters (see the module comment). */
export function decodeBig5(buffer: Buffer): string {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < buffer.length; i++) {
    const lead = buffer[i] as number;
    if (lead < 0x81 || lead > 0xfe || i + 1 >= buffer.length) continue;
    const cp = big5UserDefined(lead, buffer[i + 1] as number);
    if (cp >= 0) {
      parts.push(iconv.decode(buffer.subarray(start, i), 'big5'), String.fromCharCode(cp));
      start = i + 2;
    }
    i++; // a double-byte character: its trail byte is not a lead
  }
  parts.push(iconv.decode(buffer.subarray(start), 'big5'));
  return parts.join('');
}

const PRIVATE_USE = /[\uE000-\uF8FF]/g;

/**
 * The private-use characters in a cell — 造字 from a Big5 CSV, or typed in Excel with a Windows
 * end-user-defined font — as `U+E000 (Big5 FA40)`, or none.
 */
export function privateUseCodes(cell: string): string[] {
  const found = new Set<string>();
  for (const m of cell.matchAll(PRIVATE_USE)) {
    const cp = m[0].charCodeAt(0);
    const big5 = big5OfPrivateUse(cp);
    found.add(`U+${cp.toString(16).toUpperCase()}${big5 ? ` (Big5 ${big5})` : ''}`);
  }
  return [...found];
}

/**
 * An independent xlsx reader for the golden tests (jszip + the XML as written, not exceljs): sheet names
 * exactly as workbook.xml spells them (entities decoded, `_x0009_` left as written), and each sheet's
 * cells by reference (shared strings, inline strings and plain values).
 */
import JSZip from 'jszip';

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-fA-F]+);/g, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&amp;/g, '&');

const attrs = (tag: string) =>
  Object.fromEntries([...tag.matchAll(/([\w:]+)="([^"]*)"/g)].map((m) => [m[1], decode(m[2] as string)]));

/** Text of the <t> elements inside a fragment (rich text runs joined). */
const texts = (xml: string) =>
  [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => decode(m[1] as string)).join('');

export interface ReadSheet {
  name: string;
  cells: Record<string, string>;
}

export async function readXlsx(buffer: Buffer): Promise<ReadSheet[]> {
  const zip = await JSZip.loadAsync(buffer);
  const text = async (p: string) => (await zip.file(p)?.async('string')) ?? '';
  const workbook = await text('xl/workbook.xml');
  const rels = await text('xl/_rels/workbook.xml.rels');
  const targets = new Map(
    [...rels.matchAll(/<Relationship\s[^>]*>/g)].map((m) => {
      const a = attrs(m[0]);
      return [a.Id as string, (a.Target as string).replace(/^\/?xl\//, '').replace(/^\//, '')];
    }),
  );
  const shared = [...(await text('xl/sharedStrings.xml')).matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    texts(m[1] as string),
  );
  const out: ReadSheet[] = [];
  for (const m of workbook.matchAll(/<sheet\s[^>]*\/>/g)) {
    const a = attrs(m[0]);
    const target = targets.get(a['r:id'] as string) as string;
    const xml = await text(`xl/${target}`);
    const cells: Record<string, string> = {};
    for (const c of xml.matchAll(/<c\s([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const ca = attrs(`<c ${c[1]}>`);
      const inner = c[2] ?? '';
      const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
      let value: string | undefined;
      if (ca.t === 's' && v !== undefined) value = shared[Number(v)];
      else if (ca.t === 'inlineStr') value = texts(inner);
      else if (v !== undefined) value = decode(v);
      if (value !== undefined && value !== '') cells[ca.r as string] = value;
    }
    out.push({ name: a.name as string, cells });
  }
  return out;
}

/** Column letters of a 0-based index (0 → A). */
export const colName = (i: number): string =>
  i < 26 ? String.fromCharCode(65 + i) : colName(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26));

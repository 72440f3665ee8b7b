/**
 * PDF output with Chinese text (login slips today; application packets later): pdfkit with Noto Sans TC
 * from npm (@expo-google-fonts/noto-sans-tc, SIL OFL), never a system font. pdfkit embeds only the
 * glyphs a document uses (a subset, a few KB instead of the font's 7 MB) with a ToUnicode map, so the
 * Chinese stays real text: searchable, copyable, extractable (pdftotext).
 */
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);

/** The font files (TrueType outlines, which pdfkit subsets). */
export const CJK_FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/noto-sans-tc/400Regular/NotoSansTC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-tc/700Bold/NotoSansTC_700Bold.ttf'),
} as const;

/** Font names registered on every document of `createPdf`. */
export const FONT = { regular: 'cjk', bold: 'cjk-bold', mono: 'Courier-Bold' } as const;

let fonts: Promise<{ regular: Buffer; bold: Buffer }> | undefined;
/** The font files, read once per process (each document parses and subsets its own copy). */
function loadFonts() {
  fonts ??= Promise.all([fs.readFile(CJK_FONT_FILES.regular), fs.readFile(CJK_FONT_FILES.bold)]).then(
    ([regular, bold]) => ({ regular, bold }),
  );
  return fonts;
}

export type PdfDoc = PDFKit.PDFDocument;

/** An A4 document with the CJK fonts registered and the regular one selected; pages added by the caller. */
export async function createPdf(info: { title: string; author?: string }): Promise<PdfDoc> {
  const { regular, bold } = await loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    info: { Title: info.title, Author: info.author ?? 'Licheng', Creator: 'Licheng' },
    lang: 'zh-TW',
  });
  doc.registerFont(FONT.regular, regular);
  doc.registerFont(FONT.bold, bold);
  doc.font(FONT.regular);
  return doc;
}

/** Ends the document and collects its bytes. */
export function pdfBuffer(doc: PdfDoc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

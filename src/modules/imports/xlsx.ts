/** Writing xlsx files safely: templates and exports. */
import ExcelJS from 'exceljs';
import type { ImportKind } from './kind.js';

/**
 * Neutralises spreadsheet-formula injection: a text cell starting with = + - @ (or a tab / CR that
 * hides one) is prefixed with an apostrophe, so no spreadsheet program evaluates it.
 */
export function safeCell(value: unknown): string | number | boolean | Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A workbook with one sheet of rows under a bold header, every cell passed through safeCell. */
export async function buildWorkbook(
  sheets: { name: string; header: string[]; rows: unknown[][] }[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Licheng';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    ws.addRow(s.header.map(safeCell)).font = { bold: true };
    for (const r of s.rows) ws.addRow(r.map(safeCell));
    ws.columns.forEach((c) => {
      c.width = 16;
    });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The downloadable template of an import kind: the data sheet and a sheet explaining each column. */
export function importTemplate(kind: ImportKind): Promise<Buffer> {
  return buildWorkbook([
    { name: kind.title['zh-TW'], header: kind.fields.map((f) => f.headers[0] as string), rows: [] },
    {
      name: '說明',
      header: ['欄位', '必填', '也接受的欄位名稱', '範例'],
      rows: kind.fields.map((f) => [
        f.headers[0],
        f.required ? '是' : '否',
        f.headers.slice(1).join('、'),
        f.example ?? '',
      ]),
    },
  ]);
}

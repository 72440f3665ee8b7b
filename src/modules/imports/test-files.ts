/** Real spreadsheet files for import tests: xlsx written by exceljs, CSV encoded by iconv-lite. */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

type Cell = string | number | Date | null | { formula: string; result?: unknown };

/** An xlsx with optional cover sheet (封面), merged cells and formulas, as SIS exports can have. */
export async function xlsxFile(
  header: string[],
  rows: Cell[][],
  opts: {
    cover?: { academicYear: number; semester: number; rosterType: number };
    merge?: string;
    sheetName?: string;
  } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  if (opts.cover) {
    const cover = wb.addWorksheet('封面');
    cover.addRow(['學校代碼', '學年度', '學期', '名冊別']);
    cover.addRow(['999301', opts.cover.academicYear, opts.cover.semester, opts.cover.rosterType]);
  }
  const ws = wb.addWorksheet(opts.sheetName ?? '資料');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r as ExcelJS.CellValue[]);
  if (opts.merge) ws.mergeCells(opts.merge);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csvLine = (cells: (string | number)[]) =>
  cells.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replaceAll('"', '""')}"` : String(c))).join(',');

/** A CSV in Big5, UTF-8 or UTF-8 with BOM. */
export function csvFile(
  header: string[],
  rows: (string | number)[][],
  encoding: 'big5' | 'utf-8' | 'utf-8-bom',
): Buffer {
  const text = `${[header, ...rows].map(csvLine).join('\r\n')}\r\n`;
  if (encoding === 'big5') return iconv.encode(text, 'big5');
  const body = Buffer.from(text, 'utf8');
  return encoding === 'utf-8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

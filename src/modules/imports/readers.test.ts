import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openSpreadsheet, type SheetRow, wholeWorkbookSheets } from './readers.js';

/** A two-sheet workbook as exceljs writes it: xl/workbook.xml is stored after the sheets. */
async function twoSheets(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const a = workbook.addWorksheet('學生');
  a.addRow(['學號', '姓名']);
  a.addRow(['1140101', '王小明']);
  a.addRow(['1140102', '李小華']);
  const b = workbook.addWorksheet('Second');
  b.addRow(['c', 'd']);
  b.addRow([1, { formula: 'A1+1', result: 2 }]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const flatten = async (sheets: AsyncIterable<AsyncIterable<SheetRow>>) => {
  const out: [number, SheetRow][] = [];
  let n = 0;
  for await (const sheet of sheets) {
    for await (const row of sheet) out.push([n, row]);
    n++;
  }
  return out;
};

describe('xlsx reading', () => {
  it('reads an exceljs-written workbook every time (exceljs#3064: its streaming reader races on it)', async () => {
    const buffer = await twoSheets();
    const expected = await flatten(openSpreadsheet(buffer).sheets());
    expect(expected.map(([sheet, row]) => [sheet, row.rowNumber, row.cells])).toEqual([
      [0, 1, ['學號', '姓名']],
      [0, 2, ['1140101', '王小明']],
      [0, 3, ['1140102', '李小華']],
      [1, 1, ['c', 'd']],
      [1, 2, ['1', '']],
    ]);
    expect(expected.at(-1)?.[1].formulaCells).toEqual([1]);
    for (let i = 0; i < 30; i++) expect(await flatten(openSpreadsheet(buffer).sheets())).toEqual(expected);
  });

  it('reading a workbook whole gives the same rows as streaming it', async () => {
    const buffer = await twoSheets();
    const whole: [number, number, unknown[]][] = [];
    let n = 0;
    for await (const sheet of wholeWorkbookSheets(buffer)) {
      for await (const row of sheet) whole.push([n, row.number, (row.values as unknown[]).slice(1)]);
      n++;
    }
    expect(whole.map(([s, r]) => [s, r])).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 1],
      [1, 2],
    ]);
    expect(whole[1]?.[2]).toEqual(['1140101', '王小明']);
  });
});

/**
 * Login slips as a printable PDF: A4 pages of 2 × 4 slips with cut marks, one slip per account, in
 * class order (class, seat, then the others by username), so 導師 can cut them and hand them out.
 */
import { createPdf, FONT, type PdfDoc, pdfBuffer } from '../pdf/pdf.js';
import type { LoginSlip } from './provisioning.service.js';

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 24;
const COLS = 2;
const ROWS = 4;
const SLIP = { width: (PAGE.width - 2 * MARGIN) / COLS, height: (PAGE.height - 2 * MARGIN) / ROWS };
const PAD = 18;

/** Slips in class order: by class, seat and number; accounts without a class last, by username. */
export function inClassOrder<T extends Pick<LoginSlip, 'className' | 'seatNo' | 'number' | 'username'>>(
  slips: T[],
): T[] {
  return [...slips].sort(
    (a, b) =>
      Number(!a.className) - Number(!b.className) ||
      a.className.localeCompare(b.className, 'zh-TW', { numeric: true }) ||
      (a.seatNo ?? Number.MAX_SAFE_INTEGER) - (b.seatNo ?? Number.MAX_SAFE_INTEGER) ||
      a.number.localeCompare(b.number, 'en', { numeric: true }) ||
      a.username.localeCompare(b.username),
  );
}

/** Dashed cut lines between the slips and crop marks in the margins, where the lines meet the edge. */
function cutMarks(doc: PdfDoc) {
  doc.save().lineWidth(0.5).strokeColor('#888888').dash(4, { space: 3 });
  for (let c = 1; c < COLS; c++) {
    const x = MARGIN + c * SLIP.width;
    doc
      .moveTo(x, MARGIN)
      .lineTo(x, PAGE.height - MARGIN)
      .stroke();
  }
  for (let r = 1; r < ROWS; r++) {
    const y = MARGIN + r * SLIP.height;
    doc
      .moveTo(MARGIN, y)
      .lineTo(PAGE.width - MARGIN, y)
      .stroke();
  }
  doc.undash().strokeColor('#000000');
  for (let c = 0; c <= COLS; c++) {
    const x = MARGIN + c * SLIP.width;
    doc
      .moveTo(x, 4)
      .lineTo(x, MARGIN - 6)
      .stroke();
    doc
      .moveTo(x, PAGE.height - MARGIN + 6)
      .lineTo(x, PAGE.height - 4)
      .stroke();
  }
  for (let r = 0; r <= ROWS; r++) {
    const y = MARGIN + r * SLIP.height;
    doc
      .moveTo(4, y)
      .lineTo(MARGIN - 6, y)
      .stroke();
    doc
      .moveTo(PAGE.width - MARGIN + 6, y)
      .lineTo(PAGE.width - 4, y)
      .stroke();
  }
  doc.restore();
}

function slip(doc: PdfDoc, s: LoginSlip, x: number, y: number, schoolCode: string) {
  const w = SLIP.width - 2 * PAD;
  let top = y + PAD;
  doc
    .font(FONT.bold)
    .fontSize(13)
    .fillColor('#000000')
    .text('學習歷程平臺 登入單', x + PAD, top, { width: w });
  top += 22;
  doc
    .font(FONT.regular)
    .fontSize(8)
    .fillColor('#555555')
    .text(`學校代碼 ${schoolCode}`, x + PAD, top, { width: w });
  top += 16;
  const who = [s.className, s.seatNo == null ? '' : `${s.seatNo}號`, s.number].filter(Boolean).join('　');
  doc
    .fontSize(11)
    .fillColor('#000000')
    .text(`${s.name}${s.note ? `（${s.note}）` : ''}`, x + PAD, top, { width: w });
  top += 17;
  if (who) doc.fontSize(9).text(who, x + PAD, top, { width: w });
  top += 20;
  const field = (label: string, value: string) => {
    doc
      .font(FONT.regular)
      .fontSize(9)
      .fillColor('#333333')
      .text(label, x + PAD, top + 2, { width: 56 });
    doc
      .font(FONT.mono)
      .fontSize(12)
      .fillColor('#000000')
      .text(value, x + PAD + 58, top, { width: w - 58 });
    top += 20;
  };
  field('帳號', s.username);
  field('初始密碼', s.password);
  doc
    .font(FONT.regular)
    .fontSize(8)
    .fillColor('#555555')
    .text('首次登入須變更密碼。請妥善保管，勿交給他人。', x + PAD, top + 4, { width: w });
}

/** The PDF of the slips, in class order. */
export async function loginSlipsPdf(slips: LoginSlip[], schoolCode: string): Promise<Buffer> {
  const doc = await createPdf({ title: '登入單' });
  const ordered = inClassOrder(slips);
  const perPage = COLS * ROWS;
  for (let i = 0; i < Math.max(ordered.length, 1); i += perPage) {
    doc.addPage();
    cutMarks(doc);
    ordered.slice(i, i + perPage).forEach((s, k) => {
      const col = k % COLS;
      const row = Math.floor(k / COLS);
      slip(doc, s, MARGIN + col * SLIP.width, MARGIN + row * SLIP.height, schoolCode);
    });
  }
  return pdfBuffer(doc);
}

import type { FastifyReply } from 'fastify';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987), so
 * Chinese file names survive and no name can break out of the header.
 */
export function contentDisposition(filename: string): string {
  const clean = filename.replace(/[\r\n"\\/]/g, '_');
  const ascii = clean.replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(clean)}`;
}

/** Sends a generated file as a download that browsers never sniff or render inline. */
export function sendDownload(reply: FastifyReply, file: { filename: string; body: Buffer; type?: string }) {
  return reply
    .header('content-type', file.type ?? XLSX)
    .header('content-disposition', contentDisposition(file.filename))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(file.body);
}

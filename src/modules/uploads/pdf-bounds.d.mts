/** Types of pdf-bounds.mjs (plain JavaScript, run in worker threads) for its tests. */
import type { LoadOptions, PDFDict, PDFDocument } from '@cantoo/pdf-lib';

export declare const PDF_BOUNDS: { imageStream: number; stream: number; total: number };
export declare class TooComplex extends Error {
  constructor(limit?: number);
  limit: number;
}
export declare function filtersOf(dict: PDFDict): string[];
export declare function decodedSize(dict: PDFDict, raw: Uint8Array, limit: number): Promise<number>;
export declare function boundedObjectStreamSize(dict: PDFDict, raw: Uint8Array): number;
export declare function loadBounded(bytes: Uint8Array, options?: LoadOptions): Promise<PDFDocument>;
export declare function checkStreamSizes(doc: PDFDocument): Promise<number>;

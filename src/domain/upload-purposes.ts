/**
 * Upload purposes and their rules (SPEC.md §4.1, §4.2, §4.3, §6), in one table used by the server
 * (enforcement) and the web (hints before sending). MB = 1,048,576 bytes.
 */
import type { Role } from './roles.js';

export const MB = 1_048_576;

export type FileKind = 'pdf' | 'jpg' | 'png' | 'mp3' | 'mp4';

/** The MIME type each kind is detected as (from the bytes) and served with. */
export const KIND_MIME: Record<FileKind, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
};

/** File-name extensions a browser can check before sending (the server judges by content). */
export const KIND_EXTENSIONS: Record<FileKind, string[]> = {
  pdf: ['.pdf'],
  jpg: ['.jpg', '.jpeg'],
  png: ['.png'],
  mp3: ['.mp3'],
  mp4: ['.mp4', '.m4v'],
};

export interface UploadRule {
  kinds: FileKind[];
  maxBytes: number;
  /** Who uploads for this purpose. */
  roles: readonly Role[];
  label: { 'zh-TW': string; en: string };
}

export const UPLOAD_PURPOSES = {
  outcomeDocument: {
    roles: ['student'],
    kinds: ['pdf', 'jpg', 'png'],
    maxBytes: 4 * MB,
    label: { 'zh-TW': '課程學習成果文件', en: 'Course outcome document' },
  },
  outcomeMedia: {
    roles: ['student'],
    kinds: ['mp3', 'mp4'],
    maxBytes: 10 * MB,
    label: { 'zh-TW': '課程學習成果影音', en: 'Course outcome media' },
  },
  performanceProof: {
    roles: ['student'],
    kinds: ['pdf', 'jpg', 'png'],
    maxBytes: 4 * MB,
    label: { 'zh-TW': '多元表現證明文件', en: 'Performance proof' },
  },
  performanceMedia: {
    roles: ['student'],
    kinds: ['mp3', 'mp4'],
    maxBytes: 10 * MB,
    label: { 'zh-TW': '多元表現影音', en: 'Performance media' },
  },
  counsellingAttachment: {
    roles: ['counselor'],
    kinds: ['pdf', 'jpg', 'png'],
    maxBytes: 2 * MB,
    label: { 'zh-TW': '諮詢紀錄附件', en: 'Counselling attachment' },
  },
  packetPdf: {
    roles: ['student'],
    kinds: ['pdf'],
    maxBytes: 5 * MB,
    label: { 'zh-TW': '自行上傳 PDF', en: 'Self-made PDF' },
  },
  reflectionImage: {
    roles: ['student'],
    kinds: ['jpg', 'png'],
    maxBytes: 4 * MB,
    label: { 'zh-TW': '心得圖片', en: 'Reflection image' },
  },
} as const satisfies Record<string, UploadRule>;

export type UploadPurpose = keyof typeof UPLOAD_PURPOSES;
export const UPLOAD_PURPOSE_NAMES = Object.keys(UPLOAD_PURPOSES) as [UploadPurpose, ...UploadPurpose[]];

export const isUploadPurpose = (p: string): p is UploadPurpose => p in UPLOAD_PURPOSES;

/** What a browser can tell before sending: the extension and the size. Null when fine. */
export function precheckFile(
  purpose: UploadPurpose,
  file: { name: string; size: number },
): { rule: 'size' | 'type' | 'empty'; limitMb?: number; kinds?: string } | null {
  const rule: UploadRule = UPLOAD_PURPOSES[purpose];
  if (file.size === 0) return { rule: 'empty' };
  if (file.size > rule.maxBytes) return { rule: 'size', limitMb: rule.maxBytes / MB };
  const name = file.name.toLowerCase();
  if (!rule.kinds.some((k) => KIND_EXTENSIONS[k].some((ext) => name.endsWith(ext)))) {
    return { rule: 'type', kinds: rule.kinds.join('/') };
  }
  return null;
}

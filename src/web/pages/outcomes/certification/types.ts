/** The certification queue as the server presents it (certification.routes.ts, ZQueueItem). */
export type QueueStatus = 'pending' | 'passed' | 'failed';

export interface QueueItem {
  id: string;
  title: string;
  summary: string;
  status: QueueStatus;
  courseId: string;
  courseName: string;
  courseCode: string;
  studentName: string;
  studentNo: string;
  className: string | null;
  classId: string | null;
  documentFileId: string;
  mediaFileId: string | null;
  documentMime: string | null;
  documentHasPreview: boolean | null;
  mediaMime: string | null;
  lastDecision: {
    action: 'passed' | 'failed';
    reason: string | null;
    at: string;
    actor: string;
    onBehalfOf: string | null;
  } | null;
  certifyingFor: string | null;
}

export interface Queue {
  counts: Record<QueueStatus, number>;
  items: QueueItem[];
}

export interface Decision {
  outcomeIds: string[];
  decision: 'pass' | 'fail';
  reason?: string;
}

export const fileUrl = (id: string, part: 'content' | 'preview' = 'content') => `/api/v1/files/${id}/${part}`;

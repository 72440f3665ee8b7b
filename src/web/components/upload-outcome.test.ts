import { describe, expect, it } from 'vitest';
import { failureMessage, shouldRetryUpload } from './upload-outcome.js';

const t = (key: string, params?: Record<string, unknown>) => `${key}${params ? JSON.stringify(params) : ''}`;

describe('the upload component’s reading of a failed request', () => {
  it('sends again after a dropped connection, tus conflicts/locks, 429 and passing server errors', () => {
    for (const status of [0, 409, 423, 429, 500, 502, 503, 504])
      expect(shouldRetryUpload(status), `${status}`).toBe(true);
  });

  it('never sends again what the server refused (4xx) or when its disk is full (507)', () => {
    for (const status of [400, 401, 403, 404, 410, 413, 415, 422, 460, 507])
      expect(shouldRetryUpload(status), `${status}`).toBe(false);
  });

  it('shows the server’s message, a clear sentence for a full disk, a generic one otherwise', () => {
    const body = JSON.stringify({ code: 'FILE_CORRUPT', message: '檔案已損毀，無法開啟' });
    expect(failureMessage(422, body, t)).toBe('檔案已損毀，無法開啟');
    expect(failureMessage(507, JSON.stringify({ code: 'STORAGE_FULL', message: 'x' }), t)).toBe(
      'uploadErrors.diskFull',
    );
    expect(failureMessage(507, undefined, t)).toBe('uploadErrors.diskFull');
    expect(failureMessage(413, '<html>too large</html>', t)).toBe('uploadErrors.refused{"status":413}');
    expect(failureMessage(0, undefined, t)).toBe('upload.failed');
  });
});

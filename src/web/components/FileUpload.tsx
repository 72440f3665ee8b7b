import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { type DragEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Upload } from 'tus-js-client';
import { MB, precheckFile, UPLOAD_PURPOSES, type UploadPurpose } from '../../domain/upload-purposes.js';
import { csrfToken } from '../api/client.js';
import { failureMessage, shouldRetryUpload } from './upload-outcome.js';

interface Item {
  key: string;
  name: string;
  size: number;
  progress: number;
  state: 'uploading' | 'paused' | 'retrying' | 'done' | 'error';
  message?: string;
  upload?: Upload;
}

/** The status and body of the answer a tus request failed with (0 and none: no answer). */
function answerOf(err: unknown): { status: number; body: string | undefined } {
  const res = (err as { originalResponse?: { getStatus(): number; getBody(): string } | null })
    ?.originalResponse;
  return { status: res?.getStatus?.() ?? 0, body: res?.getBody?.() };
}

/** FNV-1a (32-bit) of bytes from a seed: crypto.subtle is missing on plain-http school networks. */
function fnv(bytes: Uint8Array, seed: number): string {
  let h = seed >>> 0;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * Identifies a file across page reloads without trusting its modification time (re-picked files can
 * differ in it): purpose, name, size and a hash of its first and last 64 KiB.
 */
async function fingerprint(file: File, purpose: string): Promise<string> {
  const edge = 65_536;
  const head = await file.slice(0, edge).arrayBuffer();
  const tail = await file.slice(Math.max(0, file.size - edge)).arrayBuffer();
  const both = new Uint8Array(head.byteLength + tail.byteLength);
  both.set(new Uint8Array(head), 0);
  both.set(new Uint8Array(tail), head.byteLength);
  return ['licheng', purpose, file.name, file.size, fnv(both, 0x811c9dc5), fnv(both, 0x9e3779b9)].join('|');
}

/**
 * The upload component of every page that takes files: pick or drop, per-file progress, pause/resume,
 * automatic retry after a dropped connection, and resume after a page reload (tus). It tells the rule a
 * file breaks before sending when it can (size, extension); the server stays the authority.
 */
export function FileUpload({
  purpose,
  onUploaded,
  doneLabel,
}: {
  purpose: UploadPurpose;
  onUploaded?: (fileId: string, name: string) => void;
  /**
   * What a finished upload says. The bytes are saved, but that is not handing work in: a form that still
   * has to be submitted says so (「檔案已上傳，尚未送出」).
   */
  doneLabel?: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const rule = UPLOAD_PURPOSES[purpose];
  const [items, setItems] = useState<Item[]>([]);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const update = (key: string, patch: Partial<Item>) =>
    setItems((list) => list.map((i) => (i.key === key ? { ...i, ...patch } : i)));

  async function add(file: File) {
    const key = `${file.name}-${file.size}-${Date.now()}`;
    const problem = precheckFile(purpose, file);
    if (problem) {
      const message =
        problem.rule === 'size'
          ? t('upload.tooLarge', { mb: problem.limitMb })
          : problem.rule === 'type'
            ? t('upload.wrongType', { kinds: problem.kinds })
            : t('upload.empty');
      setItems((list) => [
        ...list,
        { key, name: file.name, size: file.size, progress: 0, state: 'error', message },
      ]);
      return;
    }
    const upload = new Upload(file, {
      endpoint: '/api/v1/uploads/tus',
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000],
      headers: { 'x-csrf-token': csrfToken() ?? '', 'accept-language': i18n.language },
      metadata: { purpose, filename: file.name },
      removeFingerprintOnSuccess: true,
      fingerprint: (f) => fingerprint(f as File, purpose),
      onProgress: (sent, total) =>
        update(key, { progress: total ? (sent / total) * 100 : 0, state: 'uploading' }),
      onShouldRetry: (err, attempt, options) => {
        const retry = shouldRetryUpload(answerOf(err).status);
        if (retry && attempt < (options.retryDelays?.length ?? 0)) update(key, { state: 'retrying' });
        return retry;
      },
      onError: (err) => {
        const { status, body } = answerOf(err);
        update(key, { state: 'error', message: failureMessage(status, body, t) });
      },
      // Saved only when the server named the file it became: an answer without it (complete bytes the
      // server never recorded) is not a success the student may rely on.
      onSuccess: (payload) => {
        const id = payload.lastResponse.getHeader('Licheng-File-Id');
        if (!id) {
          update(key, { state: 'error', message: t('uploadErrors.unconfirmed') });
          return;
        }
        update(key, { state: 'done', progress: 100 });
        onUploaded?.(id, file.name);
      },
    });
    setItems((list) => [
      ...list,
      { key, name: file.name, size: file.size, progress: 0, state: 'uploading', upload },
    ]);
    // Continue an upload of the same file interrupted by a reload or a closed tab.
    const previous = await upload.findPreviousUploads();
    if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
    upload.start();
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    for (const f of Array.from(e.dataTransfer.files)) void add(f);
  };

  return (
    <Stack gap="xs">
      <button
        type="button"
        onClick={() => input.current?.click()}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="upload-drop"
        style={{
          border: `2px dashed ${over ? 'var(--mantine-color-teal-6)' : 'var(--mantine-color-gray-4)'}`,
          borderRadius: 8,
          padding: 20,
          background: 'transparent',
          cursor: 'pointer',
          textAlign: 'center',
        }}
      >
        <Text>{t('upload.drop')}</Text>
        <Text size="xs" c="dimmed">
          {t('upload.rule', { label: rule.label[lang], kinds: rule.kinds.join('/'), mb: rule.maxBytes / MB })}
        </Text>
      </button>
      <input
        ref={input}
        type="file"
        hidden
        multiple
        data-testid="upload-input"
        onChange={(e) => {
          for (const f of Array.from(e.currentTarget.files ?? [])) void add(f);
          e.currentTarget.value = '';
        }}
      />
      {items.map((i) => (
        <Stack key={i.key} gap={2} data-testid="upload-item">
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm" truncate>
              {i.name}（{(i.size / MB).toFixed(2)} MB）
            </Text>
            <Group gap={4} wrap="nowrap">
              {i.state === 'uploading' && i.upload && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() => void i.upload?.abort().then(() => update(i.key, { state: 'paused' }))}
                >
                  {t('upload.pause')}
                </Button>
              )}
              {i.state === 'paused' && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() => {
                    update(i.key, { state: 'uploading' });
                    i.upload?.start();
                  }}
                >
                  {t('upload.resume')}
                </Button>
              )}
              <Text
                size="xs"
                c={i.state === 'error' ? 'red' : i.state === 'done' ? 'teal' : 'dimmed'}
                data-testid="upload-state"
              >
                {i.state === 'error'
                  ? i.message
                  : i.state === 'done' && doneLabel
                    ? doneLabel
                    : t(`upload.state.${i.state}`)}
              </Text>
            </Group>
          </Group>
          {i.state !== 'error' && (
            <Progress value={i.progress} color={i.state === 'done' ? 'teal' : undefined} />
          )}
        </Stack>
      ))}
    </Stack>
  );
}

import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.js';

/** The messages of every problem the server listed (a form's broken rules, all at once). */
export function problemMessages(error: unknown): string[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return error.details
    .map((d) => (d && typeof d === 'object' && 'message' in d ? String(d.message) : ''))
    .filter((m) => m !== '');
}

/** Shows a server error's message (already in the UI language), every listed problem, and the request id. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const message = error instanceof Error ? error.message : t('errors.unknown');
  const problems = problemMessages(error);
  return (
    <Alert color="red" role="alert" data-testid="error-alert">
      {problems.length > 1 ? (
        <>
          <Text size="sm">{t('student.problems')}</Text>
          <List size="sm" data-testid="error-problems">
            {problems.map((p) => (
              <List.Item key={p}>{p}</List.Item>
            ))}
          </List>
        </>
      ) : (
        <Text size="sm">{message}</Text>
      )}
      {error instanceof ApiError && error.requestId && (
        <Text size="xs" c="dimmed">
          {t('errors.requestId', { id: error.requestId })}
        </Text>
      )}
    </Alert>
  );
}

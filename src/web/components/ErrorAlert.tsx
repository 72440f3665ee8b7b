import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.js';

/** Shows a server error's message (already in the UI language) and its request id. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const message = error instanceof Error ? error.message : t('errors.unknown');
  return (
    <Alert color="red" role="alert" data-testid="error-alert">
      <Text size="sm">{message}</Text>
      {error instanceof ApiError && error.requestId && (
        <Text size="xs" c="dimmed">
          {t('errors.requestId', { id: error.requestId })}
        </Text>
      )}
    </Alert>
  );
}

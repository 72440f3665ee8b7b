import { Alert, Button, Card, CopyButton, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTaipei } from '../../../domain/time-format.js';
import { api } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';

interface FeedStatus {
  active: boolean;
  createdAt: string | null;
  lastUsedAt: string | null;
}

/**
 * The personal ICS subscription: create, replace or turn off the secret URL. The server keeps only a
 * hash of it, so the URL is shown once, right after it is made.
 */
export function CalendarFeed() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [url, setUrl] = useState<string | null>(null);
  const [revoked, setRevoked] = useState(false);
  const status = useQuery({
    queryKey: ['calendar', 'feed'],
    queryFn: () => api<FeedStatus>('/api/v1/calendar/feed'),
  });
  const create = useMutation({
    mutationFn: () => api<{ path: string }>('/api/v1/calendar/feed', { method: 'POST' }),
    onSuccess: (r) => {
      setUrl(`${window.location.origin}${r.path}`);
      setRevoked(false);
      void qc.invalidateQueries({ queryKey: ['calendar', 'feed'] });
    },
  });
  const revoke = useMutation({
    mutationFn: () => api('/api/v1/calendar/feed', { method: 'DELETE' }),
    onSuccess: () => {
      setUrl(null);
      setRevoked(true);
      void qc.invalidateQueries({ queryKey: ['calendar', 'feed'] });
    },
  });
  const active = status.data?.active;
  return (
    <Card withBorder data-testid="calendar-feed">
      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('calendar.feed.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('calendar.feed.hint')}
        </Text>
        <Text size="sm" data-testid="feed-status">
          {active && status.data?.createdAt
            ? t('calendar.feed.active', { at: formatTaipei(status.data.createdAt) })
            : t('calendar.feed.inactive')}
        </Text>
        {url && (
          <Alert color="yellow" title={t('calendar.feed.shownOnce')}>
            <Group wrap="nowrap" align="end">
              <TextInput
                label={t('calendar.feed.url')}
                value={url}
                readOnly
                style={{ flex: 1 }}
                onFocus={(e) => e.currentTarget.select()}
                data-testid="feed-url"
              />
              <CopyButton value={url}>
                {({ copied, copy }) => (
                  <Button variant="light" onClick={copy}>
                    {copied ? t('calendar.feed.copied') : t('calendar.feed.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Alert>
        )}
        {revoked && <Text size="sm">{t('calendar.feed.revoked')}</Text>}
        <Group>
          <Button onClick={() => create.mutate()} loading={create.isPending} data-testid="feed-create">
            {active ? t('calendar.feed.rotate') : t('calendar.feed.create')}
          </Button>
          {active && (
            <Button
              color="red"
              variant="light"
              onClick={() => revoke.mutate()}
              loading={revoke.isPending}
              data-testid="feed-revoke"
            >
              {t('calendar.feed.revoke')}
            </Button>
          )}
        </Group>
        {(create.error || revoke.error) && <ErrorAlert error={create.error ?? revoke.error} />}
      </Stack>
    </Card>
  );
}

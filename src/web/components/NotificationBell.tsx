import { ActionIcon, Indicator, Menu, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatTaipei } from '../../domain/time-format.js';
import { api } from '../api/client.js';

interface Notifications {
  unread: number;
  items: {
    id: string;
    kind: string;
    params: Record<string, string | number>;
    link: string | null;
    createdAt: string;
    readAt: string | null;
  }[];
}

/** The header bell: unread count and the latest notices, rendered in the reader's language. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: ['notifications'],
    queryFn: () => api<Notifications>('/api/v1/notifications'),
    refetchInterval: 60_000,
  });
  const read = useMutation({
    mutationFn: () => api('/api/v1/notifications/read', { method: 'POST', body: {} }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const unread = query.data?.unread ?? 0;
  const text = (n: Notifications['items'][number]) =>
    t(`notifications.${n.kind}`, {
      ...n.params,
      closesAt: n.params.closesAt ? formatTaipei(String(n.params.closesAt)) : '',
    });
  return (
    <Menu width={320} position="bottom-end" onOpen={() => unread > 0 && read.mutate()}>
      <Menu.Target>
        <Indicator label={unread} size={16} disabled={unread === 0}>
          <ActionIcon variant="subtle" aria-label={t('notifications.title')} data-testid="notification-bell">
            🔔
          </ActionIcon>
        </Indicator>
      </Menu.Target>
      <Menu.Dropdown>
        {(query.data?.items ?? []).length === 0 && <Menu.Label>{t('notifications.none')}</Menu.Label>}
        {(query.data?.items ?? []).slice(0, 10).map((n) => (
          <Menu.Item key={n.id} onClick={() => n.link && navigate(n.link)}>
            <Text size="sm" fw={n.readAt ? 400 : 600}>
              {text(n)}
            </Text>
            <Text size="xs" c="dimmed">
              {formatTaipei(n.createdAt)}
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

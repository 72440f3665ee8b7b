import { Badge, Button, Card, Group, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../domain/roles.js';
import { formatTaipei } from '../../../domain/time-format.js';
import { api } from '../../api/client.js';
import type { Classes } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import type { Announcement } from './types.js';

const OFFICES = ['academicAdmin', 'studentAffairs', 'counselor'] as const;
const AUDIENCES = ['all', 'grade', 'class', 'teachers', 'parents'] as const;

/** Announcements (公告) that target the user, newest first; an office may delete its own. */
export function AnnouncementList({ items }: { items: Announcement[] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/v1/announcements/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['calendar'] });
      void qc.invalidateQueries({ queryKey: ['announcements'] });
    },
  });
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('announcements.none')}
      </Text>
    );
  return (
    <Stack gap="xs" data-testid="announcements">
      {remove.error && <ErrorAlert error={remove.error} />}
      {items.map((a) => (
        <Card key={a.id} withBorder padding="sm" data-testid="announcement">
          <Group justify="space-between" wrap="nowrap" align="start">
            <Stack gap={2}>
              <Text fw={600}>{a.title}</Text>
              <Group gap={4}>
                <Badge variant="light" size="sm">
                  {t(`announcements.office.${a.office}`)}
                </Badge>
                <Badge variant="outline" size="sm" color="gray">
                  {t(`announcements.audience.${a.audience}`, { grade: a.grade, name: a.className ?? '' })}
                </Badge>
                {a.onDate && (
                  <Text size="xs" c="grape.8">
                    {t('announcements.onDate', { date: a.onDate.replaceAll('-', '/') })}
                  </Text>
                )}
              </Group>
            </Stack>
            {a.canDelete && (
              <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(a.id)}>
                {t('announcements.delete')}
              </Button>
            )}
          </Group>
          <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
            {a.body}
          </Text>
          <Text size="xs" c="dimmed">
            {a.author} · {formatTaipei(a.createdAt)}
          </Text>
        </Card>
      ))}
    </Stack>
  );
}

/** The offices' form: title, text, audience (a grade or a class when chosen), optional date. */
export function AnnouncementForm({ roles }: { roles: readonly Role[] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const mine = OFFICES.filter((o) => roles.includes(o));
  const [office, setOffice] = useState<string>(mine[0] ?? 'academicAdmin');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [audience, setAudience] = useState<(typeof AUDIENCES)[number]>('all');
  const [grade, setGrade] = useState<string | null>('10');
  const [classId, setClassId] = useState<string | null>(null);
  const [onDate, setOnDate] = useState('');
  const [done, setDone] = useState(false);
  const classes = useQuery({
    queryKey: ['classes'],
    queryFn: () => api<Classes>('/api/v1/classes'),
    enabled: audience === 'class',
  });
  const publish = useMutation({
    mutationFn: () =>
      api('/api/v1/announcements', {
        method: 'POST',
        body: {
          office,
          title,
          body,
          audience,
          ...(audience === 'grade' ? { grade: Number(grade) } : {}),
          ...(audience === 'class' && classId ? { classId } : {}),
          ...(onDate ? { onDate } : {}),
        },
      }),
    onMutate: () => setDone(false),
    onSuccess: () => {
      setDone(true);
      setTitle('');
      setBody('');
      void qc.invalidateQueries({ queryKey: ['calendar'] });
      void qc.invalidateQueries({ queryKey: ['announcements'] });
    },
  });
  if (mine.length === 0) return null;
  return (
    <Card withBorder data-testid="announcement-form">
      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('announcements.publish')}
        </Title>
        {mine.length > 1 && (
          <Select
            label={t('announcements.form.office')}
            data={mine.map((o) => ({ value: o, label: t(`announcements.office.${o}`) }))}
            value={office}
            onChange={(v) => v && setOffice(v)}
          />
        )}
        <TextInput
          label={t('announcements.form.title')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
        <Textarea
          label={t('announcements.form.body')}
          value={body}
          autosize
          minRows={3}
          onChange={(e) => setBody(e.currentTarget.value)}
        />
        <Group grow wrap="wrap" align="start">
          <Select
            label={t('announcements.form.audience')}
            data={AUDIENCES.map((a) => ({ value: a, label: t(`announcements.choice.${a}`) }))}
            value={audience}
            onChange={(v) => v && setAudience(v as (typeof AUDIENCES)[number])}
            allowDeselect={false}
          />
          {audience === 'grade' && (
            <Select
              label={t('announcements.form.grade')}
              data={['10', '11', '12']}
              value={grade}
              onChange={setGrade}
              allowDeselect={false}
            />
          )}
          {audience === 'class' && (
            <Select
              label={t('announcements.form.class')}
              searchable
              data={(classes.data ?? []).map((c) => ({ value: c.id, label: `${c.academicYear} ${c.name}` }))}
              value={classId}
              onChange={setClassId}
            />
          )}
          <TextInput
            type="date"
            label={t('announcements.form.date')}
            value={onDate}
            onChange={(e) => setOnDate(e.currentTarget.value)}
          />
        </Group>
        {publish.error && <ErrorAlert error={publish.error} />}
        {done && (
          <Text size="sm" c="teal.8">
            {t('announcements.published')}
          </Text>
        )}
        <Group>
          <Button onClick={() => publish.mutate()} loading={publish.isPending} disabled={!title || !body}>
            {t('announcements.form.submit')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

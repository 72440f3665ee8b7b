import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  Pagination,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PLATFORM_ROLES, ROLES, type Role } from '../../../domain/roles.js';
import { api } from '../../api/client.js';
import { download } from '../../api/download.js';
import type { AccountList, Classes } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';

const PAGE_SIZE = 50;
const SCHOOL_ROLES = ROLES.filter((r) => !PLATFORM_ROLES.includes(r));

/** Account administration: provisioning with login slips, resets, disabling and roles. */
export function AccountsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q, 250);
  const [role, setRole] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [classId, setClassId] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: string; name: string; roles: Role[] } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [format, setFormat] = useState<'pdf' | 'xlsx'>('pdf');
  const [confirmReset, setConfirmReset] = useState(false);
  const [confirmToggle, setConfirmToggle] = useState<{
    id: string;
    displayName: string;
    username: string;
    disabled: boolean;
  } | null>(null);
  const params = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
  if (debouncedQ) params.set('q', debouncedQ);
  if (role) params.set('role', role);
  const list = useQuery({
    queryKey: ['accounts', params.toString()],
    queryFn: () => api<AccountList>(`/api/v1/accounts?${params}`),
    placeholderData: keepPreviousData,
  });
  const classes = useQuery({ queryKey: ['classes'], queryFn: () => api<Classes>('/api/v1/classes') });
  const refresh = () => qc.invalidateQueries({ queryKey: ['accounts'] });

  const provision = useMutation({
    mutationFn: (target: 'students' | 'staff' | 'guardians') =>
      download('/api/v1/accounts/provision', {
        method: 'POST',
        body: { target, format, ...(classId ? { classId } : {}) },
      }),
    onSuccess: (headers) => {
      setMessage(t('accounts.created', { count: Number(headers.get('x-created-count') ?? 0) }));
      void refresh();
    },
  });
  const reset = useMutation({
    mutationFn: () =>
      download('/api/v1/accounts/reset-passwords', {
        method: 'POST',
        body: { userIds: [...selected], format },
      }),
    onSuccess: () => {
      setConfirmReset(false);
      setMessage(t('accounts.resetDone', { count: selected.size }));
      setSelected(new Set());
      void refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: (a: { id: string; disabled: boolean }) =>
      api(`/api/v1/accounts/${a.id}/${a.disabled ? 'enable' : 'disable'}`, { method: 'POST' }),
    onSuccess: () => {
      setConfirmToggle(null);
      void refresh();
    },
  });
  const saveRoles = useMutation({
    mutationFn: (e: { id: string; roles: Role[] }) =>
      api(`/api/v1/accounts/${e.id}/roles`, { method: 'PUT', body: { roles: e.roles } }),
    onSuccess: () => {
      setEditing(null);
      void refresh();
    },
  });
  const flip = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };

  return (
    <Stack>
      <Title order={2}>{t('nav.accounts')}</Title>
      <Text size="sm" c="dimmed">
        {t('accounts.intro')}
      </Text>
      <Card withBorder>
        <Stack>
          <Text fw={600}>{t('accounts.provisionTitle')}</Text>
          <Select
            label={t('accounts.onlyClass')}
            clearable
            data={(classes.data ?? []).map((c) => ({ value: c.id, label: `${c.academicYear} ${c.name}` }))}
            value={classId}
            onChange={setClassId}
            maw={320}
          />
          <SegmentedControl
            aria-label={t('offices.accounts.slipFormat')}
            value={format}
            onChange={(v) => setFormat(v as 'pdf' | 'xlsx')}
            data={[
              { value: 'pdf', label: t('offices.accounts.slipPdf') },
              { value: 'xlsx', label: t('offices.accounts.slipXlsx') },
            ]}
            maw={360}
          />
          <Group>
            <Button
              onClick={() => provision.mutate('students')}
              loading={provision.isPending && provision.variables === 'students'}
            >
              {t('accounts.provisionStudents')}
            </Button>
            <Button
              onClick={() => provision.mutate('guardians')}
              loading={provision.isPending && provision.variables === 'guardians'}
            >
              {t('accounts.provisionParents')}
            </Button>
            <Button
              onClick={() => provision.mutate('staff')}
              loading={provision.isPending && provision.variables === 'staff'}
            >
              {t('accounts.provisionStaff')}
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            {t('accounts.slipHint')}
          </Text>
        </Stack>
      </Card>
      {message && <Text c="teal">{message}</Text>}
      <ErrorAlert error={provision.error ?? list.error} />
      <Group wrap="wrap" align="end">
        <TextInput label={t('accounts.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} />
        <Select
          label={t('accounts.role')}
          clearable
          data={SCHOOL_ROLES.map((r) => ({ value: r, label: t(`roles.${r}.name`) }))}
          value={role}
          onChange={(v) => {
            setRole(v);
            setPage(1);
          }}
        />
        <Button
          variant="light"
          disabled={selected.size === 0}
          loading={reset.isPending}
          onClick={() => setConfirmReset(true)}
        >
          {t('accounts.reset', { count: selected.size })}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('accounts.count', { count: list.data?.total ?? 0 })}
      </Text>
      <Table.ScrollContainer minWidth={800}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              <Table.Th>{t('accounts.username')}</Table.Th>
              <Table.Th>{t('record.name')}</Table.Th>
              <Table.Th>{t('offices.accounts.class')}</Table.Th>
              <Table.Th>{t('accounts.roles')}</Table.Th>
              <Table.Th>{t('accounts.state')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data?.items ?? []).map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>
                  <Checkbox
                    aria-label={a.username}
                    checked={selected.has(a.id)}
                    onChange={() => flip(a.id)}
                  />
                </Table.Td>
                <Table.Td ff="monospace">{a.username}</Table.Td>
                <Table.Td>{a.displayName}</Table.Td>
                <Table.Td>{a.className ?? ''}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {a.roles.map((r) => (
                      <Badge key={r} size="xs" variant="light">
                        {t(`roles.${r}.name`)}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  {a.disabled && <Badge color="gray">{t('accounts.disabled')}</Badge>}
                  {a.locked && <Badge color="orange">{t('accounts.locked')}</Badge>}
                  {a.mustChangePassword && <Badge color="yellow">{t('accounts.mustChange')}</Badge>}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      aria-label={t('offices.accounts.rolesButtonLabel', { name: a.displayName })}
                      onClick={() => setEditing({ id: a.id, name: a.displayName, roles: a.roles })}
                    >
                      {t('offices.accounts.rolesButton')}
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color={a.disabled ? 'teal' : 'red'}
                      onClick={() => setConfirmToggle(a)}
                    >
                      {a.disabled ? t('accounts.enable') : t('accounts.disable')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.data && list.data.total > PAGE_SIZE && (
        <Pagination total={Math.ceil(list.data.total / PAGE_SIZE)} value={page} onChange={setPage} />
      )}
      <Modal
        opened={confirmReset}
        onClose={() => setConfirmReset(false)}
        title={t('offices.accounts.resetTitle')}
      >
        <Stack>
          <Text size="sm">{t('offices.accounts.resetText', { count: selected.size })}</Text>
          <ErrorAlert error={reset.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmReset(false)}>
              {t('offices.accounts.cancel')}
            </Button>
            <Button color="red" loading={reset.isPending} onClick={() => reset.mutate()}>
              {t('offices.accounts.resetConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal
        opened={!!confirmToggle}
        onClose={() => setConfirmToggle(null)}
        title={t(confirmToggle?.disabled ? 'offices.accounts.enableTitle' : 'offices.accounts.disableTitle')}
      >
        {confirmToggle && (
          <Stack>
            <Text size="sm">
              {t(confirmToggle.disabled ? 'offices.accounts.enableText' : 'offices.accounts.disableText', {
                name: confirmToggle.displayName,
                username: confirmToggle.username,
              })}
            </Text>
            <ErrorAlert error={toggle.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirmToggle(null)}>
                {t('offices.accounts.cancel')}
              </Button>
              <Button
                color={confirmToggle.disabled ? 'teal' : 'red'}
                loading={toggle.isPending}
                onClick={() => toggle.mutate(confirmToggle)}
              >
                {t(
                  confirmToggle.disabled
                    ? 'offices.accounts.enableConfirm'
                    : 'offices.accounts.disableConfirm',
                )}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <Modal opened={!!editing} onClose={() => setEditing(null)} title={editing?.name}>
        {editing && (
          <Stack>
            <MultiSelect
              label={t('accounts.roles')}
              data={SCHOOL_ROLES.map((r) => ({ value: r, label: t(`roles.${r}.name`) }))}
              value={editing.roles}
              onChange={(v) => setEditing({ ...editing, roles: v as Role[] })}
            />
            <ErrorAlert error={saveRoles.error} />
            <Button onClick={() => saveRoles.mutate(editing)} loading={saveRoles.isPending}>
              {t('accounts.save')}
            </Button>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

import {
  Badge,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CODE_DOMAIN_DEFS,
  CODE_DOMAINS,
  type CodeDomain,
  type CodeTables,
} from '../../../domain/code-tables.js';
import { api } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';

/** Adds a school code to one table. */
function AddCode({ domain, onAdded }: { domain: CodeDomain; onAdded: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const groups = CODE_DOMAIN_DEFS[domain].groups;
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [labelEn, setLabelEn] = useState('');
  const [group, setGroup] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () =>
      api('/api/v1/codes', {
        method: 'POST',
        body: { domain, code, label, labelEn: labelEn || null, group },
      }),
    onSuccess: () => {
      setCode('');
      setLabel('');
      setLabelEn('');
      onAdded();
    },
  });
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Text fw={600}>{t('codes.add')}</Text>
        <Group grow wrap="wrap" align="end">
          <TextInput
            label={t('codes.code')}
            description={CODE_DOMAIN_DEFS[domain].patternHint}
            data-field="code"
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
          />
          <TextInput
            label={t('codes.label')}
            data-field="label"
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
          />
          <TextInput
            label={t('codes.labelEn')}
            value={labelEn}
            onChange={(e) => setLabelEn(e.currentTarget.value)}
          />
          {groups && (
            <Select
              label={t('codes.group')}
              data={Object.entries(groups).map(([k, l]) => ({ value: k, label: `${k} ${l[lang]}` }))}
              value={group}
              onChange={setGroup}
            />
          )}
        </Group>
        <ErrorAlert error={add.error} />
        <Group>
          <Button
            onClick={() => add.mutate()}
            loading={add.isPending}
            disabled={!code.trim() || !label.trim()}
          >
            {t('codes.add')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** 教務處 / 學務處: the code tables, platform entries read-only, the school's own added and disabled (audited). */
export function CodeTablesPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const qc = useQueryClient();
  const [domain, setDomain] = useState<CodeDomain>('competitionField');
  const tables = useQuery({ queryKey: ['codes'], queryFn: () => api<CodeTables>('/api/v1/codes') });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['codes'] });
  const toggle = useMutation({
    mutationFn: (v: { id: string; disabled: boolean }) =>
      api(`/api/v1/codes/${v.id}`, { method: 'PUT', body: { disabled: v.disabled } }),
    onSuccess: refresh,
  });
  return (
    <Stack maw={1000} mx="auto">
      <Title order={2}>{t('codes.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('codes.intro')}
      </Text>
      <Tabs value={domain} onChange={(v) => v && setDomain(v as CodeDomain)}>
        <Tabs.List>
          {CODE_DOMAINS.map((d) => (
            <Tabs.Tab key={d} value={d}>
              {t(`codes.domains.${d}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <AddCode key={domain} domain={domain} onAdded={refresh} />
      <ErrorAlert error={toggle.error} />
      <Loading query={tables}>
        {(all) => (
          <Table.ScrollContainer minWidth={560}>
            <Table striped data-testid="code-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('codes.code')}</Table.Th>
                  <Table.Th>{t('codes.label')}</Table.Th>
                  {CODE_DOMAIN_DEFS[domain].groups && <Table.Th>{t('codes.group')}</Table.Th>}
                  <Table.Th>{t('codes.source')}</Table.Th>
                  <Table.Th>{t('codes.state')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {all[domain].map((c) => (
                  <Table.Tr key={`${c.source}${c.code}`} data-testid={`code-${c.code}`}>
                    <Table.Td ff="monospace">{c.code}</Table.Td>
                    <Table.Td>{c.label[lang]}</Table.Td>
                    {CODE_DOMAIN_DEFS[domain].groups && (
                      <Table.Td>{c.group ? CODE_DOMAIN_DEFS[domain].groups?.[c.group]?.[lang] : ''}</Table.Td>
                    )}
                    <Table.Td>
                      <Badge variant="light" color={c.source === 'school' ? 'teal' : 'gray'}>
                        {t(`codes.sources.${c.source}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{c.disabled ? t('codes.disabled') : t('codes.enabled')}</Table.Td>
                    <Table.Td>
                      {c.id && (
                        <Button
                          size="xs"
                          variant="light"
                          color={c.disabled ? 'teal' : 'red'}
                          onClick={() => toggle.mutate({ id: c.id as string, disabled: !c.disabled })}
                        >
                          {c.disabled ? t('codes.enable') : t('codes.disable')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Loading>
    </Stack>
  );
}

import { Alert, Badge, Card, Code, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type DragEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';

type Label = { 'zh-TW': string; en: string };
interface ItemReport {
  position: number;
  code: string;
  title: string;
  source: string;
  result: 'verified' | 'revoked' | 'failed' | 'notCertified' | 'noCredential' | 'text';
  message?: Label;
  attachment?: string;
  issuer?: { name: string; code: string };
  certifiedAt?: string;
  status?: 'valid' | 'revoked' | 'unchecked';
}
interface Report {
  ok: boolean;
  packet: {
    student: { name: string };
    programme: { admissionYear: number; universityName: string; programmeName: string };
  } | null;
  firstFailure: { position: number; title: string; message: Label } | null;
  problems: string[];
  items: ItemReport[];
}

const COLOR: Record<ItemReport['result'], string> = {
  verified: 'green',
  revoked: 'red',
  failed: 'red',
  notCertified: 'yellow',
  noCredential: 'orange',
  text: 'gray',
};

/** Public page (no sign-in): drop a packet PDF, see every item's result (POST /api/v1/verify). */
export function VerifyPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState<string | null>(null);
  const check = useMutation({
    mutationFn: async (file: File) =>
      api<Report>('/api/v1/verify', { method: 'POST', raw: await file.arrayBuffer() }),
  });
  const pick = (file: File | undefined) => {
    if (!file) return;
    setName(file.name);
    check.mutate(file);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    pick(e.dataTransfer.files[0]);
  };
  const report = check.data;
  return (
    <Stack maw={900} mx="auto" p="md">
      <Title order={2}>{t('verify.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('verify.intro')}
      </Text>
      <Card
        withBorder
        padding="xl"
        style={{ borderStyle: 'dashed', cursor: 'pointer', textAlign: 'center' }}
        onDragOver={(e) => e.preventDefault()}
        onDrop={onDrop}
        onClick={() => input.current?.click()}
        data-testid="verify-drop"
      >
        <Text>{name ?? t('verify.drop')}</Text>
        <input
          ref={input}
          type="file"
          accept="application/pdf,.pdf"
          hidden
          aria-label={t('verify.drop')}
          onChange={(e) => pick(e.currentTarget.files?.[0])}
        />
      </Card>
      {check.isPending && (
        <Stack align="center">
          <Loader />
          <Text>{t('verify.checking')}</Text>
        </Stack>
      )}
      {check.error && <ErrorAlert error={check.error} />}
      {report && (
        <Stack>
          <Alert color={report.ok ? 'green' : 'red'} data-testid="verify-verdict">
            {report.ok
              ? t('verify.passed')
              : report.firstFailure
                ? t('verify.failed', {
                    position: report.firstFailure.position,
                    title: report.firstFailure.title,
                    message: report.firstFailure.message[lang],
                  })
                : t('verify.failedPacket', { problem: report.problems.join('; ') })}
          </Alert>
          {report.packet && (
            <Text fw={500}>
              {t('verify.packet', {
                student: report.packet.student.name,
                university: report.packet.programme.universityName,
                programme: report.packet.programme.programmeName,
                year: report.packet.programme.admissionYear,
              })}
            </Text>
          )}
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('verify.position')}</Table.Th>
                <Table.Th>{t('verify.item')}</Table.Th>
                <Table.Th>{t('verify.result')}</Table.Th>
                <Table.Th>{t('verify.details')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.items.map((i) => (
                <Table.Tr key={i.position}>
                  <Table.Td>{i.position}</Table.Td>
                  <Table.Td>
                    {i.code} {i.title}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={COLOR[i.result]}>{t(`verify.results.${i.result}`)}</Badge>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      {i.message && <Text size="sm">{i.message[lang]}</Text>}
                      {i.attachment && <Code>{i.attachment}</Code>}
                      {i.issuer && i.certifiedAt && (
                        <Text size="sm" c="dimmed">
                          {t('verify.certifiedBy', {
                            issuer: i.issuer.name,
                            date: new Date(i.certifiedAt).toLocaleDateString(lang),
                          })}
                        </Text>
                      )}
                      {i.status === 'unchecked' && (
                        <Text size="sm" c="orange">
                          {t('verify.unchecked')}
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
      <Text size="xs" c="dimmed">
        {t('verify.offline')}
      </Text>
    </Stack>
  );
}

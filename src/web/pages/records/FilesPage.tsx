import { Anchor, Badge, Card, Image, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTaipei } from '../../../domain/time-format.js';
import { MB, UPLOAD_PURPOSES, type UploadPurpose } from '../../../domain/upload-purposes.js';
import { api } from '../../api/client.js';
import { FileUpload } from '../../components/FileUpload.js';
import { Loading } from '../../components/Loading.js';
import { useMe } from '../../session.js';

interface OwnFile {
  id: string;
  purpose: UploadPurpose;
  sha256: string;
  size: number;
  mime: string;
  originalName: string;
  durationSeconds: string | null;
  flags: Record<string, boolean>;
  hasPreview: boolean;
  createdAt: string;
  /** What uses the file: none means it is only stored, not handed in. */
  usedBy: {
    kind: 'outcome' | 'performance' | 'draft';
    id: string | null;
    title: string;
    status: string | null;
  }[];
}

/** The signed-in user's uploads: add files (resumable) and see what the server keeps, with its digest. */
export function FilesPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const { data: me } = useMe();
  const qc = useQueryClient();
  const purposes = (Object.keys(UPLOAD_PURPOSES) as UploadPurpose[]).filter((p) =>
    UPLOAD_PURPOSES[p].roles.some((r) => me?.roles.includes(r)),
  );
  const [purpose, setPurpose] = useState<UploadPurpose>(purposes[0] ?? 'outcomeDocument');
  const files = useQuery({ queryKey: ['files'], queryFn: () => api<OwnFile[]>('/api/v1/files') });
  return (
    <Stack maw={960} mx="auto">
      <Title order={2}>{t('nav.files')}</Title>
      <Text size="sm" c="dimmed">
        {t('files.intro')}
      </Text>
      <Card withBorder>
        <Stack>
          <SegmentedControl
            data={purposes.map((p) => ({ value: p, label: UPLOAD_PURPOSES[p].label[lang] }))}
            value={purpose}
            onChange={(v) => setPurpose(v as UploadPurpose)}
            style={{ overflowX: 'auto' }}
          />
          <FileUpload
            purpose={purpose}
            onUploaded={() => void qc.invalidateQueries({ queryKey: ['files'] })}
          />
        </Stack>
      </Card>
      <Loading query={files}>
        {(list) => (
          <Table.ScrollContainer minWidth={600}>
            <Table striped data-testid="files-table">
              <Table.Tbody>
                {list.map((f) => (
                  <Table.Tr key={f.id}>
                    <Table.Td w={72}>
                      {f.hasPreview ? (
                        <Image src={`/api/v1/files/${f.id}/thumbnail`} w={56} h={56} fit="contain" alt="" />
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Anchor href={`/api/v1/files/${f.id}/content`}>{f.originalName}</Anchor>
                      <Text size="xs" c="dimmed">
                        {UPLOAD_PURPOSES[f.purpose].label[lang]} · {(f.size / MB).toFixed(2)} MB
                        {f.durationSeconds ? ` · ${f.durationSeconds} s` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td data-testid="file-uses">
                      <Stack gap={2}>
                        {f.usedBy.length === 0 ? (
                          <Text size="xs" c="orange.8">
                            {t('student.usedBy.none')}
                          </Text>
                        ) : (
                          f.usedBy.map((u) => (
                            <Text
                              key={`${u.kind}-${u.id}`}
                              size="xs"
                              c={u.kind === 'draft' ? 'orange.8' : undefined}
                            >
                              {t(`student.usedBy.${u.kind}`, {
                                title: u.title,
                                status: u.status ? t(`outcomes.status.${u.status}`) : '',
                              })}
                            </Text>
                          ))
                        )}
                        {f.flags.pdfJavaScript && <Badge color="orange">{t('files.pdfJavaScript')}</Badge>}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        {formatTaipei(f.createdAt)}
                      </Text>
                      <Text size="xs" ff="monospace" c="dimmed" title={f.sha256}>
                        SHA-256 {f.sha256.slice(0, 16)}…
                      </Text>
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

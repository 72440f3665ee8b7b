import { Alert, Button, Card, NumberInput, Radio, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SchoolSettings } from '../../../domain/school-settings.js';
import { SETTING_BOUNDS } from '../../../domain/school-settings.js';
import { api } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';

interface Answer {
  settings: SchoolSettings;
  updatedAt: string | null;
}

const NUMBERS = Object.keys(SETTING_BOUNDS) as (keyof typeof SETTING_BOUNDS)[];

/** 教務處's school settings: the selection and outcome limits and the selection window mode (audited). */
export function SchoolSettingsPage() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: ['school-settings'],
    queryFn: () => api<Answer>('/api/v1/school-settings'),
  });
  const [form, setForm] = useState<SchoolSettings | null>(null);
  useEffect(() => {
    if (query.data) setForm(query.data.settings);
  }, [query.data]);
  const save = useMutation({
    mutationFn: (body: SchoolSettings) => api<Answer>('/api/v1/school-settings', { method: 'PUT', body }),
    onSuccess: (a) => qc.setQueryData(['school-settings'], a),
  });
  return (
    <Stack maw={700} mx="auto">
      <Title order={2}>{t('schoolSettings.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('schoolSettings.intro')}
      </Text>
      <Loading query={query}>
        {(a) =>
          form && (
            <Card withBorder>
              <Stack>
                {NUMBERS.map((key) => (
                  <NumberInput
                    key={key}
                    label={t(`schoolSettings.${key}`)}
                    min={SETTING_BOUNDS[key].min}
                    max={SETTING_BOUNDS[key].max}
                    allowDecimal={false}
                    value={form[key]}
                    onChange={(v) => setForm({ ...form, [key]: Number(v) })}
                  />
                ))}
                <Radio.Group
                  label={t('schoolSettings.windowMode')}
                  value={form.selectionWindowMode}
                  onChange={(v) =>
                    setForm({ ...form, selectionWindowMode: v as SchoolSettings['selectionWindowMode'] })
                  }
                >
                  <Stack gap="xs" mt="xs">
                    <Radio value="shared" label={t('schoolSettings.modeShared')} />
                    <Radio value="perOffice" label={t('schoolSettings.modePerOffice')} />
                  </Stack>
                </Radio.Group>
                <ErrorAlert error={save.error} />
                {save.isSuccess && <Alert color="teal">{t('schoolSettings.saved')}</Alert>}
                <Button w="fit-content" loading={save.isPending} onClick={() => save.mutate(form)}>
                  {t('schoolSettings.save')}
                </Button>
                {a.updatedAt && (
                  <Text size="xs" c="dimmed">
                    {t('schoolSettings.updatedAt', {
                      at: new Date(a.updatedAt).toLocaleString(i18n.language),
                    })}
                  </Text>
                )}
              </Stack>
            </Card>
          )
        }
      </Loading>
    </Stack>
  );
}

import { Alert, Anchor, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** A page the user may not open (403) or that does not exist (404): said at once, with the way home. */
export function PageRefused({ status }: { status: 403 | 404 }) {
  const { t } = useTranslation();
  return (
    <Stack maw={600} mx="auto" mt="xl">
      <Alert color="red" role="alert" data-testid="page-refused" title={t(`offices.refused.title${status}`)}>
        <Text size="sm">{t(`offices.refused.text${status}`)}</Text>
      </Alert>
      <Anchor component={Link} to="/">
        {t('notFound.back')}
      </Anchor>
    </Stack>
  );
}

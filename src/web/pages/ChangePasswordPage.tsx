import { Alert, Button, Card, Center, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PASSWORD_MIN_LENGTH, passwordProblem } from '../../domain/password-policy.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { useChangePassword, useMe } from '../session.js';

/** Own password change; forced on the first sign-in of provisioned accounts. The server checks the rules too. */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const change = useChangePassword();
  const navigate = useNavigate();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  if (!me) return null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (next !== confirm) return setLocalError(t('password.mismatch'));
    if (passwordProblem(next, me.user.username))
      return setLocalError(t('password.rule', { min: PASSWORD_MIN_LENGTH }));
    setLocalError(null);
    change.mutate(
      { currentPassword: current, newPassword: next },
      { onSuccess: () => navigate('/', { replace: true }) },
    );
  };

  return (
    <Center mih="60vh">
      <Card withBorder shadow="sm" padding="lg" w="100%" maw={420}>
        <form onSubmit={submit}>
          <Stack>
            <Title order={2}>{t('password.title')}</Title>
            {me.user.mustChangePassword && <Alert color="yellow">{t('password.forced')}</Alert>}
            <PasswordInput
              label={t('password.current')}
              autoComplete="current-password"
              required
              value={current}
              onChange={(e) => setCurrent(e.currentTarget.value)}
            />
            <PasswordInput
              label={t('password.new')}
              autoComplete="new-password"
              required
              value={next}
              onChange={(e) => setNext(e.currentTarget.value)}
            />
            <Text size="xs" c="dimmed">
              {t('password.rule', { min: PASSWORD_MIN_LENGTH })}
            </Text>
            <PasswordInput
              label={t('password.confirm')}
              autoComplete="new-password"
              required
              value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)}
            />
            {localError && <Alert color="red">{localError}</Alert>}
            <ErrorAlert error={change.error} />
            <Button type="submit" loading={change.isPending}>
              {t('password.submit')}
            </Button>
          </Stack>
        </form>
      </Card>
    </Center>
  );
}

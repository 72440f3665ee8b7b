import { Button, Card, Center, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { useLogin, useMe } from '../session.js';

export function LoginPage() {
  const { t } = useTranslation();
  const { data: me } = useMe({ enabled: false });
  const login = useLogin();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  if (me) return <Navigate to={me.user.mustChangePassword ? '/password' : '/'} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate(
      { username, password },
      { onSuccess: (m) => navigate(m.user.mustChangePassword ? '/password' : '/', { replace: true }) },
    );
  };

  return (
    <Center mih="70vh">
      <Card withBorder shadow="sm" padding="lg" w="100%" maw={400}>
        <form onSubmit={submit}>
          <Stack>
            <Title order={2}>{t('login.title')}</Title>
            <Text size="sm" c="dimmed">
              {t('login.hint')}
            </Text>
            <TextInput
              label={t('login.username')}
              name="username"
              autoComplete="username"
              required
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
            />
            <PasswordInput
              label={t('login.password')}
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <ErrorAlert error={login.error} />
            <Button type="submit" loading={login.isPending} fullWidth>
              {t('login.submit')}
            </Button>
          </Stack>
        </form>
      </Card>
    </Center>
  );
}

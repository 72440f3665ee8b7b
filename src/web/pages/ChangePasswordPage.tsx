import { Alert, Button, Card, Center, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PASSWORD_MIN_LENGTH, type PasswordProblem, passwordProblem } from '../../domain/password-policy.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { PasswordStrength } from '../components/PasswordStrength.js';
import { useChangePassword, useMe } from '../session.js';

type Checker = typeof import('../password-strength.js');

const PROBLEM_KEYS: Record<PasswordProblem, string> = {
  PASSWORD_TOO_SHORT: 'passwordRules.tooShort',
  PASSWORD_SAME_AS_USERNAME: 'passwordRules.sameAsUsername',
  PASSWORD_TOO_COMMON: 'passwordRules.tooCommon',
};

/**
 * Own password change; forced on the first sign-in of provisioned accounts. A strength meter and the
 * rules (common passwords included) are shown as hints; the server enforces the rules.
 */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const change = useChangePassword();
  const navigate = useNavigate();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const [checker, setChecker] = useState<Checker | null>(null);
  useEffect(() => {
    let live = true;
    // The word lists are large: load them only on this page.
    import('../password-strength.js').then((m) => live && setChecker(m)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (!me) return null;

  const problem = checker && next ? passwordProblem(next, me.user.username, checker.COMMON_PASSWORDS) : null;
  const userInputs = [me.user.username, me.user.displayName, me.school?.code ?? '', me.school?.name ?? ''];
  const score = checker && next ? checker.strengthOf(next, userInputs) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (next !== confirm) return setLocalError(t('password.mismatch'));
    const found = passwordProblem(next, me.user.username, checker?.COMMON_PASSWORDS ?? new Set());
    if (found) return setLocalError(t(PROBLEM_KEYS[found], { min: PASSWORD_MIN_LENGTH }));
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
              error={problem === 'PASSWORD_TOO_COMMON' ? t('passwordRules.tooCommon') : undefined}
            />
            {(next || !checker) && <PasswordStrength score={score} />}
            <Text size="xs" c="dimmed">
              {t('passwordRules.rule', { min: PASSWORD_MIN_LENGTH })} {t('passwordRules.advice')}
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

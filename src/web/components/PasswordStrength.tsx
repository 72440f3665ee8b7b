import { Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS = ['red', 'orange', 'yellow', 'teal', 'green'] as const;

/** The strength meter under a new password: a bar and its level in words (score from zxcvbn-ts). */
export function PasswordStrength({ score }: { score: 0 | 1 | 2 | 3 | 4 | null }) {
  const { t } = useTranslation();
  if (score === null) {
    return (
      <Text size="xs" c="dimmed">
        {t('passwordRules.checking')}
      </Text>
    );
  }
  const level = t(`passwordRules.level${score}`);
  return (
    <Stack gap={4}>
      <Progress
        value={(score + 1) * 20}
        color={COLORS[score]}
        size="sm"
        aria-label={t('passwordRules.strength', { level })}
      />
      <Text size="xs" c={score < 2 ? 'red' : 'dimmed'} data-testid="password-strength">
        {t('passwordRules.strength', { level })}
      </Text>
    </Stack>
  );
}

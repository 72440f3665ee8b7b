import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type Lang, setLanguage } from '../i18n/index.js';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('lang.label')}
      value={i18n.language}
      onChange={(v) => setLanguage(v as Lang)}
      data={[
        { value: 'zh-TW', label: t('lang.zh') },
        { value: 'en', label: t('lang.en') },
      ]}
    />
  );
}

import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatTerm } from '../../domain/calendar.js';

/**
 * The "between terms" state: the school's current term (by the calendar) is not set up yet, so pages of
 * the current term have nothing to show (the server answers `term: null` with the calendar term).
 */
export function BetweenTerms({ term }: { term: { academicYear: number; semester: number } }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const label = formatTerm({ academicYear: term.academicYear, semester: term.semester as 1 | 2 }, lang);
  return (
    <Alert color="gray" title={t('time.betweenTermsTitle')} data-testid="between-terms">
      {t('time.betweenTerms', { term: label })}
    </Alert>
  );
}

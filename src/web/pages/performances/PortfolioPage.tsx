import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatTerm } from '../../../domain/calendar.js';
import { CADRE_LEVELS } from '../../../domain/codes.js';
import { CATEGORIES, type PerformanceCategory } from '../../../domain/performances.js';
import { api } from '../../api/client.js';
import { Loading } from '../../components/Loading.js';
import { useMe } from '../../session.js';
import { StatusBadge } from '../outcomes/OutcomeTimeline.js';

interface Portfolio {
  access: string;
  student: { id: string; name: string; studentNo: string; className: string | null };
  years: {
    academicYear: number;
    terms: {
      academicYear: number;
      semester: number;
      credits: number;
      earnedCredits: number;
      courses: unknown[];
    }[];
    outcomes: {
      id: string;
      title: string;
      status: 'pending' | 'passed' | 'failed' | 'withdrawn';
      courseName: string;
      semester: number;
    }[];
    performances: {
      id: string;
      category: PerformanceCategory;
      summary: string;
      startsOn: string | null;
      eventYear: number | null;
    }[];
    schoolCadre: { unit: string; position: string; level: number; semester: number }[];
  }[];
}

/**
 * 學習歷程總覽: per academic year, the courses and credits, course outcomes with their certification
 * status, performances (with the event's own year when entered later) and school-entered cadre records.
 */
export function PortfolioPage() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  // A term not yet over has no earned credits to show (「已取得 0 / 16 學分」 would read as failing).
  const current = me?.currentTerm;
  const inProgress = (y: number, s: number) =>
    !!current && (y > current.academicYear || (y === current.academicYear && s >= current.semester));
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const { id } = useParams();
  const query = useQuery({
    queryKey: ['portfolio', id ?? 'me'],
    queryFn: () => api<Portfolio>(id ? `/api/v1/students/${id}/portfolio` : '/api/v1/me/portfolio'),
  });
  return (
    <Stack maw={1000} mx="auto">
      <Title order={2}>
        {t('nav.portfolio')}
        {query.data && id ? `：${query.data.student.name}` : ''}
      </Title>
      <Loading query={query}>
        {(p) => (
          <>
            {p.years.length === 0 && <Text c="dimmed">{t('portfolio.empty')}</Text>}
            {p.years.map((y) => (
              <Card withBorder key={y.academicYear} data-testid={`portfolio-year-${y.academicYear}`}>
                <Title order={3} size="h4" mb="sm">
                  {t('performances.yearLabel', { year: y.academicYear })}
                </Title>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <Stack gap={4}>
                    <Text fw={600} size="sm">
                      {t('record.courses')}
                    </Text>
                    {y.terms.length === 0 && (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                    {y.terms.map((term) => (
                      <Text size="sm" key={term.semester}>
                        {formatTerm(
                          { academicYear: term.academicYear, semester: term.semester as 1 | 2 },
                          lang,
                        )}
                        ：
                        {inProgress(term.academicYear, term.semester)
                          ? t('student.creditsInProgress', {
                              count: term.courses.length,
                              credits: term.credits,
                            })
                          : t('portfolio.credits', {
                              count: term.courses.length,
                              earned: term.earnedCredits,
                              credits: term.credits,
                            })}
                      </Text>
                    ))}
                    <Text fw={600} size="sm" mt="sm">
                      {t('nav.outcomes')}
                    </Text>
                    {y.outcomes.length === 0 && (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                    {y.outcomes.map((o) => (
                      <Group gap="xs" key={o.id} wrap="nowrap">
                        <StatusBadge status={o.status} />
                        <Text size="sm">
                          {o.title}（{o.courseName}）
                        </Text>
                      </Group>
                    ))}
                  </Stack>
                  <Stack gap={4}>
                    <Text fw={600} size="sm">
                      {t('nav.performances')}
                    </Text>
                    {y.performances.length === 0 && y.schoolCadre.length === 0 && (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                    {y.schoolCadre.map((c) => (
                      <Group gap="xs" key={`${c.semester}${c.unit}${c.position}`} wrap="nowrap">
                        <Badge color="gray" size="sm">
                          {t('performances.schoolEntered')}
                        </Badge>
                        <Text size="sm">
                          {c.unit} {c.position}（{CADRE_LEVELS[c.level]?.[lang]}）
                        </Text>
                      </Group>
                    ))}
                    {y.performances.map((r) => (
                      <Group gap="xs" key={r.id} wrap="nowrap" data-testid="portfolio-performance">
                        <Badge variant="light" size="sm">
                          {CATEGORIES[r.category].label[lang]}
                        </Badge>
                        <Text size="sm">
                          {r.summary}
                          {r.eventYear !== null && r.eventYear !== y.academicYear
                            ? `（${t('performances.eventYear', { year: r.eventYear })}）`
                            : ''}
                        </Text>
                      </Group>
                    ))}
                  </Stack>
                </SimpleGrid>
              </Card>
            ))}
            {!id && (
              <Group>
                <Anchor component={Link} to="/performances">
                  {t('nav.performances')}
                </Anchor>
                <Anchor component={Link} to="/outcomes">
                  {t('nav.outcomes')}
                </Anchor>
              </Group>
            )}
          </>
        )}
      </Loading>
    </Stack>
  );
}

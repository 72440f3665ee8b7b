import { Alert, Card, Group, List, NumberInput, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  EXAM_SUBJECTS,
  ITEM_KINDS,
  MAX_EXAM_SHARE,
  MIN_WEIGHT,
  type ScoreInput,
  type ScoreProblem,
  vocationalScore,
} from '../../../domain/vocational-score.js';

const START: ScoreInput = {
  exam: EXAM_SUBJECTS.map((subject) => ({ subject, score: 60, weight: MIN_WEIGHT[subject] })),
  examShare: MAX_EXAM_SHARE,
  items: ITEM_KINDS.map((kind) => ({
    kind,
    share: kind === 'portfolio' ? 30 : kind === 'project' ? 30 : 0,
    score: 80,
  })),
  bonusPercent: 0,
};

const num = (v: string | number) => (typeof v === 'number' ? v : Number(v) || 0);

/** 技專甄選 second-stage score estimate (a student aid; computed in the page, nothing is stored). */
export function ScoreCalculatorPage() {
  const { t } = useTranslation();
  const [input, setInput] = useState<ScoreInput>(START);
  const result = vocationalScore(input);
  const describe = (p: ScoreProblem) => {
    const params: Record<string, string | number> = { ...p };
    if (p.code === 'weightMin') params.subject = t(`scoreCalc.subjects.${p.subject}`);
    if (p.code === 'requiredItem') params.kind = t(`scoreCalc.kinds.${p.kind}`);
    return t(`scoreCalc.problems.${p.code}`, params);
  };
  return (
    <Stack maw={900} mx="auto">
      <Title order={2}>{t('scoreCalc.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('scoreCalc.intro')}
      </Text>
      <Card withBorder>
        <Title order={4}>{t('scoreCalc.exam')}</Title>
        <NumberInput
          label={t('scoreCalc.examShare')}
          value={input.examShare}
          min={0}
          max={100}
          onChange={(v) => setInput({ ...input, examShare: num(v) })}
          maw={260}
        />
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('scoreCalc.subject')}</Table.Th>
              <Table.Th>{t('scoreCalc.score')}</Table.Th>
              <Table.Th>{t('scoreCalc.weight')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {input.exam.map((e, i) => {
              const set = (patch: Partial<typeof e>) =>
                setInput({ ...input, exam: input.exam.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
              const label = t(`scoreCalc.subjects.${e.subject}`);
              return (
                <Table.Tr key={e.subject}>
                  <Table.Td>{label}</Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={`${label} ${t('scoreCalc.score')}`}
                      value={e.score}
                      min={0}
                      max={100}
                      onChange={(v) => set({ score: num(v) })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={`${label} ${t('scoreCalc.weight')}`}
                      value={e.weight}
                      min={MIN_WEIGHT[e.subject]}
                      step={0.25}
                      decimalScale={2}
                      onChange={(v) => set({ weight: num(v) })}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Card>
      <Card withBorder>
        <Title order={4}>{t('scoreCalc.items')}</Title>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              <Table.Th>{t('scoreCalc.share')}</Table.Th>
              <Table.Th>{t('scoreCalc.score')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {input.items.map((item, i) => {
              const set = (patch: Partial<typeof item>) =>
                setInput({ ...input, items: input.items.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
              const label = t(`scoreCalc.kinds.${item.kind}`);
              return (
                <Table.Tr key={item.kind}>
                  <Table.Td>{label}</Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={`${label} ${t('scoreCalc.share')}`}
                      value={item.share}
                      min={0}
                      max={100}
                      onChange={(v) => set({ share: num(v) })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={`${label} ${t('scoreCalc.score')}`}
                      value={item.score}
                      min={0}
                      max={100}
                      onChange={(v) => set({ score: num(v) })}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <NumberInput
          label={t('scoreCalc.bonus')}
          value={input.bonusPercent}
          min={0}
          max={100}
          onChange={(v) => setInput({ ...input, bonusPercent: num(v) })}
          maw={260}
        />
      </Card>
      {result.problems.length > 0 && (
        <Alert color="orange" data-testid="score-problems">
          <List size="sm">
            {result.problems.map((p) => (
              <List.Item
                key={`${p.code}-${'field' in p ? p.field : ''}-${'kind' in p ? p.kind : ''}-${'subject' in p ? p.subject : ''}`}
              >
                {describe(p)}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        {(['examWeighted', 'examPoints', 'itemPoints', 'base', 'total'] as const).map((k) => (
          <Card key={k} withBorder>
            <Text size="xs" c="dimmed">
              {t(`scoreCalc.${k}`)}
            </Text>
            <Group>
              <Text fw={700} size="xl" data-testid={`score-${k}`}>
                {result.problems.length > 0 && k === 'total' ? '—' : result[k].toFixed(2)}
              </Text>
            </Group>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

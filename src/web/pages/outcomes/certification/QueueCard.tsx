import { Badge, Box, Button, Card, Checkbox, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../OutcomeTimeline.js';
import { DecisionControls, DecisionNote } from './DecisionControls.js';
import { fileUrl, type QueueItem } from './types.js';

/**
 * One outcome in the queue: who, which course (and for whom, for a substitute), the summary, a preview
 * that keeps the page's proportions (the card is a flex column, which would stretch an image to its
 * width), the decision in force and the decision buttons. Focusable: Enter opens the viewer, P passes,
 * F opens the reason (the page moves the focus on after a decision).
 */
export const QueueCard = forwardRef<
  HTMLDivElement,
  {
    item: QueueItem;
    selected: boolean;
    onToggle: () => void;
    onOpen: () => void;
    failing: boolean;
    setFailing: (open: boolean) => void;
    decide: (decision: 'pass' | 'fail', reason?: string) => void;
    busy: boolean;
  }
>(function QueueCard({ item, selected, onToggle, onOpen, failing, setFailing, decide, busy }, ref) {
  const { t } = useTranslation();
  return (
    <Card
      withBorder
      ref={ref}
      data-testid="queue-item"
      data-id={item.id}
      tabIndex={0}
      onKeyDown={(e) => {
        if (e.target !== e.currentTarget || e.altKey || e.ctrlKey || e.metaKey) return;
        if (e.key === 'Enter') onOpen();
        else if ((e.key === 'p' || e.key === 'P') && item.status !== 'passed') decide('pass');
        else if ((e.key === 'f' || e.key === 'F') && item.status !== 'failed') setFailing(true);
        else return;
        e.preventDefault();
      }}
    >
      <Group justify="space-between" wrap="nowrap">
        <Group wrap="nowrap">
          <Checkbox aria-label={item.title} checked={selected} onChange={onToggle} />
          <Stack gap={0}>
            <Text fw={600}>{item.title}</Text>
            <Text size="xs" c="dimmed">
              {t('certify.studentLine', {
                className: item.className ?? '',
                name: item.studentName,
                no: item.studentNo,
              })}{' '}
              · {item.courseName}
            </Text>
          </Stack>
        </Group>
        <Group gap="xs" wrap="nowrap">
          {item.certifyingFor && (
            <Badge variant="outline" color="grape" data-testid="certifying-for">
              {t('certify.forTeacher', { name: item.certifyingFor })}
            </Badge>
          )}
          <StatusBadge status={item.status} />
        </Group>
      </Group>
      <Text size="sm" mt="xs">
        {item.summary}
      </Text>
      {/* Inline only what is safe: re-encoded images and a PDF's first page as PNG. */}
      {item.documentHasPreview && (
        <Box mt={8}>
          <UnstyledButton onClick={onOpen} aria-label={t('certify.openPreview', { title: item.title })}>
            <img
              src={fileUrl(item.documentFileId, 'preview')}
              alt=""
              data-testid="queue-preview"
              style={{
                display: 'block',
                width: 'auto',
                height: 'auto',
                maxWidth: '100%',
                maxHeight: 360,
                objectFit: 'contain',
                border: '1px solid var(--mantine-color-gray-3)',
              }}
            />
          </UnstyledButton>
        </Box>
      )}
      <DecisionNote item={item} />
      <Group gap="xs" mt="xs" align="flex-start">
        <Button size="compact-sm" variant="default" onClick={onOpen}>
          {t('certify.open')}
        </Button>
        <Box>
          <DecisionControls
            item={item}
            failing={failing}
            setFailing={setFailing}
            decide={decide}
            busy={busy}
          />
        </Box>
      </Group>
    </Card>
  );
});

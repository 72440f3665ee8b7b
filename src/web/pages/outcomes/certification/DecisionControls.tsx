import { Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueItem } from './types.js';

export const PRESET_REASONS = ['unrelated', 'unreadable', 'notOwnWork', 'wrongCourse'] as const;

/** The reason of a failure: a preset and/or a note (one of them required), confirmed by a button. */
export function FailReasonForm({
  onConfirm,
  onCancel,
  busy,
  confirmLabel,
}: {
  onConfirm: (reason: string) => void;
  onCancel: () => void;
  busy?: boolean;
  confirmLabel?: string;
}) {
  const { t } = useTranslation();
  const [preset, setPreset] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const reason = [preset ? t(`certification.reasons.${preset}`) : '', note.trim()].filter(Boolean).join('：');
  return (
    <Stack
      mt="sm"
      gap="xs"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <Select
        label={t('certification.reason')}
        data-testid="fail-preset"
        data={PRESET_REASONS.map((r) => ({ value: r, label: t(`certification.reasons.${r}`) }))}
        value={preset}
        onChange={setPreset}
        clearable
        // F opened this form from the keyboard: the reason comes next.
        autoFocus
      />
      <TextInput
        label={t('certification.reasonNote')}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        maxLength={400}
      />
      <Group gap="xs">
        <Button color="red" disabled={!reason} loading={busy} onClick={() => onConfirm(reason)}>
          {confirmLabel ?? t('certification.confirmFail')}
        </Button>
        <Button variant="default" onClick={onCancel}>
          {t('certify.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * Pass / fail of one outcome: both while pending; once decided, the other decision (a change, kept in
 * the history next to the first; the server refuses it once the certification window has closed).
 */
export function DecisionControls({
  item,
  failing,
  setFailing,
  decide,
  busy,
}: {
  item: QueueItem;
  failing: boolean;
  setFailing: (open: boolean) => void;
  decide: (decision: 'pass' | 'fail', reason?: string) => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Group gap="xs">
        {item.status !== 'passed' && (
          <Button size="compact-sm" color="teal" loading={busy && !failing} onClick={() => decide('pass')}>
            {item.status === 'pending' ? t('certification.pass') : t('certify.changeToPass')}
          </Button>
        )}
        {item.status !== 'failed' && (
          <Button size="compact-sm" color="red" variant="light" onClick={() => setFailing(!failing)}>
            {item.status === 'pending' ? t('certification.fail') : t('certify.changeToFail')}
          </Button>
        )}
      </Group>
      {item.status !== 'pending' && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('certify.changeNote')}
        </Text>
      )}
      {failing && (
        <FailReasonForm
          busy={busy}
          onCancel={() => setFailing(false)}
          onConfirm={(reason) => decide('fail', reason)}
        />
      )}
    </>
  );
}

/** Who decided, for whom, when, and why (a failure's reason): shown on decided items. */
export function DecisionNote({ item }: { item: QueueItem }) {
  const { t, i18n } = useTranslation();
  const d = item.lastDecision;
  if (!d) return null;
  const at = new Date(d.at).toLocaleString(i18n.language, {
    timeZone: 'Asia/Taipei',
    dateStyle: 'short',
    timeStyle: 'short',
  });
  return (
    <Stack gap={0} mt="xs" data-testid="decision-note">
      {d.action === 'failed' && d.reason && (
        <Text size="sm" c="red.8" fw={500}>
          {t('certify.failReason', { reason: d.reason })}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {d.onBehalfOf
          ? t('certify.decidedFor', { actor: d.actor, teacher: d.onBehalfOf, at })
          : t('certify.decidedBy', { actor: d.actor, at })}
      </Text>
    </Stack>
  );
}

import { Anchor, Badge, Box, Button, Group, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OutcomeTimeline, StatusBadge } from '../OutcomeTimeline.js';
import { DecisionControls, DecisionNote } from './DecisionControls.js';
import { PdfPages } from './PdfPages.js';
import { fileUrl, type QueueItem } from './types.js';

const ZOOMS = [0.5, 0.75, 1, 1.5, 2, 3];

/** Keys typed into a field are the field's, not the viewer's. */
const typing = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

/**
 * The whole work of one queue item in the page: every page of a PDF, an image to zoom, the media to
 * play (HTTP Range, so a video seeks without loading it whole); the decision beside it; previous and
 * next item (buttons, ← →). P passes and F opens the reason, as in the list.
 */
export function DocumentViewer({
  items,
  index,
  onIndex,
  onClose,
  decide,
  busy,
  failing,
  setFailing,
}: {
  items: QueueItem[];
  index: number;
  onIndex: (i: number) => void;
  onClose: () => void;
  decide: (item: QueueItem, decision: 'pass' | 'fail', reason?: string) => void;
  busy: boolean;
  failing: boolean;
  setFailing: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const item = items[index];
  const [zoom, setZoom] = useState(1);
  useEffect(() => {
    if (!item) onClose();
  }, [item, onClose]);
  if (!item) return null;
  const step = (d: number) => {
    const next = ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, ZOOMS.indexOf(zoom) + d))];
    if (next) setZoom(next);
  };
  const isPdf = item.documentMime === 'application/pdf';
  const isImage = item.documentMime === 'image/jpeg' || item.documentMime === 'image/png';
  return (
    <Modal
      opened
      onClose={onClose}
      fullScreen
      title={item.title}
      data-testid="document-viewer"
      onKeyDown={(e) => {
        if (typing(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
        if (e.key === 'ArrowRight' && index < items.length - 1) onIndex(index + 1);
        else if (e.key === 'ArrowLeft' && index > 0) onIndex(index - 1);
        else if ((e.key === 'p' || e.key === 'P') && item.status !== 'passed') decide(item, 'pass');
        else if ((e.key === 'f' || e.key === 'F') && item.status !== 'failed') {
          e.preventDefault();
          setFailing(true);
        } else return;
        e.preventDefault();
      }}
    >
      <Group align="flex-start" wrap="nowrap" gap="lg">
        <Stack style={{ flex: 1, minWidth: 0 }} gap="xs">
          <Group gap="xs">
            <Button
              size="compact-sm"
              variant="default"
              onClick={() => step(-1)}
              aria-label={t('certify.zoomOut')}
            >
              −
            </Button>
            <Button size="compact-sm" variant="default" onClick={() => setZoom(1)}>
              {t('certify.zoomReset')}
            </Button>
            <Button
              size="compact-sm"
              variant="default"
              onClick={() => step(1)}
              aria-label={t('certify.zoomIn')}
            >
              +
            </Button>
            <Text size="xs" c="dimmed" data-testid="viewer-zoom">
              {Math.round(zoom * 100)}%
            </Text>
            <Anchor href={fileUrl(item.documentFileId)} size="sm" ml="auto">
              {t('certify.download')}
            </Anchor>
          </Group>
          <ScrollArea h="calc(100vh - 140px)" type="auto" bg="gray.1" p="sm">
            {isPdf && <PdfPages url={fileUrl(item.documentFileId)} zoom={zoom} />}
            {isImage && (
              <img
                src={fileUrl(item.documentFileId)}
                alt={item.title}
                data-testid="viewer-image"
                style={{
                  display: 'block',
                  width: zoom === 1 ? 'auto' : `${zoom * 100}%`,
                  maxWidth: zoom === 1 ? '100%' : 'none',
                  height: 'auto',
                  margin: '0 auto',
                  background: '#fff',
                }}
              />
            )}
            {!isPdf && !isImage && <Text>{t('certify.documentFailed')}</Text>}
          </ScrollArea>
        </Stack>
        <Stack w={340} gap="sm" style={{ flexShrink: 0 }}>
          <Group justify="space-between">
            <Button
              size="compact-sm"
              variant="default"
              disabled={index === 0}
              onClick={() => onIndex(index - 1)}
            >
              ← {t('certify.previous')}
            </Button>
            <Text size="sm" data-testid="viewer-position">
              {t('certify.position', { n: index + 1, total: items.length })}
            </Text>
            <Button
              size="compact-sm"
              variant="default"
              disabled={index >= items.length - 1}
              onClick={() => onIndex(index + 1)}
            >
              {t('certify.next')} →
            </Button>
          </Group>
          <Group gap="xs">
            <StatusBadge status={item.status} />
            {item.certifyingFor && (
              <Badge variant="outline" color="grape">
                {t('certify.forTeacher', { name: item.certifyingFor })}
              </Badge>
            )}
          </Group>
          <Text size="sm">
            {t('certify.studentLine', {
              className: item.className ?? '',
              name: item.studentName,
              no: item.studentNo,
            })}
          </Text>
          <Text size="xs" c="dimmed">
            {t('certify.courseLine', { name: item.courseName, code: item.courseCode })}
          </Text>
          <Box>
            <Text size="xs" c="dimmed">
              {t('certify.summary')}
            </Text>
            <Text size="sm">{item.summary}</Text>
          </Box>
          {item.mediaFileId && (
            <Box>
              <Text size="xs" c="dimmed">
                {t('certify.media')}
              </Text>
              {item.mediaMime === 'video/mp4' ? (
                // biome-ignore lint/a11y/useMediaCaption: student work has no captions to offer.
                <video
                  controls
                  preload="metadata"
                  src={fileUrl(item.mediaFileId)}
                  data-testid="viewer-media"
                  style={{ width: '100%' }}
                />
              ) : (
                // biome-ignore lint/a11y/useMediaCaption: student work has no captions to offer.
                <audio
                  controls
                  preload="metadata"
                  src={fileUrl(item.mediaFileId)}
                  data-testid="viewer-media"
                  style={{ width: '100%' }}
                />
              )}
            </Box>
          )}
          <DecisionNote item={item} />
          <DecisionControls
            item={item}
            failing={failing}
            setFailing={setFailing}
            busy={busy}
            decide={(decision, reason) => decide(item, decision, reason)}
          />
          <Text size="sm" fw={600} mt="sm">
            {t('certify.history')}
          </Text>
          <OutcomeTimeline id={item.id} />
        </Stack>
      </Group>
    </Modal>
  );
}

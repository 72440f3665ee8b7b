import { Button, Group, Modal, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

/**
 * Warns before leaving a page that holds unsent work: the browser's own question on reload, close or
 * an address typed (beforeunload), and a dialog for links inside the app (menu, home, bell). Links are
 * caught in the capture phase on the document, before react-router's handler sees the click, so the
 * app's declarative router needs no data-router blocker.
 */
export function UnsentGuard({ when }: { when: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [target, setTarget] = useState<string | null>(null);
  useEffect(() => {
    if (!when) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      e.returnValue = t('student.beforeUnload');
    };
    const onClick = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!a || a.target === '_blank' || a.hasAttribute('download')) return;
      const url = new URL(a.href, window.location.href);
      // Files and downloads open beside the page; only navigation away from it is guarded.
      if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
      if (url.pathname === window.location.pathname && url.search === window.location.search) return;
      e.preventDefault();
      e.stopPropagation();
      setTarget(`${url.pathname}${url.search}${url.hash}`);
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [when, t]);
  return (
    <Modal opened={target !== null} onClose={() => setTarget(null)} title={t('student.leaveTitle')} centered>
      <Text size="sm" data-testid="unsent-warning">
        {t('student.leaveBody')}
      </Text>
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={() => setTarget(null)}>
          {t('student.stay')}
        </Button>
        <Button
          color="red"
          onClick={() => {
            const to = target;
            setTarget(null);
            if (to) navigate(to);
          }}
        >
          {t('student.leave')}
        </Button>
      </Group>
    </Modal>
  );
}

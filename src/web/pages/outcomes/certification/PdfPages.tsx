import { Alert, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_CANVAS_PIXELS, openPdf, type PDFDocumentProxy } from './pdfjs-loader.js';

/**
 * Every page of a PDF, one under the other, drawn by pdf.js in the browser from the file's download
 * URL. Each page takes its place at once (its aspect ratio known) and is drawn when it scrolls into
 * view, so a long document costs only the pages looked at. `zoom` scales the width (1 = fit).
 */
export function PdfPages({ url, zoom }: { url: string; zoom: number }) {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    let opened: PDFDocumentProxy | undefined;
    setDoc(null);
    setFailed(false);
    (async () => {
      const res = await fetch(url, { credentials: 'same-origin' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const task = await openPdf(await res.arrayBuffer());
      opened = await task.promise;
      if (cancelled) await opened.destroy();
      else setDoc(opened);
    })().catch(() => {
      if (!cancelled) setFailed(true);
    });
    return () => {
      cancelled = true;
      void opened?.destroy();
    };
  }, [url]);
  if (failed) return <Alert color="orange">{t('certify.documentFailed')}</Alert>;
  if (!doc)
    return (
      <Stack align="center" p="xl">
        <Loader />
        <Text size="sm">{t('certify.loadingDocument')}</Text>
      </Stack>
    );
  return (
    <Stack gap="md" data-testid="pdf-pages" data-pages={doc.numPages} style={{ width: `${zoom * 100}%` }}>
      <Text size="xs" c="dimmed">
        {t('certify.pages', { count: doc.numPages })}
      </Text>
      {pageNumbers(doc.numPages).map((n) => (
        <PdfPage key={n} doc={doc} n={n} zoom={zoom} />
      ))}
    </Stack>
  );
}

const pageNumbers = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

function PdfPage({ doc, n, zoom }: { doc: PDFDocumentProxy; n: number; zoom: number }) {
  const { t } = useTranslation();
  const holder = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [ratio, setRatio] = useState<number | null>(null);
  const [visible, setVisible] = useState(false);
  const [rendered, setRendered] = useState(false);
  useEffect(() => {
    let cancelled = false;
    void doc.getPage(n).then((page) => {
      const v = page.getViewport({ scale: 1 });
      if (!cancelled) setRatio(v.width / v.height);
    });
    return () => {
      cancelled = true;
    };
  }, [doc, n]);
  useEffect(() => {
    const el = holder.current;
    if (!el) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        setVisible(true);
        io.disconnect();
      }
    });
    io.observe(el);
    return () => io.disconnect();
  }, []);
  useEffect(() => {
    if (!visible || ratio === null || !canvas.current || !holder.current) return;
    let cancelled = false;
    let task: { cancel(): void; promise: Promise<void> } | undefined;
    const target = canvas.current;
    // The holder's width follows the zoom; redrawn when it changes.
    const cssWidth = holder.current.clientWidth || 800 * zoom;
    void doc.getPage(n).then(async (page) => {
      if (cancelled) return;
      const base = page.getViewport({ scale: 1 });
      const dpr = window.devicePixelRatio || 1;
      // Sharp on the screen, but never a canvas past the bound however large the page claims to be.
      let scale = (cssWidth * dpr) / base.width;
      const pixels = base.width * base.height * scale * scale;
      if (pixels > MAX_CANVAS_PIXELS) scale *= Math.sqrt(MAX_CANVAS_PIXELS / pixels);
      const viewport = page.getViewport({ scale });
      target.width = Math.floor(viewport.width);
      target.height = Math.floor(viewport.height);
      const context = target.getContext('2d');
      if (!context) return;
      task = page.render({ canvasContext: context, viewport });
      try {
        await task.promise;
        if (!cancelled) setRendered(true);
      } catch {
        // Cancelled (zoom changed, viewer closed) or a broken page: the placeholder stays.
      }
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [visible, ratio, doc, n, zoom]);
  return (
    <div
      ref={holder}
      data-testid="pdf-page"
      data-rendered={rendered ? 'true' : 'false'}
      aria-label={t('certify.page', { n })}
      role="img"
      style={{
        width: '100%',
        aspectRatio: ratio ?? 210 / 297,
        background: '#fff',
        boxShadow: '0 1px 4px rgba(0,0,0,.25)',
      }}
    >
      <canvas ref={canvas} style={{ display: 'block', width: '100%', height: '100%' }} />
    </div>
  );
}

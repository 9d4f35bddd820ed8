import type { i18n } from 'i18next';
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { ReportDocument } from './ReportDocument';
import type { Report } from './report-view';

/** What prints the page while the document is mounted: the browser's print dialog by default (Chromium's "Save as PDF"). */
export type PrintPage = () => void | Promise<void>;

/**
 * Prints a report: renders its document into a container straight under <body> (reports.css
 * shows only that container on paper), prints, and takes the container away whatever the
 * printing did. The page title, which names a saved PDF, is the report's.
 */
export async function printReport(report: Report, options: { i18n: i18n; print?: PrintPage; document?: Document; now?: number }): Promise<void> {
  const doc = options.document ?? document;
  const container = doc.createElement('div');
  container.className = 'report-print';
  doc.body.append(container);
  const root = createRoot(container);
  const title = doc.title;
  try {
    // Synchronously: the document must be in the page before the print dialog snapshots it.
    flushSync(() => root.render(createElement(I18nextProvider, { i18n: options.i18n }, createElement(ReportDocument, { report, printedAt: options.now ?? Date.now() }))));
    doc.title = options.i18n.t('reports:print.fileTitle', { key: `${report.period.kind}-${report.period.key}` });
    await (options.print ?? (() => window.print()))();
  } finally {
    doc.title = title;
    root.unmount();
    container.remove();
  }
}

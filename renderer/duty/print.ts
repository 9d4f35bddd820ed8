import type { i18n } from 'i18next';
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import type { Handover } from '../../shared/duty/schema';
import { HandoverDocument } from './HandoverDocument';

/**
 * What prints the page while the document is mounted; the promise settles once it is done.
 * The browser's print dialog by default. Electron's host can pass its own (a preload's
 * printToPDF, saving the file): it prints the same page, by the same print stylesheet.
 */
export type PrintPage = () => void | Promise<void>;

/** `window.print()` returns once the dialog is closed (printed or cancelled). */
export const browserPrint: PrintPage = () => window.print();

export type PrintHandoverOptions = {
  /** The console's i18n instance (the document is rendered outside the app's tree). */
  i18n: i18n;
  /** Zone the shift's times are read in (the duty settings'); the workstation's by default. */
  timeZone?: string;
  print?: PrintPage;
  /** For tests. */
  document?: Document;
};

/**
 * Prints a signed handover: renders its document into a container straight under <body>
 * (duty.css shows only that container on paper), prints, and takes the container away,
 * whatever the printing did. The page title, which names a saved PDF, is the record's.
 */
export async function printHandover(record: Handover, options: PrintHandoverOptions): Promise<void> {
  const doc = options.document ?? document;
  const container = doc.createElement('div');
  container.className = 'handover-print';
  doc.body.append(container);
  const root = createRoot(container);
  const title = doc.title;
  try {
    // Synchronously: the document must be in the page before the print dialog snapshots it.
    flushSync(() => root.render(createElement(I18nextProvider, { i18n: options.i18n }, createElement(HandoverDocument, { record, timeZone: options.timeZone }))));
    doc.title = options.i18n.t('duty:handover.fileTitle', { id: record.id });
    await (options.print ?? browserPrint)();
  } finally {
    doc.title = title;
    root.unmount();
    container.remove();
  }
}

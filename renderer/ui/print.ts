import type { i18n } from 'i18next';
import { createElement, type ReactElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';

/**
 * What prints the page while the document is mounted; the promise settles once it is done.
 * The browser's print dialog by default (Chromium's "Save as PDF"). Electron's host can pass
 * its own (a preload's printToPDF, saving the file): the same page, by the same stylesheet.
 */
export type PrintPage = () => void | Promise<void>;

/** `window.print()` returns once the dialog is closed (printed or cancelled). */
export const browserPrint: PrintPage = () => window.print();

/**
 * Prints a document (a handover, a report): renders it into a container straight under
 * <body> with the given class (the feature's print stylesheet shows only that container on
 * paper), names the page (the name a saved PDF takes), prints, and takes the container and
 * the name away whatever the printing did.
 */
export async function printDocument(element: ReactElement, options: { i18n: i18n; className: string; title: string; print?: PrintPage; document?: Document }): Promise<void> {
  const doc = options.document ?? document;
  const container = doc.createElement('div');
  container.className = `print-page ${options.className}`;
  doc.body.append(container);
  const root = createRoot(container);
  const title = doc.title;
  try {
    // Synchronously: the document must be in the page before the print dialog snapshots it.
    flushSync(() => root.render(createElement(I18nextProvider, { i18n: options.i18n }, element)));
    doc.title = options.title;
    await (options.print ?? browserPrint)();
  } finally {
    doc.title = title;
    root.unmount();
    container.remove();
  }
}

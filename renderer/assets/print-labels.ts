import type { i18n } from 'i18next';
import { createElement } from 'react';
import { printDocument, type PrintPage } from '../ui/print';
import { LabelSheet, type LabelAsset } from './LabelSheet';

/** Prints QR labels as A4 sheets (assets.css shows only them on paper); the saved PDF is named by the batch. */
export function printLabels(labels: readonly LabelAsset[], options: { i18n: i18n; batch: string; print?: PrintPage; document?: Document }): Promise<void> {
  return printDocument(createElement(LabelSheet, { labels }), {
    i18n: options.i18n,
    className: 'label-print',
    title: options.i18n.t('assets:labels.fileTitle', { batch: options.batch, count: labels.length }),
    ...(options.print ? { print: options.print } : {}),
    ...(options.document ? { document: options.document } : {}),
  });
}

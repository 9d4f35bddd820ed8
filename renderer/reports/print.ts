import type { i18n } from 'i18next';
import { createElement } from 'react';
import { printDocument, type PrintPage } from '../ui/print';
import { ReportDocument } from './ReportDocument';
import type { Report } from './report-view';

export type { PrintPage };

/** Prints a report (reports.css shows only its container on paper); the saved PDF is named by the period. */
export function printReport(report: Report, options: { i18n: i18n; print?: PrintPage; document?: Document; now?: number }): Promise<void> {
  return printDocument(createElement(ReportDocument, { report, printedAt: options.now ?? Date.now() }), {
    i18n: options.i18n,
    className: 'report-print',
    title: options.i18n.t('reports:print.fileTitle', { key: `${report.period.kind}-${report.period.key}` }),
    ...(options.print ? { print: options.print } : {}),
    ...(options.document ? { document: options.document } : {}),
  });
}

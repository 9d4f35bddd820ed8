import type { i18n } from 'i18next';
import { createElement } from 'react';
import type { Handover } from '../../shared/duty/schema';
import { browserPrint, printDocument, type PrintPage } from '../ui/print';
import { HandoverDocument } from './HandoverDocument';

export { browserPrint, type PrintPage };

export type PrintHandoverOptions = {
  /** The console's i18n instance (the document is rendered outside the app's tree). */
  i18n: i18n;
  /** Zone the shift's times are read in (the duty settings'); the workstation's by default. */
  timeZone?: string;
  print?: PrintPage;
  /** For tests. */
  document?: Document;
};

/** Prints a signed handover (duty.css shows only its container on paper); the saved PDF is named by the record. */
export function printHandover(record: Handover, options: PrintHandoverOptions): Promise<void> {
  return printDocument(createElement(HandoverDocument, { record, timeZone: options.timeZone }), {
    i18n: options.i18n,
    className: 'handover-print',
    title: options.i18n.t('duty:handover.fileTitle', { id: record.id }),
    ...(options.print ? { print: options.print } : {}),
    ...(options.document ? { document: options.document } : {}),
  });
}

import type { i18n } from 'i18next';
import { createElement } from 'react';
import { unitOfHandover, type Handover } from '../../shared/duty/schema';
import { epochToZoned } from '../../shared/duty/zoned-time';
import { browserPrint, printDocument, type PrintPage } from '../ui/print';
import { HandoverDocument } from './HandoverDocument';

export { browserPrint, type PrintPage };

export type PrintHandoverOptions = {
  /** The console's i18n instance (the document is rendered outside the app's tree). */
  i18n: i18n;
  /** Zone the shift's times are read in (the duty settings'); the workstation's by default. */
  timeZone?: string;
  /** Names of the units below the city (a handover of `<shift>@<unit>` names its unit in the file's title). */
  units?: HandoverUnitNames;
  print?: PrintPage;
  /** For tests. */
  document?: Document;
};

export type HandoverUnitNames = Readonly<Record<string, { name: string; nameEn: string }>>;

/**
 * What a printed handover's file is called: whose shift (the unit's name below the city), its
 * day in the duty settings' zone, the shift and the team — "中心区分局 2026-12-03 白班 一组".
 * Never the record's id (`2026-12-03/day@unit-centrum`: a slash, and an id no officer reads).
 */
export function handoverFileName(record: Pick<Handover, 'id' | 'shiftStart' | 'shiftName' | 'team'>, units: HandoverUnitNames, language: string, timeZone: string): string {
  const unitId = unitOfHandover(record.id);
  const unit = unitId === null ? undefined : units[unitId];
  const unitText = unit ? (language === 'en' ? unit.nameEn : unit.name) : unitId;
  return [...(unitText ? [unitText] : []), epochToZoned(record.shiftStart, timeZone).date, record.shiftName, record.team].filter((p) => p.trim() !== '').join(' ');
}

/** Prints a signed handover (duty.css shows only its container on paper); the saved PDF is named for a reader (handoverFileName). */
export function printHandover(record: Handover, options: PrintHandoverOptions): Promise<void> {
  return printDocument(createElement(HandoverDocument, { record, timeZone: options.timeZone }), {
    i18n: options.i18n,
    className: 'handover-print',
    title: options.i18n.t('duty:handover.fileTitle', { what: handoverFileName(record, options.units ?? {}, options.i18n.language, options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone) }),
    ...(options.print ? { print: options.print } : {}),
    ...(options.document ? { document: options.document } : {}),
  });
}

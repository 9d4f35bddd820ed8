import type { AlertView } from '../../shared/alerts/api';

type Named = { id: string; name: string; nameEn: string };

/**
 * What the alert is about, in the officer's language where the console can name it: a stock
 * line by its site and item (its subject is `<siteId>/<itemId>`; the central's label is in the
 * words of whoever raised it), anything else by its label through the place namer.
 */
export function subjectText(
  a: Pick<AlertView, 'kind' | 'subject' | 'label'>,
  language: 'zh-CN' | 'en',
  known: { sites: readonly Named[]; items: readonly Named[]; placeName(label: string): string },
): string {
  if (a.kind === 'stock_low') {
    const [siteId, itemId] = a.subject.split('/');
    const site = known.sites.find((s) => s.id === siteId);
    const item = known.items.find((i) => i.id === itemId);
    const word = (x: Named) => (language === 'en' ? x.nameEn : x.name);
    if (site && item) return `${word(site)} ${word(item)}`;
  }
  return known.placeName(a.label);
}

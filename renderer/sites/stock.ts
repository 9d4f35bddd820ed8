import type { StockLine } from '../../shared/board-api';

export function isShort(line: Pick<StockLine, 'quantity' | 'safetyLevel'>): boolean {
  return line.quantity < line.safetyLevel;
}

/** Short items first (what the officer must act on), then by item name in the current language. */
export function orderStockLines(lines: readonly StockLine[], language: 'zh-CN' | 'en'): StockLine[] {
  const collator = new Intl.Collator(language);
  const name = (l: StockLine) => (language === 'en' ? l.item.nameEn : l.item.name);
  return [...lines].sort((a, b) => Number(isShort(b)) - Number(isShort(a)) || collator.compare(name(a), name(b)));
}

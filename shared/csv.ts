/**
 * CSV as the division's exports write it (调拨统计, 审计日志): UTF-8 with a BOM so spreadsheet
 * programs read the Chinese, CRLF lines, fields quoted when they hold a comma, a quote or a
 * line break, and text that would start a spreadsheet formula (= + - @) neutralised with a
 * leading apostrophe (a tab or carriage return first too): the words come from outside (a requester's note, a user name).
 * Numbers are written as they are (a negative number is not a formula).
 */
export type CsvValue = string | number | boolean;

export function csvCell(v: CsvValue): string {
  const s = String(v);
  const safe = typeof v === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvDocument(lines: readonly (readonly CsvValue[])[]): string {
  return '\uFEFF' + lines.map((line) => line.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const formats = new Map<string, Intl.DateTimeFormat>();

function parts(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      ...(timeZone ? { timeZone } : {}),
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formats.set(key, f);
  }
  return f;
}

/**
 * "2026-12-02 14:05:00 +08:00": a moment as the clock on the wall read it, with its offset
 * from UTC, for files that leave the board (a spreadsheet shows it as written, and the
 * offset keeps it exact across a daylight-saving change or another office's time zone).
 * `timeZone` is the local one unless given (tests).
 */
export function formatTimestamp(at: number, timeZone?: string): string {
  const p = Object.fromEntries(parts(timeZone).formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  // "GMT+08:00", "GMT-03:30", or plain "GMT" at UTC.
  const offset = /^GMT([+-]\d\d:\d\d)$/.exec(p.timeZoneName ?? '')?.[1] ?? '+00:00';
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${offset}`;
}

/** "2027-01-15": a day in local time (a due date, where the hour says nothing). */
export function formatDate(at: number): string {
  const d = new Date(at);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

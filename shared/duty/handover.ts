import { ALERT_LEVELS, type AlertLevel } from '../alerts/levels';
import { sha256Hex } from '../audit/sha256';
import type { DispatchOrder, SupplyRequest } from '../dispatch/schema';
import type { VehicleStatus } from '../fleet/schema';
import type { AlertKind, AlertRecord, Drill } from './schema';
import { epochToZoned } from './zoned-time';

/**
 * The shift handover's draft (交接班): what the outgoing officer hands over, written by the
 * board from the shift's records, in the console's language. Pure and deterministic (every
 * list sorted, every time in the shift's time zone), because the outgoing officer signs its
 * text: the same records must give the same words, byte for byte, on any workstation.
 */

export type HandoverLanguage = 'zh-CN' | 'en';

/** Everything the draft reads. Names (destinations, plates, items, sites) are resolved by the caller, in the draft's language. */
export type HandoverInput = {
  shift: { id: string; name: string; team: string; start: number; end: number };
  /** The unit whose shift it is, by name, for a console below the city (the header names it first); absent for the city's. */
  unit?: string;
  /** When the draft is made: margins and open outages are measured to it. */
  now: number;
  /** IANA zone the times are written in (the duty settings' `timeZone`). */
  timeZone: string;
  /** Requests still open at the end of the shift, and those created in it. */
  requests: readonly SupplyRequest[];
  /** Their dispatches (the vehicles on the way to an open request). */
  dispatches: readonly DispatchOrder[];
  /** Alerts raised in the shift, and those still open. */
  alerts: readonly AlertRecord[];
  /** This console's link outages in the shift; `to` null while the link is still down. */
  outages: readonly { from: number; to: number | null; queued?: number }[];
  /** Link-failure drills in the shift. */
  drills: readonly Drill[];
  /** Vehicles out of service at the end of the shift. */
  vehiclesOut: readonly { id: string; plate: string; status: VehicleStatus }[];
  /** Equipment out of service (in repair, awaiting repair), counted per asset type. */
  assetsOut: readonly { typeName: string; count: number }[];
  /** Stock lines below their safety level. */
  stockBelowSafety: readonly { site: string; item: string; quantity: number; safetyLevel: number }[];
  /** The shift's dispatch figures (shared/dispatch/kpi.ts over the shift). */
  figures: { dispatches: number; delivered: number; avgS: number | null; p90S: number | null; onTimeShare: number | null };
  /** Item names by item id, and vehicle plates by vehicle id; an id missing here is written as it is. */
  names: { items: Readonly<Record<string, string>>; vehicles: Readonly<Record<string, string>> };
};

export const HANDOVER_SECTIONS = ['requests', 'breaches', 'alerts', 'link', 'out_of_service', 'stock', 'figures'] as const;
export type HandoverSectionKey = (typeof HANDOVER_SECTIONS)[number];

export type HandoverSection = { key: HandoverSectionKey; title: string; lines: string[] };
export type HandoverDraft = { sections: HandoverSection[]; text: string };

type Words = {
  titles: Record<HandoverSectionKey, string>;
  none: string;
  header: (name: string, team: string, from: string, to: string, zone: string, now: string) => string;
  level: Record<AlertLevel, string>;
  listSep: string;
  clauseSep: string;
  minutes: (n: number) => string;
  hoursMinutes: (h: number, m: number) => string;
  minSec: (m: number, s: number) => string;
  left: (d: string) => string;
  late: (d: string) => string;
  deadline: (t: string) => string;
  awaiting: string;
  enroute: (plates: string, eta: string) => string;
  createdCount: (created: number, open: number) => string;
  deliveredLate: (t: string, d: string) => string;
  notDelivered: (d: string) => string;
  kind: Record<AlertKind, string>;
  raised: (t: string) => string;
  open: string;
  acknowledged: (t: string, by: string) => string;
  closed: (t: string, by: string) => string;
  overdueRespond: string;
  overdueClose: string;
  escalated: (n: number) => string;
  outage: (from: string, to: string, d: string) => string;
  outageOngoing: (from: string, d: string) => string;
  queued: (n: number) => string;
  drill: (from: string, to: string, d: string) => string;
  drillRunning: (from: string) => string;
  drillResult: Record<Drill['result'], string>;
  vehicle: (plate: string, status: string) => string;
  vehicleStatus: Record<VehicleStatus, string>;
  assets: (type: string, count: number) => string;
  stock: (site: string, item: string, q: number, safety: number) => string;
  figures: (dispatches: number, delivered: number) => string;
  times: (avg: string, p90: string) => string;
  onTime: (share: string) => string;
  missing: string;
};

const ZH: Words = {
  titles: {
    requests: '一、未结需求',
    breaches: '二、本班超时',
    alerts: '三、预警',
    link: '四、链路中断与演练',
    out_of_service: '五、停用车辆与装备',
    stock: '六、低于安全库存',
    figures: '七、本班调拨指标',
  },
  none: '无',
  header: (name, team, from, to, zone, now) => `${name}（${team}） ${from}–${to}（${zone}），${now} 草拟`,
  level: { red: '红', orange: '橙', yellow: '黄', green: '绿' },
  listSep: '、',
  clauseSep: ' · ',
  minutes: (n) => `${n} 分钟`,
  hoursMinutes: (h, m) => `${h} 小时 ${m} 分钟`,
  minSec: (m, s) => `${m} 分 ${s} 秒`,
  left: (d) => `剩 ${d}`,
  late: (d) => `已超时 ${d}`,
  deadline: (t) => `时限 ${t}`,
  awaiting: '待调派',
  enroute: (plates, eta) => `途中 ${plates}，预计 ${eta} 到`,
  createdCount: (created, open) => `本班新建 ${created} 条，交班时未结 ${open} 条`,
  deliveredLate: (t, d) => `${t} 送达，超时 ${d}`,
  notDelivered: (d) => `未送达，已超时 ${d}`,
  kind: {
    deadline_risk: '调拨可能超时',
    deadline_missed: '调拨已超时',
    red_request: '红色需求',
    vehicle_silent: '车辆失联',
    link_down: '警保云链路中断',
    stock_low: '库存低于安全线',
    readiness_low: '完好率低于目标',
    battery_red_line: '电池将达红线',
  },
  raised: (t) => `${t} 发起`,
  open: '未确认',
  acknowledged: (t, by) => `已确认 ${t}（${by}）`,
  closed: (t, by) => `已办结 ${t}（${by}）`,
  overdueRespond: '响应超时',
  overdueClose: '办结超时',
  escalated: (n) => `已上报 ${n} 次`,
  outage: (from, to, d) => `链路中断 ${from}–${to}，${d}`,
  outageOngoing: (from, d) => `链路中断 ${from} 起，至今 ${d}，未恢复`,
  queued: (n) => `期间排队 ${n} 条指令`,
  drill: (from, to, d) => `断网演练 ${from}–${to}，${d}`,
  drillRunning: (from) => `断网演练 ${from} 起，进行中`,
  drillResult: { running: '进行中', reconciled: '已对账', conflicts: '有冲突待处理', aborted: '已中止' },
  vehicle: (plate, status) => `车辆 ${plate}：${status}`,
  vehicleStatus: { available: '待命', enroute: '途中', atscene: '在现场', returning: '返程', maintenance: '维修', offline: '离线' },
  assets: (type, count) => `${type}：${count} 件停用`,
  stock: (site, item, q, safety) => `${site} · ${item} ${q}，安全线 ${safety}，缺 ${safety - q}`,
  figures: (dispatches, delivered) => `调拨 ${dispatches} 单，送达 ${delivered} 单`,
  times: (avg, p90) => `平均用时 ${avg}，90% 在 ${p90} 以内`,
  onTime: (share) => `准时率 ${share}`,
  missing: '—',
};

const EN: Words = {
  titles: {
    requests: '1. Open requests',
    breaches: '2. Deadlines missed in the shift',
    alerts: '3. Alerts',
    link: '4. Link outages and drills',
    out_of_service: '5. Vehicles and equipment out of service',
    stock: '6. Stock below safety level',
    figures: '7. The shift’s dispatch figures',
  },
  none: 'none',
  header: (name, team, from, to, zone, now) => `${name} (${team}) ${from}–${to} (${zone}), drafted ${now}`,
  level: { red: 'red', orange: 'orange', yellow: 'yellow', green: 'green' },
  listSep: ', ',
  clauseSep: ' · ',
  minutes: (n) => `${n} min`,
  hoursMinutes: (h, m) => `${h} h ${m} min`,
  minSec: (m, s) => `${m} min ${s} s`,
  left: (d) => `${d} left`,
  late: (d) => `${d} late`,
  deadline: (t) => `deadline ${t}`,
  awaiting: 'awaiting dispatch',
  enroute: (plates, eta) => `en route ${plates}, expected ${eta}`,
  createdCount: (created, open) => `${created} created in the shift, ${open} open at handover`,
  deliveredLate: (t, d) => `delivered ${t}, ${d} late`,
  notDelivered: (d) => `not delivered, ${d} late`,
  kind: {
    deadline_risk: 'Dispatch may be late',
    deadline_missed: 'Dispatch is late',
    red_request: 'Red request',
    vehicle_silent: 'Vehicle silent',
    link_down: 'Link to the central down',
    stock_low: 'Stock below safety level',
    readiness_low: 'Readiness below target',
    battery_red_line: 'Battery near its red line',
  },
  raised: (t) => `raised ${t}`,
  open: 'not acknowledged',
  acknowledged: (t, by) => `acknowledged ${t} (${by})`,
  closed: (t, by) => `closed ${t} (${by})`,
  overdueRespond: 'answer overdue',
  overdueClose: 'closing overdue',
  escalated: (n) => `escalated ${n}×`,
  outage: (from, to, d) => `Link down ${from}–${to}, ${d}`,
  outageOngoing: (from, d) => `Link down since ${from}, ${d} so far, not restored`,
  queued: (n) => `${n} commands queued meanwhile`,
  drill: (from, to, d) => `Link-failure drill ${from}–${to}, ${d}`,
  drillRunning: (from) => `Link-failure drill since ${from}, running`,
  drillResult: { running: 'running', reconciled: 'reconciled', conflicts: 'conflicts to resolve', aborted: 'aborted' },
  vehicle: (plate, status) => `Vehicle ${plate}: ${status}`,
  vehicleStatus: { available: 'available', enroute: 'en route', atscene: 'at scene', returning: 'returning', maintenance: 'in maintenance', offline: 'offline' },
  assets: (type, count) => `${type}: ${count} out of service`,
  stock: (site, item, q, safety) => `${site} · ${item} ${q}, safety level ${safety}, short ${safety - q}`,
  figures: (dispatches, delivered) => `${dispatches} dispatches, ${delivered} delivered`,
  times: (avg, p90) => `average ${avg}, 90% within ${p90}`,
  onTime: (share) => `on time ${share}`,
  missing: '—',
};

const WORDS: Record<HandoverLanguage, Words> = { 'zh-CN': ZH, en: EN };

/** Code-unit order, not the locale's collation: the same on every runtime and ICU version. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One line per record: a newline or tab in a label would break the text's layout (and its parsing back). */
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * "HH:mm" on the day the shift started; "MM-DD HH:mm" on any other (a night shift's small
 * hours, an alert raised the day before), since a bare time would then mislead.
 */
function clockOf(input: HandoverInput): (at: number) => string {
  const shiftDate = epochToZoned(input.shift.start, input.timeZone).date;
  return (at) => {
    const p = epochToZoned(at, input.timeZone);
    return p.date === shiftDate ? p.time : `${p.date.slice(5)} ${p.time}`;
  };
}

/** "12 分钟" · "2 小时 5 分钟". */
function span(w: Words, minutes: number): string {
  return minutes < 60 ? w.minutes(minutes) : w.hoursMinutes(Math.floor(minutes / 60), minutes % 60);
}

/** Whole minutes, at least one: a 20-second outage still reads as one that happened. */
const durationOf = (w: Words, ms: number): string => span(w, Math.max(1, Math.round(ms / 60_000)));

/** Late by, rounded up: a second past the deadline is a minute late. */
const lateBy = (w: Words, ms: number): string => span(w, Math.ceil(ms / 60_000));

/** Minutes left (rounded down) or late (rounded up): a margin never reads better than it is. */
const marginOf = (w: Words, marginMs: number): string => (marginMs >= 0 ? w.left(span(w, Math.floor(marginMs / 60_000))) : w.late(lateBy(w, -marginMs)));

function secondsOf(w: Words, s: number | null): string {
  if (s === null) return w.missing;
  const whole = Math.round(s);
  return w.minSec(Math.floor(whole / 60), whole % 60);
}

const levelRank = (l: AlertLevel): number => ALERT_LEVELS.length - 1 - ALERT_LEVELS.indexOf(l);
const tag = (w: Words, l: AlertLevel): string => `[${w.level[l]}]`;

function requestLines(input: HandoverInput, w: Words, clock: (at: number) => string): string[] {
  const { now, shift, names } = input;
  const open = input.requests.filter((r) => r.status === 'open' || r.status === 'dispatched');
  const created = input.requests.filter((r) => r.createdAt >= shift.start && r.createdAt < shift.end).length;
  const enrouteByRequest = new Map<string, DispatchOrder[]>();
  for (const d of input.dispatches) if (d.status === 'enroute') enrouteByRequest.set(d.requestId, [...(enrouteByRequest.get(d.requestId) ?? []), d]);
  const lines = [...open]
    // Smallest margin (deadline − now) first: the latest at the top; ties by age, then id.
    .sort((a, b) => a.deadlineAt - b.deadlineAt || a.createdAt - b.createdAt || compare(a.id, b.id))
    .map((r) => {
      const items = r.items.map((i) => `${oneLine(names.items[i.itemId] ?? i.itemId)} ${i.quantity}`).join(w.listSep);
      const ds = enrouteByRequest.get(r.id) ?? [];
      const state = ds.length
        ? w.enroute(
            ds
              .map((d) => oneLine(names.vehicles[d.vehicleId] ?? d.vehicleId))
              .sort(compare)
              .join(w.listSep),
            clock(Math.max(...ds.map((d) => d.predictedArrivalAt))),
          )
        : w.awaiting;
      return [`${tag(w, r.priority)} ${oneLine(r.destination.label)}`, items, state, w.deadline(clock(r.deadlineAt)), marginOf(w, r.deadlineAt - now)].join(w.clauseSep);
    });
  if (created === 0 && lines.length === 0) return [];
  return [w.createdCount(created, open.length), ...lines];
}

/** Deadlines that fell in the shift (up to the draft) and were not met: delivered late, or not at all. */
function breachLines(input: HandoverInput, w: Words, clock: (at: number) => string): string[] {
  const until = Math.min(input.shift.end, input.now);
  return input.requests
    .filter((r) => r.status !== 'cancelled' && r.deadlineAt >= input.shift.start && r.deadlineAt < until)
    .filter((r) => (r.deliveredAt === null ? r.deadlineAt < input.now : r.deliveredAt > r.deadlineAt))
    .sort((a, b) => a.deadlineAt - b.deadlineAt || compare(a.id, b.id))
    .map((r) => {
      const outcome =
        r.deliveredAt === null
          ? w.notDelivered(lateBy(w, input.now - r.deadlineAt))
          : w.deliveredLate(clock(r.deliveredAt), lateBy(w, r.deliveredAt - r.deadlineAt));
      return [`${tag(w, r.priority)} ${oneLine(r.destination.label)}`, w.deadline(clock(r.deadlineAt)), outcome].join(w.clauseSep);
    });
}

function alertLines(input: HandoverInput, w: Words, clock: (at: number) => string): string[] {
  return [...input.alerts]
    .sort((a, b) => levelRank(a.level) - levelRank(b.level) || a.raisedAt - b.raisedAt || compare(a.id, b.id))
    .map((a) => {
      const state =
        a.state === 'closed' && a.closed
          ? w.closed(clock(a.closed.at), oneLine(a.closed.by))
          : a.state !== 'open' && a.acknowledged
            ? w.acknowledged(clock(a.acknowledged.at), oneLine(a.acknowledged.by))
            : w.open;
      const marks = [a.overdue.respond !== null ? w.overdueRespond : null, a.overdue.close !== null ? w.overdueClose : null, a.escalations.length ? w.escalated(a.escalations.length) : null];
      return [`${tag(w, a.level)} ${w.kind[a.kind]}`, oneLine(a.label), w.raised(clock(a.raisedAt)), state, ...marks]
        .filter((p): p is string => p !== null && p !== '')
        .join(w.clauseSep);
    });
}

function linkLines(input: HandoverInput, w: Words, clock: (at: number) => string): string[] {
  const outages = input.outages.map((o) => {
    const queued = o.queued ? [w.queued(o.queued)] : [];
    const head = o.to === null ? w.outageOngoing(clock(o.from), durationOf(w, input.now - o.from)) : w.outage(clock(o.from), clock(o.to), durationOf(w, o.to - o.from));
    return { at: o.from, text: [head, ...queued].join(w.clauseSep) };
  });
  const drills = input.drills.map((d) => {
    const head = d.endedAt === null ? w.drillRunning(clock(d.startedAt)) : w.drill(clock(d.startedAt), clock(d.endedAt), durationOf(w, d.endedAt - d.startedAt));
    const queued = d.queued ? [w.queued(d.queued)] : [];
    const result = d.result === 'running' && d.endedAt === null ? [] : [w.drillResult[d.result]];
    return { at: d.startedAt, text: [head, ...queued, ...result, oneLine(d.workstation), oneLine(d.note)].filter((p) => p !== '').join(w.clauseSep) };
  });
  return [...outages, ...drills].sort((a, b) => a.at - b.at || compare(a.text, b.text)).map((x) => x.text);
}

function outOfServiceLines(input: HandoverInput, w: Words): string[] {
  const vehicles = [...input.vehiclesOut]
    .sort((a, b) => compare(a.plate, b.plate) || compare(a.id, b.id))
    .map((v) => w.vehicle(oneLine(v.plate), w.vehicleStatus[v.status]));
  const assets = input.assetsOut
    .filter((a) => a.count > 0)
    .sort((a, b) => compare(a.typeName, b.typeName))
    .map((a) => w.assets(oneLine(a.typeName), a.count));
  return [...vehicles, ...assets];
}

function stockLines(input: HandoverInput, w: Words): string[] {
  return [...input.stockBelowSafety]
    .sort((a, b) => compare(a.site, b.site) || compare(a.item, b.item))
    .map((s) => w.stock(oneLine(s.site), oneLine(s.item), s.quantity, s.safetyLevel));
}

function figureLines(input: HandoverInput, w: Words): string[] {
  const f = input.figures;
  const share = f.onTimeShare === null ? w.missing : `${Math.round(f.onTimeShare * 1000) / 10}%`;
  return [w.figures(f.dispatches, f.delivered), w.times(secondsOf(w, f.avgS), secondsOf(w, f.p90S)), w.onTime(share)];
}

/** The draft: seven sections in a fixed order, an empty one saying so, and its text as the officer signs it. */
export function draftHandover(input: HandoverInput, lang: HandoverLanguage): HandoverDraft {
  const w = WORDS[lang];
  const clock = clockOf(input);
  const start = epochToZoned(input.shift.start, input.timeZone);
  const bodies: Record<HandoverSectionKey, string[]> = {
    requests: requestLines(input, w, clock),
    breaches: breachLines(input, w, clock),
    alerts: alertLines(input, w, clock),
    link: linkLines(input, w, clock),
    out_of_service: outOfServiceLines(input, w),
    stock: stockLines(input, w),
    figures: figureLines(input, w),
  };
  const sections = HANDOVER_SECTIONS.map((key) => ({ key, title: w.titles[key], lines: bodies[key].length ? bodies[key] : [w.none] }));
  const shiftHeader = w.header(oneLine(input.shift.name), oneLine(input.shift.team), `${start.date} ${start.time}`, clock(input.shift.end), input.timeZone, clock(input.now));
  const header = input.unit ? `${oneLine(input.unit)}${lang === 'en' ? ' · ' : ' '}${shiftHeader}` : shiftHeader;
  return { sections, text: formatDraftText(header, sections) };
}

/**
 * The text's layout, which `readDraftText` reads back: the header line, then each section
 * after a blank line, its title alone on a line and each of its lines indented two spaces.
 */
function formatDraftText(header: string, sections: readonly { title: string; lines: readonly string[] }[]): string {
  return [header, ...sections.map((s) => [s.title, ...s.lines.map((l) => `  ${l}`)].join('\n'))].join('\n\n');
}

/**
 * A signed draft's text, back as its header and sections (the printed document shows a stored
 * handover, which keeps only the text). Text that is not in the layout (an older draft) comes
 * back whole as the header, with no sections, so nothing signed is ever dropped.
 */
export function readDraftText(text: string): { header: string; sections: { title: string; lines: string[] }[] } {
  const [header = '', ...blocks] = text.split('\n\n');
  const sections = blocks.map((b) => {
    const [title = '', ...lines] = b.split('\n');
    return { title, lines: lines.map((l) => l.replace(/^ {2}/, '')) };
  });
  const wellFormed = sections.every((s) => s.title !== '' && !s.title.startsWith(' ') && s.lines.every((l) => l !== ''));
  return wellFormed ? { header, sections } : { header: text, sections: [] };
}

/**
 * SHA-256 (hex) over the draft and the notes as signed. Each is prefixed by its length, so
 * moving characters from the draft's end to the notes' start changes the hash too.
 */
export function handoverContentHash(draft: string, notes: string): string {
  return sha256Hex(`jingbao-handover-v1\n${draft.length}\n${draft}\n${notes.length}\n${notes}`);
}

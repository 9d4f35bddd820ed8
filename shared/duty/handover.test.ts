import { describe, expect, it } from 'vitest';
import type { DispatchOrder, SupplyRequest } from '../dispatch/schema';
import { draftHandover, handoverContentHash, readDraftText, type HandoverInput, type HandoverLanguage } from './handover';
import type { AlertRecord, Drill } from './schema';
import { shanghai as at } from './testing/handover-sample';

/** The day shift of 2026-12-03, 08:00–20:00 in Shanghai (UTC+8); the draft made at 19:50. */
const T = (hhmm: string): number => at(`2026-12-03T${hhmm}:00`);
const U = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const request = (n: number, r: Partial<SupplyRequest> & Pick<SupplyRequest, 'createdAt' | 'deadlineAt' | 'status'>): SupplyRequest => ({
  id: U(n),
  destination: { lon: 121.47, lat: 31.23, label: `派出所 ${n}` },
  items: [{ itemId: 'life-jacket', quantity: 10 }],
  priority: 'yellow',
  requester: '',
  note: '',
  deliveredAt: null,
  ...r,
});
const dispatch = (n: number, requestId: string, vehicleId: string, d: Partial<DispatchOrder>): DispatchOrder => ({
  id: U(100 + n),
  requestId,
  vehicleId,
  pickups: [{ siteId: 'depot-central', itemId: 'life-jacket', quantity: 10 }],
  siteIds: ['depot-central'],
  predictedArrivalAt: 0,
  status: 'delivered',
  createdAt: 0,
  pickedUpAt: null,
  deliveredAt: null,
  ...d,
});
const alert = (a: Partial<AlertRecord> & Pick<AlertRecord, 'id' | 'kind' | 'level' | 'label' | 'raisedAt' | 'state'>): AlertRecord => ({
  subject: a.id,
  place: null,
  raisedBy: 'central',
  owner: null,
  respondBy: null,
  closeBy: null,
  acknowledged: null,
  escalations: [],
  overdue: { respond: null, close: null },
  clearedAt: null,
  closed: null,
  ...a,
});

const requests: SupplyRequest[] = [
  // Open at handover: late, due in 10 minutes, routine due tonight.
  request(1, {
    destination: { lon: 121.5, lat: 31.2, label: '城东派出所' },
    items: [{ itemId: 'life-jacket', quantity: 60 }, { itemId: 'light', quantity: 20 }],
    priority: 'red', createdAt: T('19:15'), deadlineAt: T('19:45'), status: 'dispatched',
  }),
  request(2, { destination: { lon: 121.4, lat: 31.3, label: '江北派出所' }, items: [{ itemId: 'n95', quantity: 2000 }], priority: 'orange', createdAt: T('19:30'), deadlineAt: T('20:00'), status: 'open' }),
  request(3, { destination: { lon: 121.3, lat: 31.2, label: '西湖派出所' }, items: [{ itemId: 'generator', quantity: 2 }], priority: 'green', createdAt: T('18:30'), deadlineAt: T('22:30'), status: 'open' }),
  // Settled in the shift: delivered 17 minutes late, delivered on time, cancelled.
  request(4, { destination: { lon: 121.45, lat: 31.25, label: '南湖派出所' }, priority: 'orange', createdAt: T('10:00'), deadlineAt: T('10:30'), status: 'delivered', deliveredAt: T('10:47') }),
  request(5, { createdAt: T('11:00'), deadlineAt: T('11:30'), status: 'delivered', deliveredAt: T('11:22') }),
  request(6, { createdAt: T('12:00'), deadlineAt: T('12:30'), status: 'cancelled' }),
];
const dispatches: DispatchOrder[] = [
  dispatch(1, U(1), 'veh-3', { status: 'enroute', createdAt: T('19:20'), predictedArrivalAt: T('19:58') }),
  dispatch(2, U(4), 'veh-1', { createdAt: T('10:05'), deliveredAt: T('10:47') }),
  dispatch(3, U(5), 'veh-2', { createdAt: T('11:03'), deliveredAt: T('11:22') }),
];
const alerts: AlertRecord[] = [
  alert({ id: `deadline_missed:${U(1)}`, kind: 'deadline_missed', level: 'red', label: '城东派出所', raisedAt: T('19:45'), state: 'open', respondBy: T('20:45') }),
  alert({
    id: 'link_down:ws-01', kind: 'link_down', level: 'orange', label: 'ws-01', raisedAt: T('14:07'), state: 'closed',
    acknowledged: { at: T('14:10'), by: 'zhangwei' }, closed: { at: T('14:41'), by: 'zhangwei', note: '链路恢复' },
  }),
  alert({
    id: 'vehicle_silent:veh-9', kind: 'vehicle_silent', level: 'yellow', label: '沪A·2B118', raisedAt: at('2026-12-02T18:00:00'), state: 'open',
    respondBy: at('2026-12-02T22:00:00'), overdue: { respond: at('2026-12-02T22:00:00'), close: null },
    escalations: [{ at: at('2026-12-02T22:00:00'), by: 'central', to: ['指挥中心'], reason: 'overdue_respond', note: '' }],
  }),
  alert({ id: 'stock_low:depot-east/life-jacket', kind: 'stock_low', level: 'yellow', label: '东区区域库 · 救生衣', raisedAt: T('09:15'), state: 'acknowledged', acknowledged: { at: T('09:20'), by: 'zhangwei' } }),
  alert({ id: `red_request:${U(1)}`, kind: 'red_request', level: 'red', label: '城东派出所', raisedAt: T('19:15'), state: 'acknowledged', acknowledged: { at: T('19:17'), by: 'zhangwei' } }),
];
const drill: Drill = { id: U(900), startedAt: T('16:00'), startedBy: 'zhangwei', workstation: 'ws-01', endedAt: T('16:25'), queued: 5, result: 'reconciled', note: '季度演练' };

const NAMES = {
  'zh-CN': {
    items: { 'life-jacket': '救生衣', light: '应急照明灯', n95: 'N95 口罩', generator: '发电机' },
    vehicles: { 'veh-1': '沪A·1A001', 'veh-2': '沪A·1A002', 'veh-3': '沪A·3K721' },
    assetTypes: ['执法记录仪', '无人机', '4G 布控球'],
    sites: ['东区区域库', '中心物资库'],
  },
  en: {
    items: { 'life-jacket': 'Life jacket', light: 'Emergency light', n95: 'N95 mask', generator: 'Generator' },
    vehicles: { 'veh-1': '沪A·1A001', 'veh-2': '沪A·1A002', 'veh-3': '沪A·3K721' },
    assetTypes: ['Body camera', 'Drone', '4G dome camera'],
    sites: ['East regional depot', 'Central depot'],
  },
} as const;

function shiftInput(lang: HandoverLanguage): HandoverInput {
  const n = NAMES[lang];
  return {
    shift: { id: 'day', name: '白班', team: '一组', start: T('08:00'), end: T('20:00') },
    now: T('19:50'),
    timeZone: 'Asia/Shanghai',
    requests,
    dispatches,
    alerts,
    outages: [
      { from: T('14:02'), to: T('14:40'), queued: 12 },
      { from: T('19:30'), to: null },
    ],
    drills: [drill],
    vehiclesOut: [
      { id: 'veh-7', plate: '沪A·5M302', status: 'maintenance' },
      { id: 'veh-9', plate: '沪A·2B118', status: 'offline' },
    ],
    assetsOut: [
      { typeName: n.assetTypes[0], count: 3 },
      { typeName: n.assetTypes[1], count: 1 },
      { typeName: n.assetTypes[2], count: 0 },
    ],
    stockBelowSafety: [
      { site: n.sites[0], item: n.items['life-jacket'], quantity: 40, safetyLevel: 100 },
      { site: n.sites[1], item: n.items.n95, quantity: 800, safetyLevel: 1000 },
    ],
    figures: { dispatches: 3, delivered: 2, avgS: 1680, p90S: 2820, onTimeShare: 0.5 },
    names: { items: n.items, vehicles: n.vehicles },
  };
}

const ZH_TEXT = `白班（一组） 2026-12-03 08:00–20:00（Asia/Shanghai），19:50 草拟

一、未结需求
  本班新建 6 条，交班时未结 3 条
  [红] 城东派出所 · 救生衣 60、应急照明灯 20 · 途中 沪A·3K721，预计 19:58 到 · 时限 19:45 · 已超时 5 分钟
  [橙] 江北派出所 · N95 口罩 2000 · 待调派 · 时限 20:00 · 剩 10 分钟
  [绿] 西湖派出所 · 发电机 2 · 待调派 · 时限 22:30 · 剩 2 小时 40 分钟

二、本班超时
  [橙] 南湖派出所 · 时限 10:30 · 10:47 送达，超时 17 分钟
  [红] 城东派出所 · 时限 19:45 · 未送达，已超时 5 分钟

三、预警
  [红] 红色需求 · 城东派出所 · 19:15 发起 · 已确认 19:17（zhangwei）
  [红] 调拨已超时 · 城东派出所 · 19:45 发起 · 未确认
  [橙] 警保云链路中断 · ws-01 · 14:07 发起 · 已办结 14:41（zhangwei）
  [黄] 车辆失联 · 沪A·2B118 · 12-02 18:00 发起 · 未确认 · 响应超时 · 已上报 1 次
  [黄] 库存低于安全线 · 东区区域库 · 救生衣 · 09:15 发起 · 已确认 09:20（zhangwei）

四、链路中断与演练
  链路中断 14:02–14:40，38 分钟 · 期间排队 12 条指令
  断网演练 16:00–16:25，25 分钟 · 期间排队 5 条指令 · 已对账 · ws-01 · 季度演练
  链路中断 19:30 起，至今 20 分钟，未恢复

五、停用车辆与装备
  车辆 沪A·2B118：离线
  车辆 沪A·5M302：维修
  执法记录仪：3 件停用
  无人机：1 件停用

六、低于安全库存
  东区区域库 · 救生衣 40，安全线 100，缺 60
  中心物资库 · N95 口罩 800，安全线 1000，缺 200

七、本班调拨指标
  调拨 3 单，送达 2 单
  平均用时 28 分 0 秒，90% 在 47 分 0 秒 以内
  准时率 50%`;

const EN_TEXT = `白班 (一组) 2026-12-03 08:00–20:00 (Asia/Shanghai), drafted 19:50

1. Open requests
  6 created in the shift, 3 open at handover
  [red] 城东派出所 · Life jacket 60, Emergency light 20 · en route 沪A·3K721, expected 19:58 · deadline 19:45 · 5 min late
  [orange] 江北派出所 · N95 mask 2000 · awaiting dispatch · deadline 20:00 · 10 min left
  [green] 西湖派出所 · Generator 2 · awaiting dispatch · deadline 22:30 · 2 h 40 min left

2. Deadlines missed in the shift
  [orange] 南湖派出所 · deadline 10:30 · delivered 10:47, 17 min late
  [red] 城东派出所 · deadline 19:45 · not delivered, 5 min late

3. Alerts
  [red] Red request · 城东派出所 · raised 19:15 · acknowledged 19:17 (zhangwei)
  [red] Dispatch is late · 城东派出所 · raised 19:45 · not acknowledged
  [orange] Link to the central down · ws-01 · raised 14:07 · closed 14:41 (zhangwei)
  [yellow] Vehicle silent · 沪A·2B118 · raised 12-02 18:00 · not acknowledged · answer overdue · escalated 1×
  [yellow] Stock below safety level · 东区区域库 · 救生衣 · raised 09:15 · acknowledged 09:20 (zhangwei)

4. Link outages and drills
  Link down 14:02–14:40, 38 min · 12 commands queued meanwhile
  Link-failure drill 16:00–16:25, 25 min · 5 commands queued meanwhile · reconciled · ws-01 · 季度演练
  Link down since 19:30, 20 min so far, not restored

5. Vehicles and equipment out of service
  Vehicle 沪A·2B118: offline
  Vehicle 沪A·5M302: in maintenance
  Body camera: 3 out of service
  Drone: 1 out of service

6. Stock below safety level
  Central depot · N95 mask 800, safety level 1000, short 200
  East regional depot · Life jacket 40, safety level 100, short 60

7. The shift’s dispatch figures
  3 dispatches, 2 delivered
  average 28 min 0 s, 90% within 47 min 0 s
  on time 50%`;

/** An empty night shift: nothing happened, nothing is open. */
const quietNight: HandoverInput = {
  shift: { id: 'night', name: '夜班', team: '二组', start: T('20:00'), end: at('2026-12-04T08:00:00') },
  now: at('2026-12-04T07:45:00'),
  timeZone: 'Asia/Shanghai',
  requests: [],
  dispatches: [],
  alerts: [],
  outages: [],
  drills: [],
  vehiclesOut: [],
  assetsOut: [{ typeName: '无人机', count: 0 }],
  stockBelowSafety: [],
  figures: { dispatches: 0, delivered: 0, avgS: null, p90S: null, onTimeShare: null },
  names: { items: {}, vehicles: {} },
};

/** Every array reversed and every list in it reordered: the records come in any order from the store. */
function shuffled(input: HandoverInput): HandoverInput {
  return {
    ...input,
    requests: [...input.requests].reverse().map((r) => ({ ...r, items: r.items })),
    dispatches: [...input.dispatches].reverse(),
    alerts: [...input.alerts].reverse(),
    outages: [...input.outages].reverse(),
    drills: [...input.drills].reverse(),
    vehiclesOut: [...input.vehiclesOut].reverse(),
    assetsOut: [...input.assetsOut].reverse(),
    stockBelowSafety: [...input.stockBelowSafety].reverse(),
  };
}

describe('the handover draft', () => {
  it('writes the whole shift in Chinese', () => {
    expect(draftHandover(shiftInput('zh-CN'), 'zh-CN').text).toBe(ZH_TEXT);
  });

  it('writes the whole shift in English', () => {
    expect(draftHandover(shiftInput('en'), 'en').text).toBe(EN_TEXT);
  });

  it('has the seven sections in order, and its text is theirs', () => {
    const draft = draftHandover(shiftInput('zh-CN'), 'zh-CN');
    expect(draft.sections.map((s) => s.key)).toEqual(['requests', 'breaches', 'alerts', 'link', 'out_of_service', 'stock', 'figures']);
    const back = readDraftText(draft.text);
    expect(back.header).toBe('白班（一组） 2026-12-03 08:00–20:00（Asia/Shanghai），19:50 草拟');
    expect(back.sections).toEqual(draft.sections.map(({ title, lines }) => ({ title, lines })));
  });

  it('names the unit first when the shift is a unit’s below the city; the rest as the city’s', () => {
    const zh = draftHandover({ ...shiftInput('zh-CN'), unit: '中心区分局' }, 'zh-CN');
    expect(readDraftText(zh.text).header).toBe('中心区分局 白班（一组） 2026-12-03 08:00–20:00（Asia/Shanghai），19:50 草拟');
    expect(zh.text.slice(zh.text.indexOf('\n'))).toBe(ZH_TEXT.slice(ZH_TEXT.indexOf('\n')));
    expect(readDraftText(draftHandover({ ...shiftInput('en'), unit: 'Centrum District Bureau' }, 'en').text).header).toBe('Centrum District Bureau · 白班 (一组) 2026-12-03 08:00–20:00 (Asia/Shanghai), drafted 19:50');
  });

  it('lists open requests by margin, the latest first, whatever order they come in', () => {
    const input = shiftInput('zh-CN');
    // Due in 3 minutes, created first: it goes between the late one and the one due in 10.
    const soon = request(7, { destination: { lon: 121.4, lat: 31.2, label: '北站派出所' }, createdAt: T('19:00'), deadlineAt: T('19:53'), status: 'open' });
    const lines = draftHandover({ ...input, requests: [soon, ...[...requests].reverse()] }, 'zh-CN').sections[0]!.lines;
    expect(lines.slice(1).map((l) => /\] (\S+)/.exec(l)?.[1])).toEqual(['城东派出所', '北站派出所', '江北派出所', '西湖派出所']);
    expect(lines.slice(1).map((l) => l.split(' · ').at(-1))).toEqual(['已超时 5 分钟', '剩 3 分钟', '剩 10 分钟', '剩 2 小时 40 分钟']);
  });

  it('marks an overdue alert, and only that one', () => {
    const lines = draftHandover(shiftInput('zh-CN'), 'zh-CN').sections.find((s) => s.key === 'alerts')!.lines;
    expect(lines.filter((l) => /响应超时|办结超时/.test(l))).toEqual(['[黄] 车辆失联 · 沪A·2B118 · 12-02 18:00 发起 · 未确认 · 响应超时 · 已上报 1 次']);
    const closeLate = alerts.map((a) => (a.kind === 'link_down' ? { ...a, overdue: { respond: null, close: T('14:30') } } : a));
    const en = draftHandover({ ...shiftInput('en'), alerts: closeLate }, 'en').sections.find((s) => s.key === 'alerts')!.lines;
    expect(en.filter((l) => l.includes('overdue'))).toEqual([
      '[orange] Link to the central down · ws-01 · raised 14:07 · closed 14:41 (zhangwei) · closing overdue',
      '[yellow] Vehicle silent · 沪A·2B118 · raised 12-02 18:00 · not acknowledged · answer overdue · escalated 1×',
    ]);
  });

  it('says 无 / none in an empty section, and writes the night after midnight with its date', () => {
    expect(draftHandover(quietNight, 'zh-CN').text).toBe(`夜班（二组） 2026-12-03 20:00–12-04 08:00（Asia/Shanghai），12-04 07:45 草拟

一、未结需求
  无

二、本班超时
  无

三、预警
  无

四、链路中断与演练
  无

五、停用车辆与装备
  无

六、低于安全库存
  无

七、本班调拨指标
  调拨 0 单，送达 0 单
  平均用时 —，90% 在 — 以内
  准时率 —`);
    expect(draftHandover(quietNight, 'en').sections.map((s) => s.lines[0])).toEqual(['none', 'none', 'none', 'none', 'none', 'none', '0 dispatches, 0 delivered']);
  });

  it('is deterministic: the same records in any order give the same text', () => {
    const input = shiftInput('en');
    const first = draftHandover(input, 'en').text;
    expect(draftHandover(input, 'en').text).toBe(first);
    expect(draftHandover(shuffled(input), 'en').text).toBe(first);
    expect(draftHandover(shuffled(shiftInput('zh-CN')), 'zh-CN').text).toBe(ZH_TEXT);
  });

  it('keeps one record on one line: a newline in a label cannot forge a section', () => {
    const input = shiftInput('zh-CN');
    const forged = { ...requests[1]!, destination: { ...requests[1]!.destination, label: '江北\n\n九、伪造\n  x' } };
    const draft = draftHandover({ ...input, requests: [requests[0]!, forged] }, 'zh-CN');
    expect(readDraftText(draft.text).sections.map((s) => s.title)).toEqual(draft.sections.map((s) => s.title));
    expect(draft.sections[0]!.lines[2]).toContain('江北 九、伪造 x');
  });
});

describe('the handover content hash', () => {
  const draft = draftHandover(shiftInput('zh-CN'), 'zh-CN').text;
  const notes = '城东派出所救生衣已在途，请接班同志 20:05 前电话确认到达。';

  it('is SHA-256 hex, the same for the same draft and notes', () => {
    expect(handoverContentHash(draft, notes)).toMatch(/^[0-9a-f]{64}$/);
    expect(handoverContentHash(draft, notes)).toBe(handoverContentHash(`${draft}`, `${notes}`));
  });

  it('changes when one character of the notes changes', () => {
    const signed = handoverContentHash(draft, notes);
    expect(handoverContentHash(draft, notes.replace('20:05', '20:06'))).not.toBe(signed);
    expect(handoverContentHash(draft, `${notes} `)).not.toBe(signed);
    expect(handoverContentHash(draft.replace('剩 10 分钟', '剩 11 分钟'), notes)).not.toBe(signed);
  });

  it('tells the draft from the notes: text moved across the boundary changes it', () => {
    expect(handoverContentHash('ab', 'c')).not.toBe(handoverContentHash('a', 'bc'));
  });
});

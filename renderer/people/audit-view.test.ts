import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, type CentralAuditEntry, type LocalAuditEntry } from '../../shared/audit/schema';
import type { UserAccount } from '../../shared/auth/schema';
import { COMMANDS } from '../../shared/commands/registry';
import { periodBounds } from '../../shared/dispatch/kpi';
import type { ItemType, Site, Vehicle } from '../../shared/domain';
import type { CommandNames } from '../format/command-text';
import { createI18n } from '../i18n';
import { auditCsv, auditFileName, auditRows, detailText, exportDetail, listArg, localStamp, targetText, verifyLines, type AuditList } from './audit-view';

const lifeJacket: ItemType = { id: 'life-jacket', name: '救生衣', nameEn: 'Life jacket', unit: '件', unitEn: 'pcs', category: 'equipment' };
const site: Site = { id: 'qp-03', kind: 'quickpick', name: '快取点03·歌塔广场', nameEn: 'Quick-pick 03', address: '', lon: 11.98, lat: 57.697 };
const van: Vehicle = { id: 'v-007', no: 7, plate: '警A·0007', kind: 'van', status: 'available', crew: [], homeSiteId: 'qp-03', capacity: 40 };
const names: CommandNames = { items: [lifeJacket], sites: [site], vehicles: [van] };
const h = (n: number) => 'ab'.repeat(32).slice(0, 62) + String(n).padStart(2, '0');

/** 2025-06-02 14:03:05 in Beijing (UTC+8). */
const T0 = Date.UTC(2025, 5, 2, 6, 3, 5);
const BEIJING = 480;

const account = (role: UserAccount['role']): UserAccount => ({ id: 'u-7', username: 'li.lei', displayName: '李雷', role, disabled: false, enrolled: true, version: 3, updatedAt: 0 });
const central = (seq: number, at: number, e: Pick<CentralAuditEntry, 'username' | 'role' | 'action' | 'target' | 'outcome' | 'detail'>): CentralAuditEntry => ({
  seq, at, workstation: 'ws-hall-1', userId: e.username ? `id-${e.username}` : null, wsSeq: seq, wsHash: h(seq), prevHash: h(seq - 1), hash: h(seq), ...e,
});
const local = (seq: number, at: number, e: Pick<LocalAuditEntry, 'username' | 'role' | 'action' | 'target' | 'outcome' | 'detail'>): LocalAuditEntry => ({
  seq, at, workstation: 'ws-hall-1', userId: null, prevHash: h(seq - 1), hash: h(seq), ...e,
});

const list: AuditList = {
  central: [
    central(43, T0 + 90_000, { username: 'han.mei', role: 'admin', action: 'role_change', target: 'user:u-7', outcome: 'ok', detail: { before: account('duty'), after: account('supervisor') } }),
    central(42, T0 + 60_000, { username: 'wang.fang', role: 'supervisor', action: 'setting_change', target: 'setting:lock_after_minutes', outcome: 'ok', detail: { before: 15, after: 30 } }),
    central(41, T0, {
      username: 'li.lei', role: 'duty', action: 'command', target: 'command:stock.adjust', outcome: 'ok',
      detail: { commandId: '00000000-0000-4000-8000-000000000001', before: { item: lifeJacket, quantity: 79, safetyLevel: 20 }, after: { siteId: 'qp-03', itemId: 'life-jacket', delta: -40, reason: '防汛' } },
    }),
  ],
  local: [
    local(8, T0 + 120_000, { username: 'zhao.min', role: 'auditor', action: 'export', target: 'export:audit_csv', outcome: 'ok', detail: { rows: 3, range: 'shift' } }),
    local(7, T0 + 90_000, { username: 'ghost', role: null, action: 'login_failed', target: null, outcome: 'refused', detail: { code: 'bad_credentials', offline: false } }),
  ],
};

describe('audit words', () => {
  it.each(['zh-CN', 'en'] as const)('names every audit action and every command type in %s', (language) => {
    const i18n = createI18n(language);
    // The language's own texts, not the fallback's: an action added to the schema without words fails here.
    const has = (key: string) => i18n.exists(key, { lng: language, fallbackLng: [] });
    for (const action of AUDIT_ACTIONS) expect(has(`people:audit.actions.${action}`), action).toBe(true);
    for (const m of COMMANDS) expect(has(`people:audit.commandTypes.${m.type.replace('.', '_')}`), m.type).toBe(true);
  });
});

describe('audit rows', () => {
  const { t } = createI18n('zh-CN');
  const rows = auditRows(t, list, names, 'zh-CN');

  it('lists both chains newest first, this workstation’s pending entries marked', () => {
    expect(rows.map((r) => r.key)).toEqual(['local:8', 'local:7', 'central:43', 'central:42', 'central:41']);
    expect(rows.map((r) => r.chain)).toEqual(['local', 'local', 'central', 'central', 'central']);
  });

  it('says who, what, about what and how it went, in words', () => {
    expect(rows.map((r) => [r.user, r.role, r.actionText, r.target, r.outcomeText])).toEqual([
      ['zhao.min', '审计员', '导出', '审计日志 CSV', '成功'],
      ['ghost', '—', '登录失败', '—', '被拒绝'],
      ['han.mei', '系统管理员', '更改角色', '用户 李雷（li.lei）', '成功'],
      ['wang.fang', '值班领导', '更改设置', '空闲锁定时间', '成功'],
      ['li.lei', '值班员', '操作命令', '出入库', '成功'],
    ]);
  });

  it('gives before → after for commands, settings and role changes, the command in its own words', () => {
    expect(rows.map((r) => r.detail)).toEqual([
      '3 行 · 本班次',
      '用户名、密码或动态码不正确',
      '值班员 → 值班领导',
      '15 分钟 → 30 分钟',
      '救生衣 79 件（安全库存 20） → 出库 40 件 救生衣 · 快取点03·歌塔广场 · 事由：防汛',
    ]);
  });

  it('reads in English', () => {
    const en = createI18n('en').t;
    const [exp, , role, setting, cmd] = auditRows(en, list, names, 'en');
    expect([exp!.actionText, exp!.target, exp!.detail]).toEqual(['Export', 'Audit log CSV', '3 rows · this shift']);
    expect([role!.role, role!.detail]).toEqual(['System administrator', 'Duty officer → Supervisor']);
    expect(setting!.detail).toBe('15 min → 30 min');
    expect(cmd!.detail).toBe('Life jacket: 79 pcs (safety level 20) → Book out 40 pcs Life jacket · Quick-pick 03 · reason: 防汛');
  });

  it('says a command without a before, a new user, a refusal for the role, and shows what it cannot read', () => {
    const e = (action: CentralAuditEntry['action'], target: string | null, detail: Record<string, unknown>) => central(50, T0, { username: 'x', role: 'duty', action, target, outcome: 'ok', detail });
    expect(detailText(t, e('command', 'command:vehicle.setStatus', { before: null, after: { vehicleId: 'v-007', status: 'maintenance' } }), names, 'zh-CN')).toBe('将 警A·0007 设为「维修」');
    expect(detailText(t, e('command', 'command:vehicle.setStatus', { before: { kind: 'odd' }, after: { vehicleId: 5 } }), names, 'zh-CN')).toBe('{"kind":"odd"} → {"vehicleId":5}');
    expect(detailText(t, e('user_create', 'user:u-7', { before: null, after: account('wall') }), names, 'zh-CN')).toBe('李雷（li.lei），大屏');
    expect(detailText(t, e('forbidden', 'stock.adjust', { permission: 'stock.write' }), names, 'zh-CN')).toBe('需要“出入库”权限');
    expect(targetText(t, e('forbidden', 'stock.adjust', {}))).toBe('stock.adjust');
    expect(detailText(t, e('user_disable', 'user:u-7', { before: account('duty'), after: { ...account('duty'), disabled: true } }), names, 'zh-CN')).toBe('正常 → 已停用');
    expect(detailText(t, e('lock', null, { idle: true }), names, 'zh-CN')).toBe('空闲自动锁定');
    expect(detailText(t, e('login', null, { offline: true, demo: false }), names, 'zh-CN')).toBe('离线登录（本机凭据）');
    expect(detailText(t, e('logout', null, { reason: 'account disabled at the central' }), names, 'zh-CN')).toBe('账号已在警保云停用');
    expect(detailText(t, e('export', 'export:kpi_csv', { rows: 12, period: 'month', from: 0, to: 1 }), names, 'zh-CN')).toBe('12 行 · 本月');
    // The command tree: a unit added, moved, a move refused with the tree's problems.
    const post = { id: 'unit-post-x', kind: 'post', name: '看板警务站', nameEn: 'Board Post', parentId: 'unit-nordstaden', area: null };
    expect(targetText(t, e('unit_change', 'unit:unit-post-x', { kind: 'save', before: null, after: post }))).toBe('单位 看板警务站');
    expect(detailText(t, e('unit_change', 'unit:unit-post-x', { kind: 'save', before: null, after: post }), names, 'zh-CN')).toBe('看板警务站（警务站），上级 unit-nordstaden');
    expect(detailText(t, e('unit_change', 'unit:unit-post-x', { kind: 'move', before: post, after: { ...post, parentId: 'unit-lundby' } }), names, 'zh-CN')).toBe('上级 unit-nordstaden → unit-lundby');
    expect(detailText(t, e('unit_change', 'unit:unit-centrum', { kind: 'move', code: 'bad_tree', problems: [{ code: 'move_under_descendant', unitId: 'unit-centrum' }] }), names, 'zh-CN')).toBe('被拒绝：移到自己的下级之下');
    expect(detailText(t, e('unit_change', 'unit:unit-post-x', { kind: 'remove', before: post, after: null }), names, 'zh-CN')).toBe('删除 看板警务站（警务站），原上级 unit-nordstaden');
    expect(detailText(t, e('unit_change', 'unit:unit-post-x', { kind: 'remove', code: 'bad_tree', problems: [{ code: 'holds_users', unitId: 'unit-post-x' }, { code: 'holds_vehicles', unitId: 'unit-post-x' }] }), names, 'zh-CN')).toBe('被拒绝：仍有用户、仍有车辆');
    expect(detailText(t, e('user_unit_change', 'user:u-7', { before: account('duty'), after: { ...account('duty'), unitId: 'unit-lundby' } }), names, 'zh-CN')).toBe('所属单位 （市局） → unit-lundby');
  });
});

describe('audit CSV', () => {
  const { t } = createI18n('zh-CN');

  it('writes the table’s columns, local time with its offset, a BOM and CRLF lines', () => {
    const csv = auditCsv(t, auditRows(t, list, names, 'zh-CN'), (at) => localStamp(at, true, BEIJING));
    expect(csv).toBe(
      '\uFEFF' +
        [
          '序号,记录链,时间,工作站,用户,角色,操作,对象,结果,详情',
          '8,本机·未上传,2025-06-02 14:05:05 +08:00,ws-hall-1,zhao.min,审计员,导出,审计日志 CSV,成功,3 行 · 本班次',
          '7,本机·未上传,2025-06-02 14:04:35 +08:00,ws-hall-1,ghost,—,登录失败,—,被拒绝,用户名、密码或动态码不正确',
          '43,警保云,2025-06-02 14:04:35 +08:00,ws-hall-1,han.mei,系统管理员,更改角色,用户 李雷（li.lei）,成功,值班员 → 值班领导',
          '42,警保云,2025-06-02 14:04:05 +08:00,ws-hall-1,wang.fang,值班领导,更改设置,空闲锁定时间,成功,15 分钟 → 30 分钟',
          '41,警保云,2025-06-02 14:03:05 +08:00,ws-hall-1,li.lei,值班员,操作命令,出入库,成功,救生衣 79 件（安全库存 20） → 出库 40 件 救生衣 · 快取点03·歌塔广场 · 事由：防汛',
        ].join('\r\n') +
        '\r\n',
    );
  });

  it('quotes what needs it and neutralises formulas in names that came from outside', () => {
    const odd = auditRows(t, { central: [], local: [local(1, T0, { username: '=cmd|calc', role: 'duty', action: 'logout', target: null, outcome: 'ok', detail: { reason: 'said "bye", left' } })] }, names, 'zh-CN');
    const line = auditCsv(t, odd, (at) => localStamp(at, true, BEIJING)).split('\r\n')[1];
    expect(line).toBe(`1,本机·未上传,2025-06-02 14:03:05 +08:00,ws-hall-1,'=cmd|calc,值班员,退出登录,—,成功,"said ""bye"", left"`);
  });

  it('writes its English words in English', () => {
    const en = createI18n('en').t;
    const csv = auditCsv(en, auditRows(en, list, names, 'en'), (at) => localStamp(at, true, BEIJING));
    expect(csv.split('\r\n')[0]).toBe('\uFEFFNo.,Chain,Time,Workstation,User,Role,Action,Target,Outcome,Detail');
    expect(csv.split('\r\n')[1]).toBe('8,Here · not uploaded,2025-06-02 14:05:05 +08:00,ws-hall-1,zhao.min,Auditor,Export,Audit log CSV,Done,3 rows · this shift');
  });

  it('stamps local time with the offset, west of Greenwich and at half hours too', () => {
    expect(localStamp(T0, true, BEIJING)).toBe('2025-06-02 14:03:05 +08:00');
    expect(localStamp(T0, false, BEIJING)).toBe('2025-06-02 14:03:05');
    expect(localStamp(T0, true, -300)).toBe('2025-06-02 01:03:05 -05:00');
    expect(localStamp(T0, true, 330)).toBe('2025-06-02 11:33:05 +05:30');
    expect(auditFileName('审计日志', T0, BEIJING)).toBe('审计日志-2025-06-02-1403.csv');
    expect(auditFileName('audit log/x', T0, 0)).toBe('audit-log-x-2025-06-02-0603.csv');
  });
});

describe('audit filters', () => {
  const now = T0;
  const base = { from: '', to: '', username: '', action: '' } as const;

  it('asks for the last hour, the shift and the day as the KPI figures count them', () => {
    expect(listArg({ ...base, range: 'hour' }, now)).toEqual({ limit: 500, from: now - 3600_000 });
    expect(listArg({ ...base, range: 'shift' }, now)).toEqual({ limit: 500, from: periodBounds('shift', now).from });
    expect(listArg({ ...base, range: 'day' }, now)).toEqual({ limit: 500, from: periodBounds('day', now).from });
  });

  it('takes a custom range to the end of its last minute, and a user and an action when chosen', () => {
    const from = new Date('2025-06-01T08:00').getTime();
    const to = new Date('2025-06-01T20:00').getTime() + 59_999;
    expect(listArg({ range: 'custom', from: '2025-06-01T08:00', to: '2025-06-01T20:00', username: ' li.lei ', action: 'command' }, now)).toEqual({ limit: 500, from, to, username: 'li.lei', action: 'command' });
    expect(listArg({ ...base, range: 'custom', from: 'yesterday' }, now)).toEqual({ limit: 500 });
  });

  it('records what an export held', () => {
    const f = { ...base, range: 'hour' as const, username: 'li.lei' };
    expect(exportDetail(f, listArg(f, now))).toEqual({ range: 'hour', from: now - 3600_000, username: 'li.lei' });
  });
});

describe('verify', () => {
  const { t } = createI18n('zh-CN');
  const intact = { ok: true, checked: 1234, firstBroken: null, reason: null, gaps: 0 };

  it('says each chain is intact, with its count', () => {
    expect(verifyLines(t, { local: intact, central: { ...intact, checked: 5 }, mismatch: null }, 'zh-CN')).toEqual([
      { chain: 'local', ok: true, text: '本机记录链完整：共 1,234 条' },
      { chain: 'central', ok: true, text: '警保云记录链完整：共 5 条' },
      { chain: 'mismatch', ok: true, text: '本机已上传的记录与警保云一致' },
    ]);
  });

  it('says a county’s part of the central’s chain is intact, and that the links across other units’ entries are the city’s to check', () => {
    const lines = verifyLines(t, { local: intact, central: { ...intact, checked: 40, gaps: 3 }, mismatch: null }, 'zh-CN');
    expect(lines[1]).toEqual({ chain: 'central', ok: true, text: '警保云记录链（本单位范围）完整：共 40 条；其他单位的记录不下发本机，3 处衔接由市局核验' });
  });

  it('names the first broken link of each chain, and the first entry whose central copy differs', () => {
    const broken = { ok: false, checked: 16, firstBroken: 17, reason: 'its content does not match its hash', gaps: 0 };
    expect(verifyLines(t, { local: broken, central: { ...broken, firstBroken: 230 }, mismatch: 12 }, 'zh-CN')).toEqual([
      { chain: 'local', ok: false, text: '本机记录链：第 17 条被改动或删除' },
      { chain: 'central', ok: false, text: '警保云记录链：第 230 条被改动或删除' },
      { chain: 'mismatch', ok: false, text: '本机第 12 条与警保云的副本不一致' },
    ]);
    expect(verifyLines(createI18n('en').t, { local: broken, central: intact, mismatch: null }, 'en')[0]!.text).toBe('This workstation’s chain: entry 17 was altered or deleted');
  });
});

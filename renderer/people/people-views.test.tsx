/**
 * What the people views show, rendered to markup without a browser (effects do not run:
 * each view is given its data). A wrapped session stands in for the shell's.
 */
import { describe, expect, it } from 'vitest';
import type { Role } from '../../shared/auth/roles';
import type { UserAccount } from '../../shared/auth/schema';
import { createI18n } from '../i18n';
import { grantFor } from '../ui/grant';
import { markupText as text, renderAs, sessionAs as session } from '../ui/testing/render-as';
import { AuditTable, Verdict } from './AuditPanel';
import { IdleLockForm } from './IdleLockSetting';
import { ConfirmBox, CreateUserForm } from './UserForms';
import { UsersTable } from './UsersPanel';
import { EMPTY_DRAFT } from './user-admin';
import { demoUnits } from '../../shared/scope/demo-tree';
import { BoardError, encodeTreeProblems } from '../../shared/board-api';
import { UnitForm, UnitTreeList } from './UnitsSection';
import { UnitRefusal } from './UnitFormShell';
import { UnitAreaForm, UnitAssignForm, UnitRemoveForm } from './UnitHoldingsForms';
import { parseAreaFile } from '../../shared/scope/area-file';
import { assignCandidates, moveTargets, treeRefusalLines, unitRows } from './unit-admin';

const render = (node: Parameters<typeof renderAs>[1], role: Role = 'admin') => renderAs(role, node);

const user = (id: string, username: string, extra: Partial<UserAccount> = {}): UserAccount => ({
  id, username, displayName: '李雷', role: 'duty', disabled: false, enrolled: true, version: 1, updatedAt: 0, ...extra,
});

describe('users table', () => {
  const users = [user('u-admin', 'han.mei', { role: 'admin', displayName: '韩梅' }), user('u-2', 'li.lei', { enrolled: false }), user('u-3', 'old.wang', { disabled: true, role: 'wall', displayName: '老王' })];
  const html = render(<UsersTable users={users} units={null} selfId="u-admin" busy={false} onTask={() => {}} />);

  it('lists user name, name, role in words, second factor and status', () => {
    const rows = html.split('data-testid="user-row"').slice(1).map(text);
    expect(rows[0]).toContain('han.mei 韩梅 （本人）');
    expect(rows[0]).toContain('已绑定');
    expect(rows[1]).toContain('未绑定');
    expect(rows[1]).toContain('正常');
    expect(rows[2]).toContain('已停用');
    expect(rows[2]).toContain('启用');
    // The role select shows the role in words, selected.
    expect(html).toMatch(/<option value="wall" selected="">大屏<\/option>/);
  });

  it('does not offer an administrator their own role or their own account to disable', () => {
    const own = html.split('data-testid="user-row"')[1]!;
    expect(own).toMatch(/<select[^>]*disabled=""[^>]*title="不能更改自己的角色/);
    expect(own).toMatch(/data-testid="user-toggle-disabled" disabled=""/);
    const other = html.split('data-testid="user-row"')[2]!;
    expect(other).not.toMatch(/data-testid="user-toggle-disabled" disabled=""/);
  });

  it('cannot reset a second factor nobody enrolled', () => {
    const notEnrolled = html.split('data-testid="user-row"')[2]!;
    expect(notEnrolled).toMatch(/data-testid="user-reset-second-factor" disabled=""/);
  });
});

describe('user forms', () => {
  it('masks the passwords and asks for them twice', () => {
    const html = render(<CreateUserForm draft={{ ...EMPTY_DRAFT, password: 'x' }} busy={false} error={null} tried onEdit={() => {}} onSubmit={() => {}} onCancel={() => {}} />);
    expect(html.match(/type="password"/g)).toHaveLength(2);
    expect(html).toMatch(/autoComplete="new-password"|autocomplete="new-password"/);
    expect(text(html)).toContain('密码至少 10 个字符');
  });

  it('says what resetting a second factor does before it is done', () => {
    const html = render(<ConfirmBox title="重置 李雷（li.lei） 的手机令牌？" hint={createI18n('zh-CN').t('people:users.resetHint')} confirmLabel="重置令牌" danger busy={false} error={null} onConfirm={() => {}} onCancel={() => {}} />);
    expect(html).toContain('role="alertdialog"');
    expect(text(html)).toContain('下次登录时须绑定新手机');
  });
});

describe('idle lock setting', () => {
  const t = createI18n('zh-CN').t;
  const form = (role: Role) => render(<IdleLockForm minutes={15} grant={grantFor(t, session(role), 'settings.set')} feedback={null} onSave={async () => {}} />, role);

  it('lets a supervisor and an administrator change it', () => {
    for (const role of ['supervisor', 'admin'] as const) {
      expect(form(role)).toContain('data-testid="idle-lock-minutes"');
      expect(form(role)).not.toContain('idle-lock-readonly');
    }
  });

  it('shows it to everyone else, with who may change it', () => {
    for (const role of ['duty', 'wall', 'auditor'] as const) {
      const html = form(role);
      expect(html).not.toContain('idle-lock-minutes');
      expect(text(html)).toContain('15 分钟');
      expect(text(html)).toContain('仅值班领导、系统管理员可操作');
    }
  });
});

describe('audit views', () => {
  it('marks this workstation’s entries not uploaded yet', () => {
    const row = { seq: 7, at: 0, workstation: 'ws-1', user: 'li.lei', role: '值班员', action: 'login' as const, actionText: '登录', target: '—', outcome: 'ok' as const, outcomeText: '成功', detail: '' };
    const html = render(<AuditTable rows={[{ ...row, key: 'local:7', chain: 'local' }, { ...row, key: 'central:3', chain: 'central', seq: 3 }]} />, 'auditor');
    const [local, central] = html.split('data-testid="audit-row"').slice(1);
    expect(text(local!)).toContain('本机·未上传');
    expect(text(central!)).not.toContain('本机·未上传');
  });

  it('shows a broken chain in red, an intact one not', () => {
    const html = render(<Verdict lines={[{ chain: 'local', ok: true, text: 'a' }, { chain: 'central', ok: false, text: 'b' }]} />, 'auditor');
    expect(html).toContain('<li class="ok" data-testid="audit-verdict-local" data-ok="true">');
    expect(html).toContain('<li class="danger" data-testid="audit-verdict-central" data-ok="false">');
  });
});

describe('the command tree', () => {
  const units = demoUnits();
  const rows = unitRows(units);

  it('lists every unit indented by its level, with its name and its kind in words', () => {
    const html = render(<UnitTreeList rows={rows} selectedId="unit-nordstaden" language="zh-CN" onSelect={() => {}} />);
    const items = html.split('data-testid="unit-row"').slice(1);
    expect(items).toHaveLength(units.length);
    expect(text(items[0]!)).toMatch(/指挥中心.*市局/);
    const row = (id: string) => items.find((i) => i.includes(`data-unit-id="${id}"`))!;
    expect(row('unit-centrum')).toContain('padding-inline-start:20px');
    expect(text(row('unit-centrum'))).toContain('中心区分局 分局');
    expect(row('unit-nordstaden')).toContain('padding-inline-start:40px');
    expect(text(row('unit-nordstaden'))).toContain('北城派出所 派出所');
    expect(row('unit-nordstaden')).toContain('aria-pressed="true"');
    expect(row('unit-post-kungsportsplatsen')).toContain('padding-inline-start:60px');
    expect(text(row('unit-post-kungsportsplatsen'))).toContain('国王门广场警务站 警务站');
    // In English, the English names and kinds.
    const en = renderAs('admin', <UnitTreeList rows={rows} selectedId={null} language="en" onSelect={() => {}} />, 'en');
    expect(text(en)).toContain('Nordstaden Police Station Police station');
  });

  it('offers only the units a station may move under, and says what a move takes along', () => {
    const unit = units.find((u) => u.id === 'unit-nordstaden')!;
    const targets = moveTargets(units, unit.id);
    const html = render(<UnitForm task={{ kind: 'move', unit, parentId: targets[0]!.id }} busy={false} tried={false} refusal={null} addable={[]} targets={targets} language="zh-CN" onEdit={() => {}} onSubmit={() => {}} onCancel={() => {}} />);
    expect(html.match(/<option /g)).toHaveLength(targets.length);
    expect(html).not.toContain('value="unit-centrum"');
    expect(text(html)).toContain('原上级的看板不再显示');
  });

  it('shows a refusal in plain words: a cycle, an orphan, a move under its own child', () => {
    const t = createI18n('zh-CN').t;
    const nameOf = (id: string) => units.find((u) => u.id === id)?.name ?? id;
    const lines = treeRefusalLines(
      t,
      new BoardError('bad_tree', 'x', { problems: encodeTreeProblems([{ code: 'move_under_descendant', unitId: 'unit-centrum' }, { code: 'orphan', unitId: 'unit-x' }, { code: 'cycle', unitId: 'unit-lundby' }]) }),
      nameOf,
      () => '',
    );
    const html = text(render(<UnitRefusal lines={lines} />));
    expect(html).toContain('警保云拒绝了这项修改，单位树未改动');
    expect(html).toContain('会形成循环：伦德比派出所 将成为自己的上级');
    expect(html).toContain('不能把 中心区分局 移到它自己的下级单位之下');
    expect(html).toContain('unit-x 的上级单位不存在（孤立单位）');
  });

  it('gives each user their unit to change in the users table', () => {
    const users = [user('u-1', 'li.lei', { unitId: 'unit-nordstaden' }), user('u-2', 'han.mei')];
    const html = render(<UsersTable users={users} units={units} selfId={null} busy={false} onTask={() => {}} />);
    expect(text(html)).toContain('所属单位');
    const [first, second] = html.split('data-testid="user-row"').slice(1);
    expect(first).toMatch(/<option value="unit-nordstaden" selected="">\u3000\u3000北城派出所<\/option>/);
    // No unit: the city's.
    expect(second).toMatch(/<option value="[^"]+" selected="">[^<]*指挥中心<\/option>/);
  });

  it('asks once before removing a unit, says what may go, and names what a refused one still holds', () => {
    const unit = units.find((u) => u.id === 'unit-post-kungsportsplatsen')!;
    const ask = render(<UnitRemoveForm unit={unit} busy={false} refusal={null} language="zh-CN" onSubmit={() => {}} onCancel={() => {}} />);
    expect(text(ask)).toContain('从单位树删除“国王门广场警务站”？');
    expect(text(ask)).toContain('只能删除没有下级单位、用户、站点、车辆');
    expect(ask).toContain('action-button--danger');
    const t = createI18n('zh-CN').t;
    const lines = treeRefusalLines(t, new BoardError('bad_tree', 'x', { problems: encodeTreeProblems([{ code: 'holds_sites', unitId: unit.id }, { code: 'holds_records', unitId: unit.id }]) }), () => unit.name, () => '');
    const refused = text(render(<UnitRemoveForm unit={unit} busy={false} refusal={lines} language="zh-CN" onSubmit={() => {}} onCancel={() => {}} />));
    expect(refused).toContain('国王门广场警务站 还有站点：请先把站点划入别的单位');
    expect(refused).toContain('月度和季度调度按单位统计，该单位须保留');
  });

  it('hands a site or a vehicle over: each candidate with whose it is now, none of the unit’s own, none of a neighbour’s', () => {
    const unit = units.find((u) => u.id === 'unit-nordstaden')!;
    const sites = [
      { id: 'qp-02', name: '快取点02', nameEn: 'QP 02', unitId: 'unit-centrum' },
      { id: 'qp-01', name: '快取点01', nameEn: 'QP 01', unitId: 'unit-nordstaden' },
      { id: 'qp-09', name: '快取点09', nameEn: 'QP 09', unitId: 'unit-lundby', neighbour: true as const },
      { id: 'depot-x', name: '仓库X', nameEn: 'Depot X' },
    ];
    const candidates = assignCandidates(sites, unit.id, (s) => s.name);
    expect(candidates.map((c) => c.id)).toEqual(['depot-x', 'qp-02']);
    const nameOf = (id: string) => units.find((u) => u.id === id)?.name ?? id;
    const html = render(<UnitAssignForm unit={unit} table="site" id="" candidates={candidates} unitNameOf={nameOf} busy={false} tried refusal={null} language="zh-CN" onEdit={() => {}} onSubmit={() => {}} onCancel={() => {}} />);
    expect(text(html)).toContain('把站点或车辆划入“北城派出所”');
    expect(html).toMatch(/<option value="qp-02">快取点02 · 现属 中心区分局<\/option>/);
    expect(html).toMatch(/<option value="depot-x">仓库X · 现属 市局<\/option>/);
    // Submitted without a choice: said, not sent.
    expect(text(html)).toContain('请选择要划入的站点');
    const none = render(<UnitAssignForm unit={unit} table="vehicle" id="" candidates={[]} unitNameOf={nameOf} busy={false} tried={false} refusal={null} language="zh-CN" onEdit={() => {}} onSubmit={() => {}} onCancel={() => {}} />);
    expect(text(none)).toContain('没有可划入的车辆');
    expect(none).toMatch(/data-testid="unit-form-submit" disabled=""/);
  });

  it('imports an area from a file: what the file held, or why it cannot be one; a county is never added without one', () => {
    const unit = units.find((u) => u.id === 'unit-centrum')!;
    const form = (area: Parameters<typeof UnitAreaForm>[0]['area'], tried = false) =>
      render(<UnitAreaForm unit={unit} area={area} busy={false} tried={tried} refusal={null} language="zh-CN" onPick={() => {}} onSubmit={() => {}} onCancel={() => {}} />);
    const square = { type: 'Polygon', coordinates: [[[11.96, 57.695], [11.97, 57.695], [11.97, 57.7], [11.96, 57.7], [11.96, 57.695]]] };
    const good = form({ fileName: 'centrum.geojson', result: parseAreaFile(JSON.stringify(square)) });
    expect(text(good)).toContain('为“中心区分局”导入辖区');
    expect(text(good)).toContain('centrum.geojson：一个多边形，4 个顶点');
    expect(text(good)).toContain('新的辖区替换原有辖区');
    expect(good).not.toMatch(/data-testid="unit-form-submit" disabled=""/);
    const two = form({ fileName: 'two.geojson', result: parseAreaFile(JSON.stringify({ type: 'MultiPolygon', coordinates: [square.coordinates, square.coordinates] })) });
    expect(text(two)).toContain('two.geojson 不能作为辖区：文件中有 2 个多边形：辖区须是一块连续区域');
    expect(two).toMatch(/data-testid="unit-form-submit" disabled=""/);
    expect(text(form(null, true))).toContain('分局必须有辖区：请选择辖区文件');
    // Adding under the city offers a county, with its area asked for.
    const city = units.find((u) => u.parentId === null)!;
    const add = render(<UnitForm task={{ kind: 'add', parent: city, unitKind: 'county', name: '新区分局', nameEn: 'New bureau', area: null }} busy={false} tried refusal={null} addable={['county']} targets={[]} language="zh-CN" onEdit={() => {}} onSubmit={() => {}} onCancel={() => {}} />);
    expect(add).toContain('data-testid="unit-area-file"');
    expect(text(add)).toContain('分局必须有辖区');
  });
});

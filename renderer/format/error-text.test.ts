import { describe, expect, it, vi } from 'vitest';
import { BOARD_ERROR_CODES, BoardError, type BoardErrorCode } from '../../shared/board-api';
import { ROLES } from '../../shared/auth/roles';
import { PERMISSIONS } from '../../shared/permissions';
import { createI18n } from '../i18n';
import { errorText, type ErrorNames } from './error-text';
import { permissionText, rolesWith } from './roles';

const names: ErrorNames = {
  site: (id) => ({ 'qp-03': '快取点03·歌塔广场' })[id] ?? id,
  item: (id) => ({ helmet: '头盔' })[id] ?? id,
  number: (n) => new Intl.NumberFormat('zh-CN').format(n),
};

describe('errorText', () => {
  const { t } = createI18n('zh-CN');

  it.each<[BoardErrorCode, Record<string, string | number>, string]>([
    ['insufficient_stock', { site: 'qp-03', item: 'helmet', have: 37, need: 999_999 }, '快取点03·歌塔广场 只有 头盔 37，方案要取 999,999'],
    ['vehicle_unavailable', { plate: '粤A·4791警', status: 'enroute' }, '粤A·4791警 当前为“途中”，不能调派'],
    ['vehicle_twice', { plate: '粤A·4791警' }, '粤A·4791警 被安排了两次'],
    ['request_closed', { status: 'delivered' }, '需求已送达'],
    ['dispatch_closed', { status: 'cancelled' }, '调拨单已取消'],
    ['rate_limited', { retryAfterS: 1800 }, '失败次数过多，请 1,800 秒后再试'],
    ['forbidden', { permission: 'stock.write', role: 'wall' }, '大屏无权执行此操作（需要“出入库”权限）'],
    ['forbidden', { permission: 'made.up', role: 'nobody' }, 'nobody无权执行此操作（需要“made.up”权限）'],
  ])('says a %s refusal with its names and numbers', (code, params, text) => {
    expect(errorText(t, new BoardError(code, 'English for the log', params), names)).toBe(text);
  });

  it('translates the code, never the backend’s sentence', () => {
    const e = new BoardError('bad_request', 'vehicle X is flying, not available');
    expect(errorText(t, e)).toBe('请求无效');
    expect(errorText(t, new BoardError('insufficient_stock', 'insufficient stock: qp-03 holds 37 of helmet'))).toBe('库存不足');
    expect(errorText(t, new BoardError('unavailable', 'connection to the backend closed'))).toBe('本机服务暂时无法响应');
  });

  it('keeps ids and plain numbers when it has no names, and unknown statuses as they are', () => {
    expect(errorText(t, new BoardError('insufficient_stock', '', { site: 'qp-03', item: 'helmet', have: 37, need: 40 }))).toBe('qp-03 只有 helmet 37，方案要取 40');
    expect(errorText(t, new BoardError('request_closed', '', { status: 'archived' }))).toBe('需求archived');
  });

  it('falls back to a generic text with the code, and calls anything else an internal error', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(errorText(t, new BoardError('made_up' as BoardErrorCode, 'whatever'))).toBe('出错了（made_up）');
    expect(errorText(t, new Error('socket closed'))).toBe('本机程序内部错误');
    expect(errorText(t, 'x')).toBe('本机程序内部错误');
    quiet.mockRestore();
  });

  it('reads in English', () => {
    const en = createI18n('en').t;
    expect(errorText(en, new BoardError('vehicle_unavailable', '', { plate: 'A·1', status: 'maintenance' }))).toBe(`A·1 is ${en('format:status.maintenance')} now, not available`);
    expect(errorText(en, new BoardError('forbidden', 'no'))).toBe('Not permitted');
    expect(errorText(en, new BoardError('forbidden', 'no', { permission: 'users.admin', role: 'duty' }))).toBe('Not permitted for the role Duty officer (it needs “Manage users”)');
    expect(errorText(en, new BoardError('rate_limited', 'slow down', { retryAfterS: 30 }))).toBe('Too many failed attempts: try again in 30 s');
    expect(errorText(en, new BoardError('central_unreachable', 'ECONNREFUSED'))).toBe('The central is unreachable: this needs the central online');
  });

  it('names every role and permission in both languages', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const i18n = createI18n(lang);
      const has = (key: string) => i18n.exists(key, { lng: lang, fallbackLng: [] });
      for (const role of [...ROLES, 'system'] as const) expect(has(`format:role.${role}`), `${lang} ${role}`).toBe(true);
      for (const p of PERMISSIONS) expect(permissionText(i18n.t, p), `${lang} ${p}`).not.toMatch(/^permission\./);
      for (const p of PERMISSIONS) expect(has(`format:permission.${p.replace('.', '_')}`), `${lang} ${p}`).toBe(true);
    }
    expect(rolesWith('settings.write')).toEqual(['supervisor', 'admin']);
    expect(rolesWith('audit.read')).toEqual(['supervisor', 'auditor']);
    // Where the sites are is master data: the administrator's, not the duty officers'.
    expect(rolesWith('sites.admin')).toEqual(['admin']);
  });

  it('has words for every code of the board API in both languages', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const i18n = createI18n(lang);
      // The language's own texts, not the fallback's.
      for (const code of BOARD_ERROR_CODES) expect(i18n.exists(`errors:code.${code}`, { lng: lang, fallbackLng: [] }), `${lang} ${code}`).toBe(true);
    }
  });
});

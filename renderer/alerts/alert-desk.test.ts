import { describe, expect, it } from 'vitest';
import type { AlertView } from '../../shared/alerts/api';
import { createI18n } from '../i18n';
import {
  actorText,
  bellState,
  closeState,
  countdownText,
  escalationTargets,
  filterAlerts,
  nextDeadline,
  overdueText,
  ownerText,
  respondState,
  sortAlerts,
  subjectText,
  targetText,
  timeLeftText,
} from './alert-desk';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 3, 6, 0, 0);

function alert(over: Partial<AlertView> & { id: string }): AlertView {
  return {
    kind: 'red_request',
    level: 'red',
    subject: over.id,
    label: '中央车站广场',
    place: { lon: 11.97, lat: 57.71 },
    raisedAt: T0,
    raisedBy: 'system',
    owner: null,
    respondBy: T0 + 60 * MIN,
    closeBy: T0 + 5 * 24 * 60 * MIN,
    state: 'open',
    acknowledged: null,
    escalations: [],
    overdue: { respond: null, close: null },
    clearedAt: null,
    closed: null,
    provisional: false,
    pending: false,
    request: null,
    signal: null,
    ...over,
  };
}

const zh = createI18n('zh-CN').t;
const en = createI18n('en').t;

describe('countdowns', () => {
  it('counts down to a deadline in the officer\'s words, never rounding up', () => {
    expect(timeLeftText(zh, 4 * MIN + 59_999)).toBe('剩 04:59');
    expect(timeLeftText(zh, 0)).toBe('剩 00:00');
    expect(timeLeftText(zh, 3 * 60 * MIN + 5 * MIN + 59_000)).toBe('剩 3 小时 5 分');
    expect(timeLeftText(zh, 2 * 24 * 60 * MIN + 4 * 60 * MIN + 59 * MIN)).toBe('剩 2 天 4 小时');
    expect(timeLeftText(en, 90_000)).toBe('01:30 left');
  });

  it('says how long past a deadline in whole minutes: "超时 12 分"', () => {
    expect(overdueText(zh, 12 * MIN + 59_000)).toBe('超时 12 分');
    expect(overdueText(zh, 30_000)).toBe('超时 0 分');
    expect(overdueText(zh, 125 * MIN)).toBe('超时 2 小时 5 分');
    expect(overdueText(zh, 3 * 24 * 60 * MIN + 61 * MIN)).toBe('超时 3 天 1 小时');
    expect(overdueText(en, 12 * MIN)).toBe('12 min overdue');
  });

  it('reads each deadline from the record and the clock: none, left, over, met (late or not)', () => {
    const a = alert({ id: 'a' });
    expect(respondState(a, T0 + 10 * MIN)).toEqual({ kind: 'left', ms: 50 * MIN, deadline: T0 + 60 * MIN });
    expect(countdownText(zh, respondState(a, T0 + 72 * MIN))).toBe('超时 12 分');
    // Exactly at the deadline is not yet past it.
    expect(respondState(a, T0 + 60 * MIN).kind).toBe('left');
    expect(respondState(alert({ id: 'g', respondBy: null }), T0)).toEqual({ kind: 'none' });
    const late = alert({ id: 'b', state: 'acknowledged', acknowledged: { at: T0 + 70 * MIN, by: 'li' } });
    expect(respondState(late, T0 + 200 * MIN)).toEqual({ kind: 'met', at: T0 + 70 * MIN, deadline: T0 + 60 * MIN, late: true });
    expect(countdownText(zh, respondState(late, T0 + 200 * MIN))).toBeNull();
    // The closing deadline still runs after the acknowledgement; a closing note meets it.
    expect(closeState(late, T0 + 200 * MIN).kind).toBe('left');
    const closed = alert({ id: 'c', state: 'closed', closed: { at: T0 + 5 * MIN, by: 'li', note: '已处置' } });
    expect(closeState(closed, T0 + 9e9)).toMatchObject({ kind: 'met', late: false });
    expect(respondState(closed, T0 + 9e9)).toMatchObject({ kind: 'met', late: false });
  });
});

describe('owner and people', () => {
  const name = (u: string) => (u === 'li' ? '李警官' : u);

  it('names the owner, or the officer on duty when nobody took it yet', () => {
    expect(ownerText(zh, 'li', 'wang', name)).toBe('李警官');
    expect(ownerText(zh, 'zhao', null, name)).toBe('zhao');
    expect(ownerText(zh, null, 'li', name)).toBe('值班员 李警官');
    expect(ownerText(zh, null, null, name)).toBe('值班员');
    expect(ownerText(en, null, 'wang', name)).toBe('Officer on duty wang');
  });

  it('names the supervisor as 值班领导 and departments by their names; the watcher as 系统', () => {
    expect(targetText(zh, ['supervisor', '装备科'])).toBe('值班领导、装备科');
    expect(targetText(en, ['supervisor'])).toBe('Supervisor on duty');
    expect(escalationTargets(['装备科', '财务科'])).toEqual(['supervisor', '装备科', '财务科']);
    expect(actorText(zh, 'system', name)).toBe('系统');
    expect(actorText(zh, 'li', name)).toBe('李警官');
  });
});

describe('filter, order and the bell', () => {
  const red = alert({ id: 'red', raisedAt: T0 + 2 });
  const orange = alert({ id: 'orange', level: 'orange', respondBy: T0 + 5 * MIN });
  const yellowSooner = alert({ id: 'yellow', level: 'yellow', respondBy: T0 + MIN });
  const answered = alert({ id: 'answered', state: 'acknowledged', acknowledged: { at: T0, by: 'li' } });
  const closedOld = alert({ id: 'closed-old', state: 'closed', closed: { at: T0 + MIN, by: 'li', note: 'x' } });
  const closedNew = alert({ id: 'closed-new', level: 'green', state: 'closed', closed: { at: T0 + 9 * MIN, by: 'li', note: 'y' } });
  const all = [closedOld, yellowSooner, answered, closedNew, orange, red];

  it('未关闭 leaves out closed alerts; 全部 keeps the ones closed in the last day', () => {
    expect(filterAlerts(all, 'open').map((a) => a.id).sort()).toEqual(['answered', 'orange', 'red', 'yellow']);
    expect(filterAlerts(all, 'all')).toHaveLength(6);
  });

  it('puts the unanswered first, worst level first, then the nearest deadline; closed last, latest first', () => {
    expect(sortAlerts(all).map((a) => a.id)).toEqual(['red', 'orange', 'yellow', 'answered', 'closed-new', 'closed-old']);
    const twoReds = [alert({ id: 'later', respondBy: T0 + 30 * MIN }), alert({ id: 'sooner', respondBy: T0 + 10 * MIN })];
    expect(sortAlerts(twoReds).map((a) => a.id)).toEqual(['sooner', 'later']);
    expect(nextDeadline(answered)).toBe(answered.closeBy);
    expect(nextDeadline(closedOld)).toBeNull();
  });

  it('counts the unanswered alerts and takes the worst colour among them', () => {
    expect(bellState(all)).toEqual({ count: 3, level: 'red' });
    expect(bellState([yellowSooner, orange, answered])).toEqual({ count: 2, level: 'orange' });
    // An acknowledged red alert no longer colours the bell.
    expect(bellState([answered, closedOld])).toEqual({ count: 0, level: null });
  });
});

describe('what an alert is about', () => {
  const sites = [{ id: 'qp-01', name: '快取点01·中央车站', nameEn: 'Quick-pick 01 · Central Station' }];
  const items = [{ id: 'life-jacket', name: '救生衣', nameEn: 'Life jacket' }];
  const placeName = (label: string) => `<${label}>`;

  it('names a stock line by its site and item in the officer\'s language, whatever words the central filed', () => {
    const a = { kind: 'stock_low' as const, subject: 'qp-01/life-jacket', label: '快取点01·中央车站 救生衣' };
    expect(subjectText(a, 'en', { sites, items, placeName })).toBe('Quick-pick 01 · Central Station Life jacket');
    expect(subjectText(a, 'zh-CN', { sites, items, placeName })).toBe('快取点01·中央车站 救生衣');
    // A site or item this console does not know: the label as filed.
    expect(subjectText({ ...a, subject: 'qp-99/life-jacket' }, 'en', { sites, items, placeName })).toBe('<快取点01·中央车站 救生衣>');
  });

  it('names anything else by its label, through the place namer', () => {
    expect(subjectText({ kind: 'red_request', subject: 'r1', label: '中央车站广场' }, 'en', { sites, items, placeName })).toBe('<中央车站广场>');
  });
});

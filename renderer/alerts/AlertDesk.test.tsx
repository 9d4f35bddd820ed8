/** The alert desk's rows as an officer reads them: level in words, owner, deadlines, marks; acts by role. */
import { describe, expect, it } from 'vitest';
import type { AlertView } from '../../shared/alerts/api';
import type { BoardClient } from '../api/board-client';
import { markupText, renderAs } from '../ui/testing/render-as';
import { AlertDeskView } from './AlertDesk';
import type { AlertList } from './use-alerts';

const MIN = 60_000;
const NOW = Date.UTC(2026, 11, 3, 6, 0, 0);

const base: AlertView = {
  id: 'red_request:r1', kind: 'red_request', level: 'red', subject: 'r1', label: '中央车站广场', place: { lon: 11.97, lat: 57.71 },
  raisedAt: NOW - 72 * MIN, raisedBy: 'system', owner: null, respondBy: NOW - 12 * MIN, closeBy: NOW + 3 * 24 * 60 * MIN,
  state: 'open', acknowledged: null,
  escalations: [{ at: NOW - 11 * MIN, by: 'system', to: ['supervisor'], reason: 'overdue_respond', note: '' }],
  overdue: { respond: NOW - 12 * MIN, close: null }, clearedAt: null, closed: null,
  provisional: false, pending: false, request: { id: 'r1', deadlineAt: NOW + 20 * MIN, predictedArrivalAt: null }, signal: null,
};
const list = (alerts: AlertView[], onDuty: string | null = 'duty'): AlertList => ({ alerts, onDuty, departments: ['装备科', '财务科'], people: { duty: '李值班' }, now: NOW });
const desk = (role: 'duty' | 'wall', l: AlertList) =>
  renderAs(role, <AlertDeskView client={{} as BoardClient} sites={[]} items={[]} now={NOW} onClose={() => undefined} list={l} onActed={() => undefined} />);

describe('the alert desk', () => {
  it('says the level in words beside its colour, the kind, the place and who answers for it', () => {
    const html = desk('duty', list([base]));
    const text = markupText(html);
    expect(html).toContain('data-level="red"');
    expect(text).toContain('红色');
    expect(text).toContain('红色需求');
    expect(text).toContain('中央车站广场');
    // Nobody took it yet: the officer on duty (the signed-in duty officer's display name).
    expect(text).toContain('值班员 李值班');
    expect(text).toContain('待确认');
  });

  it('counts past the answer deadline in red, with the overdue mark on file and the automatic escalation', () => {
    const html = desk('duty', list([base]));
    const text = markupText(html);
    expect(text).toContain('超时 12 分');
    expect(html).toMatch(/class="alert-countdown alert-countdown--over"[^>]*>超时 12 分/);
    expect(html).toContain('data-testid="alert-respond-overdue"');
    expect(text).toContain('响应超时');
    expect(text).toContain('值班领导');
    expect(text).toContain('超时自动上报（未响应）');
    expect(text).toContain('剩 3 天 0 小时');
    expect(text).toMatch(/需求时限 \d\d:\d\d/);
  });

  it('marks what only this console sees and what is queued', () => {
    const text = markupText(desk('duty', list([{ ...base, provisional: true, pending: false }, { ...base, id: 'b', pending: true }])));
    expect(text).toContain('仅本机 · 未入档');
    expect(text).toContain('待上传');
  });

  it('offers the acts to the duty officer; the wall sees them disabled with who may', () => {
    const duty = desk('duty', list([base]));
    expect(duty).toMatch(/data-testid="alert-ack"(?![^>]*disabled)/);
    const wall = desk('wall', list([base]));
    expect(wall).toMatch(/<button[^>]*data-testid="alert-ack"[^>]*disabled=""/);
    expect(wall).toMatch(/<button[^>]*data-testid="alert-close"[^>]*disabled=""[^>]*title="仅/);
  });

  it('shows a closed alert with its note and without acts, only under 全部', () => {
    const closed: AlertView = { ...base, id: 'c', state: 'closed', acknowledged: { at: NOW - 60 * MIN, by: 'duty' }, closed: { at: NOW - 5 * MIN, by: 'duty', note: '已送达' } };
    const html = desk('duty', list([closed]));
    expect(html).not.toContain('data-alert-id="c"');
    expect(markupText(html)).toContain('没有未关闭的预警');
  });
});

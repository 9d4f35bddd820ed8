/**
 * The handover panel's parts, as the officer sees them: the outgoing officer never gets a
 * take-over button for their own handover (the central refuses it too: same_person), another
 * officer does, with the hash they will sign; a signed record is read-only with its hash.
 */
import { describe, expect, it } from 'vitest';
import type { BoardClient } from '../api/board-client';
import { signedHandover } from '../../shared/duty/testing/handover-sample';
import { markupText, renderAs } from '../ui/testing/render-as';
import { handoverLabel, RecordView, shortHash, TakeOver } from './HandoverPanel';
import { handoverFileName } from './print';

const record = signedHandover('白班（一组） 2026-12-03 08:00–20:00（Asia/Shanghai），2026-12-03 19:50 草拟\n\n三、预警\n  中央车站广场 红色 已确认 · 办结超时', '发电机两台待检');
const client = {} as BoardClient;
const takeOver = (me: string, role: 'duty' | 'supervisor' | 'wall' = 'duty') =>
  renderAs(role, <TakeOver client={client} record={record} me={me} timeZone="Asia/Shanghai" units={{}} onDone={() => {}} />);

describe('taking a handover over', () => {
  it('is not offered to the officer who handed it over: they are told why', () => {
    const html = takeOver('zhangwei');
    expect(html).not.toContain('handover-takeover-sign');
    expect(markupText(html)).toContain('须由另一名值班员接班');
    expect(markupText(html)).toContain('交班人与接班人不能是同一人');
  });

  it('is offered to another officer, with the text and the hash they sign', () => {
    const html = takeOver('lina');
    expect(html).toContain('data-testid="handover-takeover-sign"');
    const text = markupText(html);
    expect(text).toContain('张伟 已交班：白班（一组） 2026-12-03 08:00–20:00');
    expect(text).toContain('中央车站广场 红色 已确认 · 办结超时');
    expect(text).toContain(shortHash(record.contentHash));
    expect(html).not.toMatch(/data-testid="handover-takeover-sign"[^>]*disabled/);
  });

  it('shows a role without handover.sign who may take over instead', () => {
    const html = takeOver('wall', 'wall');
    expect(html).toMatch(/disabled=""[^>]*data-testid="handover-takeover-sign"|data-testid="handover-takeover-sign"[^>]*disabled=""/);
  });
});

describe('a signed handover', () => {
  it('reads as signed: sections, notes, the outgoing signature and the short hash, printable', () => {
    const text = markupText(renderAs('duty', <RecordView record={record} timeZone="Asia/Shanghai" units={{}} testId="r" />));
    expect(text).toContain('三、预警');
    expect(text).toContain('发电机两台待检');
    expect(text).toContain('交班人 张伟 · 2026-12-03 19:55');
    expect(text).toContain('接班人 未接班');
    expect(text).toContain(record.contentHash.slice(0, 12));
    expect(text).toContain('打印 / PDF');
  });
});

describe('the list of handovers on file', () => {
  const names = { 'unit-centrum': { name: '中心区分局', nameEn: 'Centrum district bureau' } };
  it('names the unit whose shift it was, below the city; the city’s own shift as before', () => {
    expect(handoverLabel({ ...record, id: '2026-12-03/day@unit-centrum' }, names, 'zh-CN', 'Asia/Shanghai')).toMatch(/^白班 · 一组 · 中心区分局 · /);
    expect(handoverLabel({ ...record, id: '2026-12-03/day@unit-centrum' }, names, 'en', 'Asia/Shanghai')).toContain(' · Centrum district bureau · ');
    // A unit the console has no name for is named by its id, never left out.
    expect(handoverLabel({ ...record, id: '2026-12-03/day@unit-x' }, names, 'zh-CN', 'Asia/Shanghai')).toContain(' · unit-x · ');
    expect(handoverLabel({ ...record, id: '2026-12-03/day' }, names, 'zh-CN', 'Asia/Shanghai').split(' · ')).toHaveLength(3);
  });
});

describe('a printed handover’s file', () => {
  const names = { 'unit-centrum': { name: '中心区分局', nameEn: 'Centrum district bureau' } };
  it('is named for a reader: the unit, the day in the settings’ zone, the shift and team — never the id', () => {
    const centrum = { ...record, id: '2026-12-03/day@unit-centrum' };
    const zh = handoverFileName(centrum, names, 'zh-CN', 'Asia/Shanghai');
    expect(zh).toBe('中心区分局 2026-12-03 白班 一组');
    expect(zh).not.toMatch(/[/@]/);
    expect(handoverFileName(centrum, names, 'en', 'Asia/Shanghai')).toMatch(/^Centrum district bureau 2026-12-03 /);
    // The city's own shift: no unit; a unit without a name here: its id, not nothing.
    expect(handoverFileName({ ...record, id: '2026-12-03/day' }, names, 'zh-CN', 'Asia/Shanghai')).toBe('2026-12-03 白班 一组');
    expect(handoverFileName({ ...record, id: '2026-12-03/day@unit-x' }, names, 'zh-CN', 'Asia/Shanghai')).toMatch(/^unit-x 2026-12-03 /);
  });
});

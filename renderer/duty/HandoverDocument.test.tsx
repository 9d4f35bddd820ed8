/** The printed handover shows the record as signed: its sections, notes, both signatures (or none yet) and the hash. */
import { describe, expect, it } from 'vitest';
import { draftHandover } from '../../shared/duty/handover';
import type { Handover } from '../../shared/duty/schema';
import { shanghai as at, signedHandover } from '../../shared/duty/testing/handover-sample';
import { markupText, renderAs } from '../ui/testing/render-as';
import { HandoverDocument } from './HandoverDocument';

const draft = draftHandover(
  {
    shift: { id: 'day', name: '白班', team: '一组', start: at('2026-12-03T08:00:00'), end: at('2026-12-03T20:00:00') },
    now: at('2026-12-03T19:50:00'),
    timeZone: 'Asia/Shanghai',
    requests: [],
    dispatches: [],
    alerts: [],
    outages: [{ from: at('2026-12-03T14:02:00'), to: at('2026-12-03T14:40:00'), queued: 12 }],
    drills: [],
    vehiclesOut: [],
    assetsOut: [],
    stockBelowSafety: [{ site: '东区区域库', item: '救生衣', quantity: 40, safetyLevel: 100 }],
    figures: { dispatches: 3, delivered: 2, avgS: 1680, p90S: 2820, onTimeShare: 0.5 },
    names: { items: {}, vehicles: {} },
  },
  'zh-CN',
).text;
const notes = '请接班同志 20:05 前电话确认城东派出所救生衣到达。\n发电机两台在中心库待检。';

const record = signedHandover(draft, notes);

const render = (r: Handover, language: 'zh-CN' | 'en' = 'zh-CN') => renderAs('duty', <HandoverDocument record={r} timeZone="Asia/Shanghai" />, language);

describe('the handover document', () => {
  it('shows the shift, every section of the signed draft, the notes and the hash', () => {
    const text = markupText(render(record));
    expect(text).toContain('交接班记录');
    expect(text).toContain('班次 白班');
    expect(text).toContain('班组 一组');
    expect(text).toContain('时段 2026-12-03 08:00 – 2026-12-03 20:00');
    expect(text).toContain('编号 2026-12-03/day');
    for (const title of ['一、未结需求', '二、本班超时', '三、预警', '四、链路中断与演练', '五、停用车辆与装备', '六、低于安全库存', '七、本班调拨指标']) expect(text).toContain(title);
    expect(text).toContain('链路中断 14:02–14:40，38 分钟 · 期间排队 12 条指令');
    expect(text).toContain('东区区域库 · 救生衣 40，安全线 100，缺 60');
    expect(render(record)).toContain(`<p class="handover-doc__notes">${notes}</p>`);
    expect(text).toContain(record.contentHash);
  });

  it('says who handed over and when, and that nobody has taken over yet', () => {
    const text = markupText(render(record));
    expect(text).toContain('交班人 张伟（zhangwei） 签于 2026-12-03 19:55');
    expect(text).toContain('接班人 未接班');
    expect(markupText(render(record, 'en'))).toContain('Taken over by not yet taken over');
  });

  it('shows the incoming signature once taken over', () => {
    const taken = { ...record, incoming: { username: 'lina', displayName: '李娜', at: at('2026-12-03T20:02:00') } };
    const text = markupText(render(taken));
    expect(text).toContain('接班人 李娜（lina） 签于 2026-12-03 20:02');
    expect(text).not.toContain('未接班');
  });

  it('keeps a draft that is not in the layout whole, rather than drop any of it', () => {
    const odd = { ...record, draft: '手写交接：\n\n  一切正常' };
    expect(markupText(render(odd))).toContain('手写交接： 一切正常');
  });
});

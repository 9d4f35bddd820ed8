/** The duty settings form: what it sends is what it shows, and what is wrong is said in the officer's words as typed. */
import { describe, expect, it } from 'vitest';
import { checkDutyConfig } from '../../shared/duty/config-check';
import { DEFAULT_DUTY_CONFIG } from '../../shared/duty/defaults';
import { createI18n } from '../i18n';
import { configOf, DOCUMENT_VALUES, formOf, minutesText, problemText } from './DutySettingsPanel';

const zh = createI18n('zh-CN').t;
const en = createI18n('en').t;

describe('duty settings form', () => {
  it('gives back the settings it was given', () => {
    expect(configOf(formOf(DEFAULT_DUTY_CONFIG))).toEqual(DEFAULT_DUTY_CONFIG);
  });

  it('reads an empty limit as none and a cleared class deadline as a problem', () => {
    const f = formOf(DEFAULT_DUTY_CONFIG);
    f.levels.orange.respondMin = '';
    f.classes.public_help = '0';
    const c = checkDutyConfig(configOf(f));
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.problems.map((p) => [p.path, p.code])).toEqual([['classes.public_help', 'limit_not_positive']]);
  });

  it('names a gap in the shifts by its times before saving', () => {
    const f = formOf(DEFAULT_DUTY_CONFIG);
    f.shifts[0]!.end = '19:00';
    f.shifts[1]!.start = '21:00';
    const c = checkDutyConfig(configOf(f));
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.problems.map((p) => problemText(zh, p))).toEqual(['19:00–21:00 不在任何班次']);
    expect(c.problems.map((p) => problemText(en, p))).toEqual(['19:00–21:00 is in no shift']);
  });

  it('names an overlap, and words every problem code', () => {
    const f = formOf(DEFAULT_DUTY_CONFIG);
    f.shifts[0]!.end = '21:00';
    const c = checkDutyConfig(configOf(f));
    expect(!c.ok && c.problems.map((p) => problemText(zh, p))).toEqual(['20:00–21:00 同时属于多个班次']);
    for (const code of ['invalid', 'limit_not_positive', 'shift_time_invalid', 'shift_zero_length', 'shift_duplicate_id', 'team_duplicate', 'time_zone_unknown', 'respond_after_close', 'rotation_date_invalid'] as const) {
      expect(problemText(zh, { code, path: 'x', message: '' })).not.toContain('settings.problem');
    }
  });

  it("marks the documents' values: red 1 h / 5 days, yellow 24 h, public help 8 min, emergency 30 min", () => {
    expect(Object.fromEntries(Object.entries(DOCUMENT_VALUES).map(([k, v]) => [k, minutesText(zh, v)]))).toEqual({
      'levels.red.respondMin': '1 小时',
      'levels.red.closeMin': '5 天',
      'levels.yellow.closeMin': '24 小时',
      'classes.public_help': '8 分钟',
      'classes.emergency': '30 分钟',
    });
    for (const [path, value] of Object.entries(DOCUMENT_VALUES)) {
      const [group, a, b] = path.split('.');
      const actual = group === 'levels' ? DEFAULT_DUTY_CONFIG.levels[a as 'red'][b as 'closeMin'] : DEFAULT_DUTY_CONFIG.classes[a as 'emergency'];
      expect(actual, path).toBe(value);
    }
  });
});

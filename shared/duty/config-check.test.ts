import { describe, expect, it } from 'vitest';
import { checkDutyConfig, DUTY_CONFIG_PROBLEMS } from './config-check';
import { DEFAULT_DUTY_CONFIG } from './defaults';
import type { DutyConfig } from './schema';

const D = DEFAULT_DUTY_CONFIG;
const shift = (id: string, start: string, end: string) => ({ id, name: id, start, end });
const problemsOf = (raw: unknown) => {
  const r = checkDutyConfig(raw);
  return r.ok ? [] : r.problems;
};

describe('duty configuration check', () => {
  it.each([
    ['the defaults', D],
    ['one 24-hour shift from 08:00', { ...D, shifts: [shift('all', '08:00', '08:00')] }],
    ['three shifts out of order', { ...D, shifts: [shift('late', '16:00', '00:00'), shift('early', '00:00', '08:00'), shift('mid', '08:00', '16:00')] }],
    ['shifts at odd minutes', { ...D, shifts: [shift('a', '07:45', '19:15'), shift('b', '19:15', '07:45')] }],
    ['a level answered as late as it is closed', { ...D, levels: { ...D.levels, yellow: { respondMin: 60, closeMin: 60 } } }],
    ['UTC', { ...D, timeZone: 'UTC' }],
  ])('accepts %s', (_, raw) => {
    const r = checkDutyConfig(raw);
    expect(r.ok ? [] : r.problems).toEqual([]);
  });

  it.each<[string, (c: DutyConfig) => unknown, { path: string; code: string; message: string }[]]>([
    ['a gap between shifts', (c) => ({ ...c, shifts: [shift('day', '08:00', '20:00'), shift('night', '21:00', '08:00')] }), [{ path: 'shifts', code: 'shift_gap', message: '20:00–21:00 is in no shift' }]],
    [
      'a gap across midnight, named as one',
      (c) => ({ ...c, shifts: [shift('day', '08:00', '20:00'), shift('evening', '20:00', '23:00'), shift('small', '01:00', '08:00')] }),
      [{ path: 'shifts', code: 'shift_gap', message: '23:00–01:00 is in no shift' }],
    ],
    [
      'an overlap, with the shifts in it',
      (c) => ({ ...c, shifts: [shift('day', '08:00', '20:30'), shift('night', '20:00', '08:00')] }),
      [{ path: 'shifts', code: 'shift_overlap', message: '20:00–20:30 is in more than one shift (day, night)' }],
    ],
    [
      'a gap and an overlap together',
      (c) => ({ ...c, shifts: [shift('a', '00:00', '09:00'), shift('b', '08:00', '16:00'), shift('c', '17:00', '00:00')] }),
      [
        { path: 'shifts', code: 'shift_overlap', message: '08:00–09:00 is in more than one shift (a, b)' },
        { path: 'shifts', code: 'shift_gap', message: '16:00–17:00 is in no shift' },
      ],
    ],
    [
      'two shifts each of 24 hours',
      (c) => ({ ...c, shifts: [shift('a', '08:00', '20:00'), shift('b', '08:00', '20:00')] }),
      [
        { path: 'shifts', code: 'shift_overlap', message: '08:00–20:00 is in more than one shift (a, b)' },
        { path: 'shifts', code: 'shift_gap', message: '20:00–08:00 is in no shift' },
      ],
    ],
    [
      'a shift of zero length beside others',
      (c) => ({ ...c, shifts: [shift('day', '08:00', '20:00'), shift('night', '20:00', '08:00'), shift('blink', '12:00', '12:00')] }),
      [{ path: 'shifts.2', code: 'shift_zero_length', message: 'shift "blink" starts and ends at 12:00: it has no length (only a lone shift may run the whole 24 hours)' }],
    ],
    [
      'a duplicate shift id',
      (c) => ({ ...c, shifts: [shift('day', '08:00', '20:00'), shift('day', '20:00', '08:00')] }),
      [{ path: 'shifts.1.id', code: 'shift_duplicate_id', message: 'shift id "day" is used by shifts 1 and 2' }],
    ],
    ['a duplicate team', (c) => ({ ...c, teams: ['一组', '二组', ' 一组 '] }), [{ path: 'teams.2', code: 'team_duplicate', message: 'team "一组" is listed twice (1 and 3)' }]],
    [
      'an unknown time zone',
      (c) => ({ ...c, timeZone: 'Asia/Beijing' }),
      [{ path: 'timeZone', code: 'time_zone_unknown', message: 'time zone "Asia/Beijing" is not known: an IANA name such as Asia/Shanghai' }],
    ],
    [
      'a level answered after it is closed',
      (c) => ({ ...c, levels: { ...c.levels, orange: { respondMin: 120, closeMin: 60 } } }),
      [{ path: 'levels.orange', code: 'respond_after_close', message: 'orange: answered within 120 min but closed within 60 min: the answer cannot be due after the close' }],
    ],
    [
      'a deadline of zero minutes',
      (c) => ({ ...c, levels: { ...c.levels, red: { respondMin: 0, closeMin: 60 } } }),
      [{ path: 'levels.red.respondMin', code: 'limit_not_positive', message: 'levels.red.respondMin: a time limit must be at least one minute (0 given); leave it empty for none where none is allowed' }],
    ],
    [
      'a class deadline below zero',
      (c) => ({ ...c, classes: { ...c.classes, public_help: -8 } }),
      [{ path: 'classes.public_help', code: 'limit_not_positive', message: 'classes.public_help: a time limit must be at least one minute (-8 given); leave it empty for none where none is allowed' }],
    ],
    [
      'a time of day that is not one',
      (c) => ({ ...c, shifts: [shift('day', '08:00', '24:00'), shift('night', '20:00', '08:00')] }),
      [{ path: 'shifts.0.end', code: 'shift_time_invalid', message: 'shifts.0.end: a time of day as HH:MM, 00:00 to 23:59 ("24:00" given)' }],
    ],
    ['a rotation date that is not a date', (c) => ({ ...c, rotationFrom: '2026-02-30' }), [{ path: 'rotationFrom', code: 'rotation_date_invalid', message: 'rotationFrom: 2026-02-30 is not a calendar date' }]],
  ])('refuses %s', (_, change, want) => {
    expect(problemsOf(change(D))).toEqual(want);
  });

  it('reports the schema problems it cannot name with the schema message', () => {
    const problems = problemsOf({ ...D, shifts: [], extra: 1 });
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['shifts', 'invalid'],
      ['', 'invalid'],
    ]);
    expect(problemsOf(null)).toEqual([{ path: '', code: 'invalid', message: expect.any(String) }]);
  });

  it('uses only codes the renderer knows', () => {
    const bad = [
      { ...D, shifts: [shift('a', '00:00', '09:00'), shift('a', '08:00', '00:00'), shift('z', '05:00', '05:00')], teams: ['x', 'x'], timeZone: 'Nowhere', rotationFrom: '2026-13-01', levels: { ...D.levels, red: { respondMin: 10, closeMin: 5 } } },
      { ...D, classes: { emergency: 0, public_help: 8, routine: 1.5 } },
    ];
    const codes = bad.flatMap(problemsOf).map((p) => p.code);
    expect(codes.length).toBeGreaterThan(6);
    for (const c of codes) expect(DUTY_CONFIG_PROBLEMS).toContain(c);
  });
});

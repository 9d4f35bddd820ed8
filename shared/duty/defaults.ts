import type { DutyConfig } from './schema';

/**
 * The division's documents' values, as the defaults a supervisor may change:
 * - a red (severe) matter is answered within 1 hour and closed within 5 days (it involves 3 departments);
 * - a yellow (attention) matter is closed within 24 hours;
 * - help requests from the public are answered within 8 minutes; emergency supply arrives within 30.
 * Where the documents are silent (orange's limits, yellow's answer, the thresholds) the values
 * are ours, chosen between their neighbours, and said so in the settings.
 */
export const DEFAULT_DUTY_CONFIG: DutyConfig = {
  levels: {
    red: { respondMin: 60, closeMin: 5 * 24 * 60 },
    orange: { respondMin: 60, closeMin: 3 * 24 * 60 },
    yellow: { respondMin: 4 * 60, closeMin: 24 * 60 },
    green: { respondMin: null, closeMin: null },
  },
  rules: {
    /** Threshold: minutes before the deadline (red at once when a vehicle's live arrival is past it). */
    deadline_risk: { enabled: true, level: 'orange', threshold: 5 },
    deadline_missed: { enabled: true, level: 'red', threshold: null },
    red_request: { enabled: true, level: 'red', threshold: null },
    /** Threshold: minutes without a position report from a vehicle in service. */
    vehicle_silent: { enabled: true, level: 'yellow', threshold: 10 },
    /** Threshold: minutes the link to the central has been down. */
    link_down: { enabled: true, level: 'orange', threshold: 5 },
    /** Below the stock line's safety level (no threshold: the line carries its own). */
    stock_low: { enabled: true, level: 'yellow', threshold: null },
    /** Threshold: the readiness target in per cent, per asset class (the division's 装备完好率 ≥ 98%). */
    readiness_low: { enabled: true, level: 'orange', threshold: 98 },
    /** Threshold: days before a battery's projected red line. */
    battery_red_line: { enabled: true, level: 'yellow', threshold: 30 },
  },
  classes: { emergency: 30, public_help: 8, routine: 240 },
  departments: ['装备科', '后勤保障科', '指挥中心', '财务科'],
  shifts: [
    { id: 'day', name: '白班', start: '08:00', end: '20:00' },
    { id: 'night', name: '夜班', start: '20:00', end: '08:00' },
  ],
  teams: ['一组', '二组', '三组', '四组'],
  rotationFrom: '2026-01-01',
  timeZone: 'Asia/Shanghai',
};

/** A red matter involves this many departments (the documents' rule, shown on the alert). */
export const RED_DEPARTMENTS = 3;

import { DEFAULT_DUTY_CONFIG } from '../../duty/defaults';
import { handoverContentHash } from '../../duty/handover';
import type { CommandType, PayloadOf } from '../registry';

/**
 * A sample payload for every command (tests only): the registry tests exercise each
 * module's parts with it, the renderer's tests its words. A command without one fails them.
 */
export const REQ = '11111111-1111-4111-8111-111111111111';
export const DISP = '22222222-2222-4222-8222-222222222222';
export const samples: { [T in CommandType]: PayloadOf<T> } = {
  'vehicle.setStatus': { vehicleId: 'veh-001', status: 'maintenance' },
  'vehicle.recordService': { vehicleId: 'veh-001', odometerKm: 61_250 },
  'vehicle.setServiceInterval': { vehicleId: 'veh-001', intervalKm: 15_000, intervalMonths: 12 },
  'stock.adjust': { siteId: 'qp-01', itemId: 'helmet', delta: -3, reason: '发放' },
  'request.create': {
    request: { id: REQ, destination: { lon: 11.97, lat: 57.7, label: '林奈广场' }, items: [{ itemId: 'helmet', quantity: 2 }], priority: 'red', requester: '', note: '', createdAt: 1, deadlineAt: 1_800_001 },
  },
  'dispatch.create': {
    dispatch: { id: DISP, requestId: REQ, vehicleId: 'veh-001', pickups: [{ siteId: 'qp-01', itemId: 'helmet', quantity: 2 }], siteIds: ['qp-01'], predictedArrivalAt: 600_000, createdAt: 1 },
  },
  'dispatch.confirmPickup': { dispatchId: DISP, at: 5 },
  'dispatch.confirmDelivery': { dispatchId: DISP, at: 6 },
  'request.cancel': { requestId: REQ, reason: '需求撤销' },
  'dispatch.cancel': { dispatchId: DISP, reason: '改派' },
  'request.escalate': { requestId: REQ, reason: 'no_plan_in_time', note: '区内无按时方案' },
  'dispatch.approve': { dispatchId: DISP, note: '同意' },
  'dispatch.refuse': { dispatchId: DISP, note: '市局储备另有用途' },
  'site.move': { siteId: 'qp-01', lon: 11.9702, lat: 57.7081 },
  'site.place': { siteId: 'qp-new-01', kind: 'quickpick', name: '快取点（新）', nameEn: 'Quick-pick (new)', address: '', lon: 11.95, lat: 57.7 },
  'asset.step': { assetId: 'as-000001', step: 'issue', holder: '王伟', note: '巡逻领用' },
  'repair.file': { repairId: 'rp-0001', target: { kind: 'asset', id: 'as-000001' }, kind: 'repair', reason: '屏幕破裂' },
  'repair.decide': { repairId: 'rp-0001', approve: true, note: '同意送修' },
  'repair.close': { repairId: 'rp-0001', note: '修复' },
  'asset.cycles': { assetId: 'as-000001', readings: [{ at: 1, cycles: 12 }, { at: 2, cycles: 14 }], source: '飞行日志.csv' },
  'asset.flights': { assetId: 'as-000001', days: [{ day: '2026-11-01', flights: 3 }, { day: '2026-11-02', flights: 1 }], source: '飞行架次.csv' },
  'climate.record': { siteId: 'depot-central', readings: [{ at: 1, tempC: 21.5, humidity: 48 }], source: '中心库温湿度.csv' },
  'alert.acknowledge': { alertId: `red_request:${REQ}`, signal: { id: `red_request:${REQ}`, kind: 'red_request', level: 'red', subject: REQ, label: '林奈广场', place: { lon: 11.97, lat: 57.7 }, since: 1 } },
  'alert.escalate': { alertId: `red_request:${REQ}`, to: ['supervisor', '装备科'], note: '请领导决定' },
  'alert.close': { alertId: `red_request:${REQ}`, note: '已处置' },
  'duty.configure': { config: DEFAULT_DUTY_CONFIG },
  'handover.sign': {
    handover: { id: '2026-12-03/day', shiftStart: 1, shiftEnd: 2, shiftName: '白班', team: '一组', draft: '交接班记录', notes: '无', contentHash: handoverContentHash('交接班记录', '无') },
  },
  'handover.takeOver': { handoverId: '2026-12-03/day', contentHash: handoverContentHash('交接班记录', '无') },
  'drill.start': { drill: { id: '33333333-3333-4333-8333-333333333333', startedAt: 1, workstation: 'ws-01', note: '季度断网演练' } },
  'drill.finish': { drillId: '33333333-3333-4333-8333-333333333333', endedAt: 2, queued: 3, result: 'reconciled' },
};


import { randomUUID } from 'node:crypto';
import { BoardError, type assetsMethods, type BoardErrorCode, type CodeKind } from '../../../shared/board-api';
import type { ApplyResult } from '../../../shared/commands/module';
import { commandModule, type CommandType, type PayloadOf } from '../../../shared/commands/registry';
import { inService, stepsFrom } from '../../../shared/assets/lifecycle';
import { batteryReport } from '../../../shared/assets/battery';
import { flownRates, localDay, rateWindowStart } from '../../../shared/assets/flight-days';
import { DAY_MS, readinessFromGroups, type AssetGroup } from '../../../shared/assets/readiness';
import { epcCode, qrCode, type Asset, type AssetClass, type AssetType, type Repair } from '../../../shared/assets/schema';
import { isOpenRepair } from '../../../shared/assets/commands/repair-rules';
import { ack, type CommandIssuer } from '../commands/issue';
import type { Db } from '../store/database';
import type { Outbox } from '../store/outbox';
import { readCursor, readReplaceCount, type ReplicaReader } from '../store/replica';
import { createBoardView } from '../store/view';
import type { NeighbourJudge } from '../scope/neighbours';
import type { HandlersOf } from '../board/handler-types';
import { createReadinessReports } from './readiness-reports';
import { createCyclesHandlers } from './cycles-handlers';
import { createStocktakeHandlers } from './stocktake-handlers';

/** How a scanned code looks: a QR label, an EPC, else a serial. */
export function codeKind(code: string): CodeKind {
  if (qrCode.safeParse(code).success) return 'qr';
  if (epcCode.safeParse(code.toUpperCase()).success) return 'epc';
  return 'serial';
}

/** A command's refusal (its module's code) as the board's error, before anything is queued. */
const STEP_CODES = new Set(['illegal_step', 'needs_site', 'needs_holder', 'same_site', 'needs_approval']);
const ERROR_OF: Record<string, BoardErrorCode> = {
  not_found: 'not_found', unknown_site: 'not_found', repair_open: 'repair_open', repair_decided: 'repair_decided', duplicate: 'repair_exists',
  vehicle_busy: 'vehicle_busy', not_in_repair: 'repair_not_in_repair',
};

/**
 * The readiness ledger on the board: finding an asset by a scanned code, its record, the
 * ledger as a virtualised list, repair requests, readiness, a site's stock-take; and the officers'
 * actions on it (lifecycle steps, stock-take corrections, repair requests and decisions), each checked against what the board
 * shows by the command's own rules before it is queued.
 */
export function createAssetsHandlers(d: {
  db: Db;
  replica: ReplicaReader;
  outbox: Outbox;
  commands: CommandIssuer;
  /** Which vehicles are a neighbouring unit's (shown faded, never counted as the console's own). */
  neighbours?: NeighbourJudge;
  /** The board's clock (tests fix it). */
  now?: () => number;
}): HandlersOf<typeof assetsMethods> {
  const view = () => createBoardView(d.replica, d.outbox.unreflected());
  const now = d.now ?? Date.now;
  /** One battery's health by the readiness view's model (readiness-reports.ts): its site's storage, its recent flights a day. */
  const batteryOf = (v: ReturnType<typeof view>, asset: Asset, at: number) => {
    const type = v.tx.get('asset_type', asset.typeId);
    if (type?.class !== 'drone_battery' || !inService(asset.state)) return null;
    const from = rateWindowStart(at);
    const to = localDay(at);
    const window = v.tx.where('battery_day', 'asset_id', asset.id).filter((x) => x.day >= from && x.day <= to);
    const flown = flownRates(window, at);
    const days = window.filter((x) => x.flights !== null && x.flights > 0);
    const climate = asset.siteId ? v.tx.where('climate_reading', 'site_id', asset.siteId) : [];
    const b = batteryReport([asset], [type], at, { climate, flown }).all[0]!;
    const logged = days.map((x) => x.day).sort();
    return {
      health: b.health,
      aged: b.aged,
      cyclesPerDay: b.cyclesPerDay,
      flown: flown.has(asset.id) ? { days: days.length, flights: days.reduce((n, x) => n + x.flights!, 0), from: logged[0]!, to: logged[logged.length - 1]! } : null,
      endOfLifeAt: Number.isFinite(b.daysToEndOfLife) ? Math.round(at + b.daysToEndOfLife * DAY_MS) : null,
      storageAssumed: b.storage.assumed,
    };
  };
  const reports = createReadinessReports({ db: d.db, replica: d.replica, view, neighbours: d.neighbours, now });
  const stocktake = createStocktakeHandlers({ db: d.db, view, commands: d.commands, now });
  const cycles = createCyclesHandlers({ replica: d.replica, view, commands: d.commands, now });
  const idsOfClass = d.db.prepare<[string], { key: string }>('SELECT key FROM asset_type WHERE asset_class = ?');
  const groups = d.db.prepare<[], AssetGroup>('SELECT type_id, site_id, state, COUNT(*) AS n FROM asset GROUP BY type_id, site_id, state');
  let mirror: { key: string; types: AssetType[]; groups: AssetGroup[] } | null = null;
  const pendingAssets = (v: ReturnType<typeof view>): Map<string, Asset> => {
    const out = new Map<string, Asset>();
    for (const id of v.touched('asset')) {
      const a = v.tx.get('asset', id);
      if (a) out.set(id, a);
    }
    return out;
  };

  /** Runs a command's rules on a throwaway layer of the view: its refusal as a BoardError naming why. */
  const check = <T extends CommandType>(type: T, payload: PayloadOf<T>): void => {
    const v = view();
    const r: ApplyResult = commandModule(type).apply(v.tx, payload as never, { at: Date.now(), by: 'check' });
    if (r.ok) return;
    if (STEP_CODES.has(r.code)) {
      const p = payload as PayloadOf<'asset.step'>;
      const asset = v.tx.get('asset', p.assetId);
      throw new BoardError('step_refused', r.reason, { why: r.code, step: p.step, asset: asset?.qr ?? p.assetId, state: asset?.state ?? '' });
    }
    throw new BoardError(ERROR_OF[r.code] ?? 'bad_request', r.reason, { code: r.code });
  };
  const again = (commandId: string | undefined, type: CommandType) => {
    const prior = d.commands.prior(commandId);
    return prior && prior.type === type ? prior : null;
  };

  return {
    'asset.find': (_ctx, { code }) => {
      const kind = codeKind(code);
      const v = view();
      const byColumn = (column: 'qr' | 'epc' | 'serial', value: string) => {
        const rows = d.replica.where('asset', column, value);
        // A queued step shows at once: the asset as the board shows it.
        return rows.length ? (v.tx.get('asset', rows[0]!.id) ?? rows[0]!) : undefined;
      };
      const tries: [CodeKind, string][] = kind === 'qr' ? [['qr', code]] : kind === 'epc' ? [['epc', code.toUpperCase()], ['serial', code]] : [['serial', code]];
      for (const [column, value] of tries) {
        const asset = byColumn(column, value);
        if (asset) return { asset, matched: column };
      }
      throw new BoardError('asset_not_found', `no asset with the ${kind} '${code}'`, { code, looksLike: kind });
    },
    'asset.detail': (_ctx, { assetId }) => {
      const v = view();
      const asset = v.tx.get('asset', assetId);
      if (!asset) throw new BoardError('not_found', `no asset '${assetId}'`, { asset: assetId });
      const timeline = v.tx.where('asset_event', 'asset_id', assetId).sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
      const requests = v.tx.where('repair', 'target_id', assetId).filter((r) => r.target.kind === 'asset' && isOpenRepair(r)).sort((a, b) => b.filedAt - a.filedAt);
      return {
        asset,
        type: v.tx.get('asset_type', asset.typeId) ?? null,
        site: asset.siteId ? (v.site(asset.siteId) ?? null) : null,
        timeline,
        requests,
        steps: stepsFrom(asset.state),
        battery: batteryOf(v, asset, now()),
      };
    },
    'asset.list': (_ctx, { class: cls, siteId, state, offset, limit }) => {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (cls) {
        const types = idsOfClass.all(cls).map((r) => r.key);
        if (types.length === 0) return { total: 0, offset, assets: [] };
        where.push(`type_id IN (${types.map(() => '?').join(',')})`);
        params.push(...types);
      }
      if (siteId) {
        where.push('site_id = ?');
        params.push(siteId);
      }
      if (state) {
        where.push('state = ?');
        params.push(state);
      }
      const sql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
      const total = (d.db.prepare(`SELECT COUNT(*) AS n FROM asset${sql}`).get(...params) as { n: number }).n;
      const rows = (d.db.prepare(`SELECT row FROM asset${sql} ORDER BY key LIMIT ? OFFSET ?`).all(...params, limit, offset) as { row: string }[]).map((r) => JSON.parse(r.row) as Asset);
      // Queued steps laid over the page: an asset a queued step takes out of the filter leaves it.
      const pending = pendingAssets(view());
      if (pending.size === 0) return { total, offset, assets: rows };
      const typeClass = (typeId: string): AssetClass | undefined => d.replica.get('asset_type', typeId)?.class;
      const matches = (a: Asset) => (!cls || typeClass(a.typeId) === cls) && (!siteId || a.siteId === siteId) && (!state || a.state === state);
      return { total, offset, assets: rows.map((a) => pending.get(a.id) ?? a).filter(matches) };
    },
    'repairs.list': (_ctx, { status }) => {
      const v = view();
      const statuses = status ? [status] : (['filed', 'approved', 'in_repair'] as const);
      const rows = new Map<string, Repair>();
      for (const s of statuses) for (const r of v.tx.where('repair', 'status', s)) rows.set(r.id, r);
      return { repairs: [...rows.values()].sort((a, b) => b.filedAt - a.filedAt).slice(0, 1000) };
    },
    'readiness.summary': () => {
      const v = view();
      // The mirror's counts change only when a pull moves the cursor or a table is replaced
      // wholesale (a reconciliation): grouped once per those (the GROUP BY over 90,000 rows was
      // most of the call), the board's queued steps laid over.
      const key = `${readCursor(d.db)}#${readReplaceCount(d.db)}`;
      if (!mirror || mirror.key !== key) mirror = { key, types: d.replica.all('asset_type'), groups: groups.all() };
      // Counted from the groups (type, site, state), not 90,000 rows parsed.
      const index = readinessFromGroups(mirror.types, mirror.groups);
      for (const [id, shown] of pendingAssets(v)) index.apply(d.replica.get('asset', id) ?? null, shown);
      return { overall: index.overall(), byClass: index.byClass(), bySite: index.bySite() };
    },
    ...reports,
    'asset.types': () => ({ types: d.replica.all('asset_type') }),
    ...stocktake,
    ...cycles,
    'asset.step': (ctx, { commandId, ...p }) => {
      const prior = again(commandId, 'asset.step');
      if (prior) return ack(prior);
      check('asset.step', p);
      return ack(d.commands.issue(ctx, 'asset.step', p, commandId));
    },
    'repair.file': (ctx, { commandId, repairId, ...p }) => {
      const prior = again(commandId, 'repair.file');
      if (prior) return { ...ack(prior), repairId: (prior.payload as PayloadOf<'repair.file'>).repairId };
      const payload = { repairId: repairId ?? `rp-${randomUUID()}`, ...p };
      check('repair.file', payload);
      return { ...ack(d.commands.issue(ctx, 'repair.file', payload, commandId)), repairId: payload.repairId };
    },
    'repair.decide': (ctx, { commandId, ...p }) => {
      const prior = again(commandId, 'repair.decide');
      if (prior) return ack(prior);
      check('repair.decide', p);
      return ack(d.commands.issue(ctx, 'repair.decide', p, commandId));
    },
    'repair.close': (ctx, { commandId, ...p }) => {
      const prior = again(commandId, 'repair.close');
      if (prior) return ack(prior);
      check('repair.close', p);
      return ack(d.commands.issue(ctx, 'repair.close', p, commandId));
    },
    'climate.import': (ctx, { source, chunks }) => {
      // Every chunk checked (a site the board does not know, a reading from the future) before any
      // is queued, then all queued together; one queued already (the file sent again) is the
      // outbox's to answer with itself.
      const list = chunks.map((c) => ({ type: 'climate.record' as const, id: c.commandId, payload: { siteId: c.siteId, readings: c.readings, source } }));
      for (const c of list) if (!again(c.id, 'climate.record')) check('climate.record', c.payload);
      const commands = d.commands.issueMany(ctx, list);
      return { commands: commands.map(ack), readings: chunks.reduce((n, c) => n + c.readings.length, 0), sites: new Set(chunks.map((c) => c.siteId)).size };
    },
  };
}

import { BoardError, type assetsMethods, type MethodResult } from '../../../shared/board-api';
import { commandModule, type PayloadOf } from '../../../shared/commands/registry';
import { CYCLE_READINGS_PER_COMMAND } from '../../../shared/assets/commands/asset-cycles';
import { applyFlights, lastCounter } from '../../../shared/assets/flight-days';
import { problemList } from '../../../shared/assets/import-files';
import { MAX_CYCLES_PER_DAY, type Asset } from '../../../shared/assets/schema';
import { ack, type CommandIssuer } from '../commands/issue';
import type { HandlersOf } from '../board/handler-types';
import type { ReplicaReader } from '../store/replica';
import type { BoardView } from '../store/view';

type Cycles = Pick<HandlersOf<typeof assetsMethods>, 'cycles.check' | 'cycles.import' | 'flights.check' | 'flights.import'>;

/**
 * A flight log's cycle counts into the ledger (issue 13: the count the division's old warning
 * model left out), from either kind of log: the battery's own counter by date, or the flights it
 * flew each day. `cycles.check` / `flights.check` match the file's batteries against the ledger as
 * the board shows it and answer the commands they would take (for flights a day, with what each
 * battery's count would become: shared/assets/flight-days.ts), or the rows that match nothing;
 * `cycles.import` / `flights.import` queue them — every one checked by the command's own rules
 * first, all in one transaction.
 */
export function createCyclesHandlers(d: { replica: ReplicaReader; view: () => BoardView; commands: CommandIssuer; now: () => number }): Cycles {
  /** A file's battery by its QR code or serial, as the board shows it; one that is not in the ledger, or not a drone battery, is a problem of its row. */
  const batteryFinder = (v: BoardView, add: (row: number, message: string) => void) => {
    const found = new Map<string, Asset | null>();
    const lookup = (by: 'qr' | 'serial', code: string): Asset | null => {
      const key = `${by}:${code}`;
      let a = found.get(key);
      if (a === undefined) {
        const hit = d.replica.where('asset', by, code)[0];
        a = hit ? (v.tx.get('asset', hit.id) ?? hit) : null;
        found.set(key, a);
      }
      return a;
    };
    return (r: { row: number; battery: string; by: 'qr' | 'serial' }): Asset | null => {
      const asset = lookup(r.by, r.battery);
      if (!asset) {
        add(r.row, `battery ${r.battery} is not in the ledger (by its ${r.by === 'qr' ? 'QR code' : 'serial'})`);
        return null;
      }
      const type = v.tx.get('asset_type', asset.typeId);
      if (type?.class !== 'drone_battery') {
        add(r.row, `${r.battery} (${asset.qr}) is ${type ? `a ${type.nameEn}` : 'of an unknown type'}, not a drone battery`);
        return null;
      }
      return asset;
    };
  };
  /** A file with problems: nothing to import (the renderer refuses the whole file), the problems named by row. */
  const refused = (p: ReturnType<typeof problemList>) => ({ chunks: [], problems: p.list, more: p.total - p.list.length, batteries: 0, types: [] });
  const typesOf = (chunks: readonly { typeId: string }[]) => {
    const typeIds = new Set(chunks.map((c) => c.typeId));
    return d.replica
      .all('asset_type')
      .filter((t) => typeIds.has(t.id))
      .map((t) => ({ id: t.id, class: t.class, name: t.name, nameEn: t.nameEn }));
  };
  /** Every run checked before any is queued, each on top of those before it, by the command's own rule. */
  const checkAll = <T extends 'asset.cycles' | 'asset.flights'>(type: T, list: readonly { id?: string; payload: PayloadOf<T> }[]) => {
    const v = d.view();
    const rule = commandModule(type);
    for (const c of list) {
      // One queued already (the same file confirmed again after a lost answer) is the outbox's to answer with itself.
      if (c.id !== undefined && d.commands.prior(c.id)?.type === type) continue;
      const r = rule.apply(v.tx, c.payload, { at: d.now(), by: 'check' });
      if (!r.ok) throw new BoardError(r.code === 'not_found' ? 'not_found' : 'bad_request', r.reason, { code: r.code, asset: c.payload.assetId });
    }
  };
  return {
    'cycles.check': (_ctx, { rows }) => {
      const v = d.view();
      const problems = problemList();
      const add = (row: number, message: string) => problems.add(row, null, message);
      const byAsset = new Map<string, { asset: Asset; readings: { row: number; at: number; day: string; cycles: number }[] }>();
      const battery = batteryFinder(v, add);
      for (const r of rows) {
        const asset = battery(r);
        if (!asset) continue;
        let entry = byAsset.get(asset.id);
        if (!entry) byAsset.set(asset.id, (entry = { asset, readings: [] }));
        entry.readings.push({ row: r.row, at: r.at, day: r.day, cycles: r.cycles });
      }
      const chunks: MethodResult<'cycles.check'>['chunks'] = [];
      let readings = 0;
      for (const { asset, readings: list } of [...byAsset.values()].sort((a, b) => a.asset.qr.localeCompare(b.asset.qr))) {
        // One battery may be named by its QR code on some rows and its serial on others: the rows
        // are checked together. The same count at the same time twice is one reading.
        list.sort((a, b) => a.at - b.at || a.cycles - b.cycles);
        const kept: typeof list = [];
        for (const r of list) {
          const last = kept[kept.length - 1];
          if (last && last.at === r.at && last.cycles === r.cycles) continue;
          if (last && last.at === r.at) add(r.row, `${asset.qr}: ${last.cycles} and ${r.cycles} cycles at one time (rows ${last.row} and ${r.row})`);
          else if (last && r.cycles < last.cycles) add(r.row, `${asset.qr}: the count goes down from ${last.cycles} (row ${last.row}) to ${r.cycles}`);
          else kept.push(r);
        }
        readings += kept.length;
        for (let i = 0; i < kept.length; i += CYCLE_READINGS_PER_COMMAND) {
          const run = kept.slice(i, i + CYCLE_READINGS_PER_COMMAND);
          // The counter is kept on the day of the run's last reading (flight-days.ts).
          chunks.push({ assetId: asset.id, qr: asset.qr, typeId: asset.typeId, before: asset.cycles, readings: run.map(({ at, cycles }) => ({ at, cycles })), day: run[run.length - 1]!.day });
        }
      }
      return problems.total > 0 ? { ...refused(problems), readings: 0 } : { chunks, problems: [], more: 0, batteries: byAsset.size, readings, types: typesOf(chunks) };
    },
    'cycles.import': (ctx, { source, chunks }) => {
      const list = chunks.map((c) => ({ type: 'asset.cycles' as const, id: c.commandId, payload: { assetId: c.assetId, readings: c.readings, ...(c.day ? { day: c.day } : {}), source } satisfies PayloadOf<'asset.cycles'> }));
      checkAll('asset.cycles', list);
      const commands = d.commands.issueMany(ctx, list);
      return { commands: commands.map(ack), readings: chunks.reduce((n, c) => n + c.readings.length, 0), batteries: new Set(chunks.map((c) => c.assetId)).size };
    },
    'flights.check': (_ctx, { rows }) => {
      const v = d.view();
      const problems = problemList();
      const add = (row: number, message: string) => problems.add(row, null, message);
      const battery = batteryFinder(v, add);
      // Per battery, per day: the file's rows add up (two sorties on two rows).
      const byAsset = new Map<string, { asset: Asset; days: Map<string, { flights: number; rows: number[] }> }>();
      for (const r of rows) {
        const asset = battery(r);
        if (!asset) continue;
        let entry = byAsset.get(asset.id);
        if (!entry) byAsset.set(asset.id, (entry = { asset, days: new Map() }));
        const day = entry.days.get(r.day) ?? { flights: 0, rows: [] };
        day.flights += r.flights;
        day.rows.push(r.row);
        entry.days.set(r.day, day);
        if (day.flights > MAX_CYCLES_PER_DAY) add(r.row, `${asset.qr}: ${day.flights} flights on ${r.day} (rows ${day.rows.join(', ')}): more than ${MAX_CYCLES_PER_DAY} a day`);
      }
      const chunks: MethodResult<'flights.check'>['chunks'] = [];
      let days = 0;
      for (const { asset, days: told } of [...byAsset.values()].sort((a, b) => a.asset.qr.localeCompare(b.asset.qr))) {
        const list = [...told].map(([day, t]) => ({ day, flights: t.flights })).sort((a, b) => (a.day < b.day ? -1 : 1));
        days += list.length;
        // What each run would do, on top of the battery's days as the board shows them and the runs before it.
        let held = v.tx.where('battery_day', 'asset_id', asset.id);
        let count = asset.cycles;
        for (let i = 0; i < list.length; i += CYCLE_READINGS_PER_COMMAND) {
          const run = list.slice(i, i + CYCLE_READINGS_PER_COMMAND);
          const counter = lastCounter(held);
          const r = applyFlights(held, asset.id, run, count);
          const changed = new Set(r.put.map((p) => p.day));
          held = [...held.filter((h) => !changed.has(h.day)), ...r.put];
          const covered = counter ? run.filter((x) => x.day <= counter.day).length : 0;
          chunks.push({ assetId: asset.id, qr: asset.qr, typeId: asset.typeId, before: count, after: r.count, known: run.length - r.put.length, covered, days: run });
          count = r.count;
        }
      }
      return problems.total > 0 ? { ...refused(problems), days: 0 } : { chunks, problems: [], more: 0, batteries: byAsset.size, days, types: typesOf(chunks) };
    },
    'flights.import': (ctx, { source, chunks }) => {
      const list = chunks.map((c) => ({ type: 'asset.flights' as const, id: c.commandId, payload: { assetId: c.assetId, days: c.days, source } satisfies PayloadOf<'asset.flights'> }));
      checkAll('asset.flights', list);
      const commands = d.commands.issueMany(ctx, list);
      return { commands: commands.map(ack), days: chunks.reduce((n, c) => n + c.days.length, 0), batteries: new Set(chunks.map((c) => c.assetId)).size };
    },
  };
}

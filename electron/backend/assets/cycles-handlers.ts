import { BoardError, MAX_IMPORT_PROBLEMS, type assetsMethods, type MethodResult } from '../../../shared/board-api';
import { commandModule, type PayloadOf } from '../../../shared/commands/registry';
import { CYCLE_READINGS_PER_COMMAND } from '../../../shared/assets/commands/asset-cycles';
import type { Asset } from '../../../shared/assets/schema';
import { ack, type CommandIssuer } from '../commands/issue';
import type { HandlersOf } from '../board/handler-types';
import type { ReplicaReader } from '../store/replica';
import type { BoardView } from '../store/view';

type Cycles = Pick<HandlersOf<typeof assetsMethods>, 'cycles.check' | 'cycles.import'>;
type Problem = MethodResult<'cycles.check'>['problems'][number];

/**
 * A flight log's cycle counts into the ledger (issue 13: the count the division's old warning
 * model left out). `cycles.check` matches the file's batteries against the ledger as the board
 * shows it and answers the commands it would take, or the rows that match nothing; `cycles.import`
 * queues them — every one checked by the command's own rules first, all in one transaction.
 */
export function createCyclesHandlers(d: { replica: ReplicaReader; view: () => BoardView; commands: CommandIssuer; now: () => number }): Cycles {
  return {
    'cycles.check': (_ctx, { rows }) => {
      const v = d.view();
      const problems: Problem[] = [];
      let total = 0;
      const add = (row: number, message: string) => {
        total++;
        if (problems.length < MAX_IMPORT_PROBLEMS) problems.push({ row, column: null, message });
      };
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
      const byAsset = new Map<string, { asset: Asset; readings: { row: number; at: number; cycles: number }[] }>();
      for (const r of rows) {
        const asset = lookup(r.by, r.battery);
        if (!asset) {
          add(r.row, `battery ${r.battery} is not in the ledger (by its ${r.by === 'qr' ? 'QR code' : 'serial'})`);
          continue;
        }
        const type = v.tx.get('asset_type', asset.typeId);
        if (type?.class !== 'drone_battery') {
          add(r.row, `${r.battery} (${asset.qr}) is ${type ? `a ${type.nameEn}` : 'of an unknown type'}, not a drone battery`);
          continue;
        }
        let entry = byAsset.get(asset.id);
        if (!entry) byAsset.set(asset.id, (entry = { asset, readings: [] }));
        entry.readings.push({ row: r.row, at: r.at, cycles: r.cycles });
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
          const run = kept.slice(i, i + CYCLE_READINGS_PER_COMMAND).map(({ at, cycles }) => ({ at, cycles }));
          chunks.push({ assetId: asset.id, qr: asset.qr, typeId: asset.typeId, before: asset.cycles, readings: run });
        }
      }
      const typeIds = new Set(chunks.map((c) => c.typeId));
      const types = d.replica
        .all('asset_type')
        .filter((t) => typeIds.has(t.id))
        .map((t) => ({ id: t.id, class: t.class, name: t.name, nameEn: t.nameEn }));
      // Problems: nothing to import (the renderer refuses the whole file).
      return total > 0 ? { chunks: [], problems, more: total - problems.length, batteries: 0, readings: 0, types: [] } : { chunks, problems, more: 0, batteries: byAsset.size, readings, types };
    },
    'cycles.import': (ctx, { source, chunks }) => {
      const list = chunks.map((c) => ({ type: 'asset.cycles' as const, id: c.commandId, payload: { assetId: c.assetId, readings: c.readings, source } satisfies PayloadOf<'asset.cycles'> }));
      // Every run checked before any is queued, each on top of those before it. One queued already
      // (the same file confirmed again after a lost answer) is the outbox's to answer with itself.
      const v = d.view();
      for (const c of list) {
        if (d.commands.prior(c.id)?.type === 'asset.cycles') continue;
        const r = commandModule('asset.cycles').apply(v.tx, c.payload, { at: d.now(), by: 'check' });
        if (!r.ok) throw new BoardError(r.code === 'not_found' ? 'not_found' : 'bad_request', r.reason, { code: r.code, asset: c.payload.assetId });
      }
      const commands = d.commands.issueMany(ctx, list);
      return { commands: commands.map(ack), readings: chunks.reduce((n, c) => n + c.readings.length, 0), batteries: new Set(chunks.map((c) => c.assetId)).size };
    },
  };
}

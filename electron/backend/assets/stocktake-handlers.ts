import { BoardError, type assetsMethods, type MethodResult } from '../../../shared/board-api';
import { commandModule, type PayloadOf } from '../../../shared/commands/registry';
import { inService } from '../../../shared/assets/lifecycle';
import { RFID_COVERAGE_TARGET, type Asset, type LifecycleState } from '../../../shared/assets/schema';
import { reconcileStocktake, type Heard } from '../../../shared/assets/stocktake';
import { ack, type CommandIssuer } from '../commands/issue';
import type { HandlersOf } from '../board/handler-types';
import type { Db } from '../store/database';
import { readTablesKey } from '../store/replica';
import type { BoardView } from '../store/view';

type Stocktake = Pick<HandlersOf<typeof assetsMethods>, 'stocktake.preview' | 'stocktake.confirm'>;
type Coverage = MethodResult<'stocktake.preview'>['coverage']['site'];
/** An asset as a stock-take lists it: its declared columns. */
type Listed = Pick<Asset, 'id' | 'typeId' | 'siteId' | 'state' | 'qr' | 'epc' | 'serial'>;

/**
 * A site's stock-take on the board (issue 13): the reader's EPCs reconciled against the ledger
 * as the board shows it (queued steps laid over), and the corrections an officer confirms
 * queued as `asset.step` commands, all or none.
 *
 * Cost at the division's scale (90,000 assets, a site of ~17,000 tagged items): the site's
 * assets by the `site_id` index and each heard EPC by the `epc` index, never the whole ledger
 * parsed; RFID coverage counted by SQL over the declared columns (state, epc) with the
 * queued steps' changes laid over.
 */
export function createStocktakeHandlers(d: { db: Db; view: () => BoardView; commands: CommandIssuer; now: () => number }): Stocktake {
  // Columns, not records: a site's 17,000 rows parsed from JSON took ~0.3 s; these are the
  // declared columns (shared/assets/tables.ts) the reconciliation and the lists need.
  type Row = { key: string; type_id: string; site_id: string | null; state: LifecycleState; qr: string; epc: string | null; serial: string };
  const COLUMNS = 'key, type_id, site_id, state, qr, epc, serial';
  const shape = (r: Row): Listed => ({ id: r.key, typeId: r.type_id, siteId: r.site_id, state: r.state, qr: r.qr, epc: r.epc, serial: r.serial });
  const atSite = d.db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM asset WHERE site_id = ?`);
  // Heard tags of other sites looked up CHUNK at a time by the epc index. The site's own tags
  // are not read again (every row read costs: ~0.3 s for 17,000 on an encrypted cache); only
  // whether another asset holds one too, which the epc index answers alone.
  const CHUNK = 500;
  const inList = (n: number) => Array.from({ length: n }, () => '?').join(',');
  const chunked = <T>(sql: (n: number) => string) => {
    const full = d.db.prepare<string[], T>(sql(CHUNK));
    return (values: readonly string[]): T[] => {
      const out: T[] = [];
      for (let i = 0; i < values.length; i += CHUNK) {
        const chunk = values.slice(i, i + CHUNK);
        out.push(...(chunk.length === CHUNK ? full : d.db.prepare<string[], T>(sql(chunk.length))).all(...chunk));
      }
      return out;
    };
  };
  const rowsOfEpcs = chunked<Row>((n) => `SELECT ${COLUMNS} FROM asset WHERE epc IN (${inList(n)})`);
  const sharedEpcs = chunked<{ epc: string }>((n) => `SELECT epc FROM asset WHERE epc IN (${inList(n)}) GROUP BY epc HAVING COUNT(*) > 1`);
  // Coverage counts change only with the asset table: kept per its change-feed seq (the GROUP BY
  // reads every row of 90,000: ~0.3 s on an encrypted cache). Hazard, as in readiness-reports.ts:
  // a reconciliation's table replacement does not move the seq; the counts lag until a pull does.
  const coverageGroups = d.db.prepare<[], { site_id: string | null; state: LifecycleState; tagged: number; n: number }>(
    'SELECT site_id, state, COUNT(epc) AS tagged, COUNT(*) AS n FROM asset GROUP BY site_id, state',
  );
  let groups: { seq: string; rows: ReturnType<typeof coverageGroups.all> } | null = null;
  const mirrorAsset = d.db.prepare<[string], { row: string }>('SELECT row FROM asset WHERE key = ?');

  /** The board's queued steps over rows read from the mirror: shown ones replace theirs, those that `keep` are added, the rest dropped. */
  const overlaid = (rows: Map<string, Listed>, v: BoardView, keep: (a: Asset) => boolean) => {
    for (const id of v.touched('asset')) {
      const a = v.tx.get('asset', id);
      if (a && keep(a)) rows.set(id, { id: a.id, typeId: a.typeId, siteId: a.siteId, state: a.state, qr: a.qr, epc: a.epc, serial: a.serial });
      else rows.delete(id);
    }
    return rows;
  };

  /** Tagged over in service, for one site and the whole ledger: the mirror's counts, then each queued step's change. */
  const coverage = (v: BoardView, siteId: string): { site: Coverage; overall: Coverage } => {
    const site = { tagged: 0, inService: 0 };
    const all = { tagged: 0, inService: 0 };
    const count = (siteOf: string | null, state: LifecycleState, tagged: boolean, n: number) => {
      if (!inService(state)) return;
      all.inService += n;
      if (tagged) all.tagged += n;
      if (siteOf !== siteId) return;
      site.inService += n;
      if (tagged) site.tagged += n;
    };
    const seq = readTablesKey(d.db, 'asset');
    if (!groups || groups.seq !== seq) groups = { seq, rows: coverageGroups.all() };
    for (const g of groups.rows) {
      count(g.site_id, g.state, true, g.tagged);
      count(g.site_id, g.state, false, g.n - g.tagged);
    }
    for (const id of v.touched('asset')) {
      const before = mirrorAsset.get(id);
      const was = before ? (JSON.parse(before.row) as Asset) : null;
      if (was) count(was.siteId, was.state, was.epc !== null, -1);
      const now = v.tx.get('asset', id);
      if (now) count(now.siteId, now.state, now.epc !== null, 1);
    }
    const of = (c: { tagged: number; inService: number }): Coverage => {
      const rate = c.inService > 0 ? c.tagged / c.inService : null;
      return { tagged: c.tagged, inService: c.inService, coverage: rate, target: RFID_COVERAGE_TARGET, meets: rate !== null && rate >= RFID_COVERAGE_TARGET };
    };
    return { site: of(site), overall: of(all) };
  };

  return {
    'stocktake.preview': (_ctx, { siteId, epcs, reads }) => {
      const v = d.view();
      if (!v.tx.get('site', siteId)) throw new BoardError('not_found', `no site '${siteId}'`, { site: siteId });
      // The site's assets, and each heard tag's asset: index reads, as the board shows them.
      const here = overlaid(new Map(atSite.all(siteId).map((r) => [r.key, shape(r)])), v, (a) => a.siteId === siteId);
      const heard = new Set(epcs);
      const heardRows = new Map<string, Listed>();
      const own = new Set<string>();
      for (const a of here.values()) {
        if (a.epc === null || !heard.has(a.epc)) continue;
        heardRows.set(a.id, a);
        own.add(a.epc);
      }
      const elsewhere = epcs.filter((e) => !own.has(e));
      const twice = sharedEpcs([...own]).map((r) => r.epc);
      for (const r of rowsOfEpcs([...elsewhere, ...twice])) heardRows.set(r.key, shape(r));
      const owners = new Map<string, Listed[]>();
      for (const a of overlaid(heardRows, v, (x) => x.epc !== null && heard.has(x.epc)).values()) owners.set(a.epc!, [...(owners.get(a.epc!) ?? []), a]);
      const index = new Map<string, Listed>();
      const clashes: { epc: string; assetIds: string[] }[] = [];
      for (const [epc, list] of owners) {
        if (list.length > 1) clashes.push({ epc, assetIds: list.map((a) => a.id).sort().slice(0, 100) });
        index.set(epc, list[0]!);
      }
      clashes.sort((a, b) => (a.epc < b.epc ? -1 : 1));
      // A tag two assets share is the ledger's fault: listed as a clash, reconciled as neither
      // of them (heard, so no item of the site holding it is reported missing; not unknown).
      const clashing = new Set(clashes.map((c) => c.epc));
      for (const epc of clashing) index.delete(epc);
      const r = reconcileStocktake(siteId, [...here.values()], epcs, index);
      const unknown = r.unknown.filter((e) => !clashing.has(e));
      const byId = new Map<string, Listed>(here);
      for (const a of index.values()) byId.set(a.id, a);
      const item = (h: Heard) => {
        const a = byId.get(h.assetId)!;
        return { assetId: a.id, qr: a.qr, serial: a.serial, typeId: a.typeId, epc: a.epc!, state: a.state, siteId: a.siteId };
      };
      const typeIds = new Set([...byId.values()].map((a) => a.typeId));
      const types = [...typeIds].flatMap((id) => {
        const t = v.tx.get('asset_type', id);
        return t ? [{ id: t.id, class: t.class, name: t.name, nameEn: t.nameEn }] : [];
      });
      // Each clash is one discrepancy: the file heard a tag the ledger cannot place.
      const discrepancies = r.discrepancies - (r.unknown.length - unknown.length) + clashes.length;
      const errorRate = r.expected > 0 ? discrepancies / r.expected : discrepancies > 0 ? 1 : 0;
      return {
        siteId,
        expected: r.expected,
        untaggedHere: r.untaggedHere,
        reads,
        uniqueEpcs: epcs.length,
        duplicateReads: reads - epcs.length,
        matched: r.matched,
        missing: r.missing.map(item),
        wrongSite: r.wrongSite.map(item),
        found: r.found.map(item),
        out: r.out.map(item),
        other: r.other.map(item),
        unknown,
        clashes,
        discrepancies,
        errorRate,
        accuracy: 1 - errorRate,
        target: r.target,
        meets: errorRate <= r.target,
        corrections: r.corrections,
        coverage: coverage(v, siteId),
        types,
      };
    },
    'stocktake.confirm': (ctx, { siteId, note, corrections }) => {
      const v = d.view();
      if (!v.tx.get('site', siteId)) throw new BoardError('not_found', `no site '${siteId}'`, { site: siteId });
      const step = commandModule('asset.step');
      const list = corrections.map(({ commandId, ...c }) => {
        const payload: PayloadOf<'asset.step'> = { assetId: c.assetId, step: c.step, ...(c.siteId !== undefined ? { siteId: c.siteId } : {}), note };
        return { commandId, payload };
      });
      // Every one checked before any is queued, each on top of those before it: one refused, none queued.
      for (const { commandId, payload } of list) {
        const prior = d.commands.prior(commandId);
        if (prior && prior.type === 'asset.step') continue;
        const r = step.apply(v.tx, payload, { at: d.now(), by: 'check' });
        if (r.ok) continue;
        const asset = v.tx.get('asset', payload.assetId);
        if (r.code === 'not_found' || r.code === 'unknown_site') throw new BoardError('not_found', r.reason, { asset: asset?.qr ?? payload.assetId, site: payload.siteId ?? '' });
        throw new BoardError('step_refused', r.reason, { why: r.code, step: payload.step, asset: asset?.qr ?? payload.assetId, state: asset?.state ?? '' });
      }
      const cmds = d.commands.issueMany(
        ctx,
        list.map((c) => ({ type: 'asset.step' as const, payload: c.payload, ...(c.commandId ? { id: c.commandId } : {}) })),
      );
      return { commands: cmds.map(ack) };
    },
  };
}

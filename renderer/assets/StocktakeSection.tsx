import { useId, useMemo, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodResult } from '../../shared/board-api';
import type { ImportProblem } from '../../shared/assets/import-files';
import type { Site } from '../../shared/domain';
import type { BoardClient } from '../api/board-client';
import { newCommandId } from '../api/commands';
import { errorText } from '../format/error-text';
import { formatRate, numberFormat } from '../format/number';
import { currentLanguage } from '../i18n';
import { useGrant } from '../ui/grant';
import { ImportError } from './ImportError';
import { readStocktakeFile } from './stocktake-file';

type Preview = MethodResult<'stocktake.preview'>;
type Item = Preview['missing'][number];
type Correction = Preview['corrections'][number];

/** The groups as the officer reads them, worst first; each with the step a stock-take proposes for it, if any. */
const GROUPS = ['missing', 'wrongSite', 'found', 'out', 'other'] as const;
type Group = (typeof GROUPS)[number];
/** Rows listed per group (the rest are counted, and sent as ticked). */
const SHOWN = 200;

/** "0.030%": a stock-take error rate against its 0.03% target needs the third decimal. */
export const formatErrorRate = (rate: number): string => `${(rate * 100).toFixed(3)}%`;

/**
 * 盘点: a site's stock-take from a handheld RFID reader's export. The officer picks the site
 * and the file; the file is read here (stocktake-file.ts: encoding, columns, each row), its
 * tags sent once each to `stocktake.preview`, and the answer shown grouped (missing, wrong
 * site, found, out, other, unknown, clashes) with counts, the error rate against 0.03% and
 * RFID coverage against 80%. The corrections the officer leaves ticked go to
 * `stocktake.confirm`: each an asset step command, queued (offline too) and audited. A bad
 * file is refused whole, naming its rows, and nothing is sent.
 */
export function StocktakeSection({ client, sites, siteName }: { client: BoardClient; sites: readonly Site[]; siteName(id: string): string }) {
  const { t, i18n } = useTranslation('assets');
  const language = currentLanguage(i18n);
  const num = numberFormat(language);
  const grant = useGrant();
  const may = grant('stocktake.preview');
  const mayConfirm = grant('stocktake.confirm');
  const ids = useId();
  const [siteId, setSiteId] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [fileInfo, setFileInfo] = useState<string | null>(null);
  const [error, setError] = useState<{ text: string; problems?: ImportProblem[]; more?: number } | null>(null);
  const [scan, setScan] = useState<{ siteId: string; epcs: string[]; reads: number } | null>(null);
  const [preview, setPreview] = useState<(Preview & { commandIds: Map<string, string> }) | null>(null);
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());
  const [done, setDone] = useState<number | null>(null);
  const sorted = useMemo(() => [...sites].sort((a, b) => siteName(a.id).localeCompare(siteName(b.id), language)), [sites, siteName, language]);

  const check = async (s: { siteId: string; epcs: string[]; reads: number }) => {
    setBusy(t('stocktake.checking'));
    try {
      const r = await client.call('stocktake.preview', s);
      // One idempotency key per correction for this preview: confirming again after a lost answer is the same commands.
      setPreview({ ...r, commandIds: new Map(r.corrections.map((c) => [c.assetId, newCommandId()])) });
      setUnticked(new Set());
    } catch (e) {
      setPreview(null);
      setError({ text: errorText(t, e) });
    } finally {
      setBusy(null);
    }
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setError(null);
    setPreview(null);
    setScan(null);
    setDone(null);
    setFileInfo(null);
    if (!siteId) return setError({ text: t('stocktake.noSite') });
    setBusy(t('stocktake.reading', { name: file.name }));
    const read = readStocktakeFile(new Uint8Array(await file.arrayBuffer()));
    setBusy(null);
    if (!read.ok) {
      const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
      if (read.reason === 'too_big') return setError({ text: t('stocktake.tooBig', { size: mb(read.bytes), max: mb(read.max) }) });
      if (read.reason === 'encoding') return setError({ text: t('stocktake.encoding') });
      if (read.reason === 'too_many_tags') return setError({ text: t('stocktake.tooManyTags', { count: num.format(read.count), max: num.format(read.max) }) });
      return setError({ text: t('stocktake.refused'), problems: read.problems, more: read.more });
    }
    setFileInfo(t('stocktake.fileName', { name: file.name, rows: num.format(read.reads), column: read.epcColumn, encoding: read.encoding === 'gbk' ? t('stocktake.gbk') : '' }));
    const s = { siteId, epcs: read.epcs, reads: read.reads };
    setScan(s);
    await check(s);
  };

  const ticked: Correction[] = preview ? preview.corrections.filter((c) => !unticked.has(c.assetId)) : [];
  const confirm = async () => {
    if (!preview || ticked.length === 0) return;
    setBusy(t('stocktake.confirming'));
    setError(null);
    try {
      const { commands } = await client.call('stocktake.confirm', {
        siteId: preview.siteId,
        note: t('stocktake.note', { site: siteName(preview.siteId) }),
        corrections: ticked.map((c) => ({ assetId: c.assetId, step: c.step, ...(c.siteId ? { siteId: c.siteId } : {}), commandId: preview.commandIds.get(c.assetId) })),
      });
      setDone(commands.length);
      // The ledger as it now stands (the queued steps shown at once): the same tags checked again.
      if (scan) await check(scan);
    } catch (e) {
      setError({ text: errorText(t, e) });
    } finally {
      setBusy(null);
    }
  };

  const typeName = (typeId: string) => {
    const ty = preview?.types.find((x) => x.id === typeId);
    return ty ? (language === 'en' ? ty.nameEn : ty.name) : typeId;
  };
  const correctionOf = new Map((preview?.corrections ?? []).map((c) => [c.assetId, c]));
  const toggle = (assetIds: readonly string[], on: boolean) =>
    setUnticked((prev) => {
      const next = new Set(prev);
      for (const id of assetIds) {
        if (on) next.delete(id);
        else next.add(id);
      }
      return next;
    });

  return (
    <div className="stocktake" data-testid="stocktake">
      <p className="muted stocktake__intro">{t('stocktake.intro')}</p>
      <div className="stocktake__pick">
        <label htmlFor={`${ids}-site`}>{t('stocktake.site')}</label>
        <select id={`${ids}-site`} data-testid="stocktake-site" value={siteId} disabled={!may.ok} title={may.title} onChange={(e) => setSiteId(e.target.value)}>
          <option value="">—</option>
          {sorted.map((s) => (
            <option key={s.id} value={s.id}>
              {siteName(s.id)}
            </option>
          ))}
        </select>
        <label htmlFor={`${ids}-file`}>{t('stocktake.file')}</label>
        <input id={`${ids}-file`} data-testid="stocktake-file" type="file" accept=".csv,.txt,text/csv,text/plain" disabled={!may.ok || !siteId || busy !== null} title={may.title} onChange={(e) => void onFile(e)} />
      </div>
      {busy ? <div className="muted" role="status">{busy}</div> : null}
      {fileInfo ? (
        <div className="muted" data-testid="stocktake-file-info">
          {fileInfo}
        </div>
      ) : null}
      {error ? <ImportError error={error} testId="stocktake-error" /> : null}
      {done !== null ? (
        <div className="ok stocktake__done" role="status" data-testid="stocktake-done" data-count={done}>
          ✓ {t('stocktake.done', { count: done })}
        </div>
      ) : null}
      {preview ? (
        <>
          <div className="readiness-headlines">
            <div className={`readiness-overall${preview.meets ? '' : ' readiness-overall--miss'}`} data-testid="stocktake-accuracy" data-error-rate={preview.errorRate} data-meets={preview.meets}>
              <span className="readiness-overall__label">{t('stocktake.accuracy')}</span>
              <span className="readiness-overall__rate">{formatErrorRate(preview.errorRate)}</span>
              <span className="muted">
                {t('stocktake.accuracyDetail', { accuracy: formatRate(Math.max(0, preview.accuracy)), target: formatErrorRate(preview.target), verdict: preview.meets ? t('stocktake.meets') : t('stocktake.misses') })}
              </span>
            </div>
            <div
              className={`readiness-overall${preview.coverage.site.meets ? '' : ' readiness-overall--miss'}`}
              data-testid="stocktake-coverage"
              data-coverage={preview.coverage.site.coverage ?? ''}
              data-overall={preview.coverage.overall.coverage ?? ''}
            >
              <span className="readiness-overall__label">{t('stocktake.coverage')}</span>
              <span className="readiness-overall__rate">{formatRate(preview.coverage.site.coverage)}</span>
              <span className="muted">
                {t('stocktake.coverageDetail', {
                  tagged: num.format(preview.coverage.site.tagged),
                  inService: num.format(preview.coverage.site.inService),
                  overall: formatRate(preview.coverage.overall.coverage),
                  target: formatRate(preview.coverage.site.target),
                  verdict: preview.coverage.site.meets ? t('stocktake.meets') : t('stocktake.misses'),
                })}
              </span>
            </div>
          </div>
          <p className="stocktake__facts" data-testid="stocktake-facts">
            {t('stocktake.facts', {
              reads: num.format(preview.reads),
              unique: num.format(preview.uniqueEpcs),
              duplicates: num.format(preview.duplicateReads),
              expected: num.format(preview.expected),
              matched: num.format(preview.matched),
              discrepancies: num.format(preview.discrepancies),
            })}
            {preview.untaggedHere > 0 ? <span className="muted"> · {t('stocktake.untagged', { count: preview.untaggedHere })}</span> : null}
          </p>
          {GROUPS.map((g) => (
            <GroupTable key={g} group={g} items={preview[g]} correctionOf={correctionOf} unticked={unticked} onToggle={toggle} typeName={typeName} siteName={siteName} disabled={!mayConfirm.ok} />
          ))}
          <section className="stocktake__group" data-testid="stocktake-group" data-group="unknown" data-count={preview.unknown.length}>
            <h3 className="dock-section">
              {t('stocktake.group.unknown')} <span className="stocktake__count">{preview.unknown.length}</span>
            </h3>
            {preview.unknown.length === 0 ? <div className="muted stocktake__none">{t('stocktake.none')}</div> : <ul className="stocktake__epcs">{preview.unknown.slice(0, SHOWN).map((e) => <li key={e}>{e}</li>)}</ul>}
            {preview.unknown.length > SHOWN ? <div className="muted">{t('stocktake.moreRows', { count: preview.unknown.length - SHOWN })}</div> : null}
          </section>
          {preview.clashes.length > 0 ? (
            <section className="stocktake__group" data-testid="stocktake-group" data-group="clashes" data-count={preview.clashes.length}>
              <h3 className="dock-section">
                {t('stocktake.group.clashes')} <span className="stocktake__count">{preview.clashes.length}</span>
              </h3>
              <ul className="stocktake__epcs">
                {preview.clashes.slice(0, SHOWN).map((c) => (
                  <li key={c.epc}>
                    {c.epc}: {c.assetIds.join(', ')}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <div className="button-row stocktake__confirm">
            <button type="button" className="action-button action-button--primary" data-testid="stocktake-confirm" disabled={!mayConfirm.ok || ticked.length === 0 || busy !== null} title={mayConfirm.title} onClick={() => void confirm()}>
              {t('stocktake.confirm', { count: ticked.length })}
            </button>
            {scan ? (
              <button type="button" className="action-button" data-testid="stocktake-recheck" disabled={busy !== null} onClick={() => void check(scan)}>
                {t('stocktake.recheck')}
              </button>
            ) : null}
          </div>
        </>
      ) : null}
    </div>
  );
}

function GroupTable(props: {
  group: Group;
  items: readonly Item[];
  correctionOf: ReadonlyMap<string, Correction>;
  unticked: ReadonlySet<string>;
  onToggle(assetIds: readonly string[], on: boolean): void;
  typeName(typeId: string): string;
  siteName(id: string): string;
  disabled: boolean;
}) {
  const { group, items, correctionOf, unticked, onToggle, typeName, siteName, disabled } = props;
  const { t } = useTranslation('assets');
  const proposed = items.filter((x) => correctionOf.has(x.assetId)).map((x) => x.assetId);
  const allOn = proposed.length > 0 && proposed.every((id) => !unticked.has(id));
  return (
    <section className="stocktake__group" data-testid="stocktake-group" data-group={group} data-count={items.length}>
      <h3 className="dock-section">
        {t(`stocktake.group.${group}`)} <span className="stocktake__count">{items.length}</span>
        {proposed.length > 1 ? (
          <label className="stocktake__all">
            <input type="checkbox" checked={allOn} disabled={disabled} onChange={(e) => onToggle(proposed, e.target.checked)} /> {t('stocktake.selectAll')}
          </label>
        ) : null}
      </h3>
      {items.length === 0 ? (
        <div className="muted stocktake__none">{t('stocktake.none')}</div>
      ) : (
        <div className="stocktake__scroll">
          <table className="grid-table stocktake__table">
            <thead>
              <tr>
                <th>{t('stocktake.proposal')}</th>
                <th>{t('stocktake.code')}</th>
                <th>{t('stocktake.type')}</th>
                <th>{t('stocktake.serial')}</th>
                <th>{t('stocktake.recorded')}</th>
              </tr>
            </thead>
            <tbody>
              {items.slice(0, SHOWN).map((x) => {
                const c = correctionOf.get(x.assetId);
                return (
                  <tr key={x.assetId} data-testid="stocktake-row" data-asset-id={x.assetId} data-step={c?.step ?? ''}>
                    <td>
                      {c ? (
                        <label>
                          <input type="checkbox" data-testid="stocktake-tick" checked={!unticked.has(x.assetId)} disabled={disabled} onChange={(e) => onToggle([x.assetId], e.target.checked)} /> {t(`stocktake.proposeStep.${c.step}`)}
                        </label>
                      ) : (
                        <span className="muted">{t('stocktake.noProposal')}</span>
                      )}
                    </td>
                    <td className="mono">{x.qr}</td>
                    <td>{typeName(x.typeId)}</td>
                    <td className="mono">{x.serial}</td>
                    <td>{t('stocktake.at', { state: t(`state.${x.state}`), site: x.siteId ? siteName(x.siteId) : '—' })}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {items.length > SHOWN ? <div className="muted">{t('stocktake.moreRows', { count: items.length - SHOWN })}</div> : null}
    </section>
  );
}

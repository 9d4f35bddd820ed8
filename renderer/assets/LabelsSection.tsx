import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ASSET_CLASSES, LIFECYCLE_STATES, type AssetClass, type LifecycleState } from '../../shared/assets/schema';
import type { Site } from '../../shared/domain';
import type { BoardClient } from '../api/board-client';
import { exportAudited } from '../ui/export-file';
import { useGrant } from '../ui/grant';
import { errorText } from '../format/error-text';
import { numberFormat } from '../format/number';
import { currentLanguage } from '../i18n';
import type { LabelAsset } from './LabelSheet';
import { printLabels } from './print-labels';
import { useLedgerRead } from './use-ledger-read';

/** The most labels one print takes (asset.list's page): 21 A4 sheets. */
const MAX_LABELS = 500;
/** Rows listed before printing (the sheet holds them all). */
const LISTED = 30;

/**
 * 二维码标签: QR labels for a batch of items, chosen from the ledger by site, class and state
 * (a batch just accepted is the usual one: state 已验收), printed as A4 sheets (LabelSheet,
 * through ui/print.ts: Chromium's print, "Save as PDF" included). Reading only.
 */
export function LabelsSection({ client, sites, siteName }: { client: BoardClient; sites: readonly Site[]; siteName(id: string): string }) {
  const { t, i18n } = useTranslation('assets');
  const language = currentLanguage(i18n);
  const num = numberFormat(language);
  const ids = useId();
  // Printing is an export on the audit log: offered to the roles that may export.
  const mayPrint = useGrant()('audit.recordExport');
  const [siteId, setSiteId] = useState('');
  const [cls, setCls] = useState<AssetClass | ''>('');
  const [state, setState] = useState<LifecycleState | ''>('accepted');
  const [printing, setPrinting] = useState(false);
  const [printError, setPrintError] = useState<string | null>(null);
  const list = useLedgerRead(client, t, 'asset.list', { ...(siteId ? { siteId } : {}), ...(cls ? { class: cls } : {}), ...(state ? { state } : {}), limit: MAX_LABELS });
  const types = useLedgerRead(client, t, 'asset.types', {});
  const sorted = useMemo(() => [...sites].sort((a, b) => siteName(a.id).localeCompare(siteName(b.id), language)), [sites, siteName, language]);
  const typeName = (typeId: string) => {
    const ty = types.data?.types.find((x) => x.id === typeId);
    return ty ? (language === 'en' ? ty.nameEn : ty.name) : typeId;
  };
  const labels: LabelAsset[] = (list.data?.assets ?? []).map((a) => ({ assetId: a.id, qr: a.qr, serial: a.serial, typeName: typeName(a.typeId) }));
  const total = list.data?.total ?? 0;

  const print = async () => {
    setPrinting(true);
    setPrintError(null);
    try {
      const batch = [siteId ? siteName(siteId) : t('labels.batchAll'), cls ? t(`format:assetClass.${cls}`) : null, state ? t(`state.${state}`) : null].filter(Boolean).join(' ');
      // On the audit log first, like every export: printed only once the record is written.
      await exportAudited(client, { kind: 'labels_pdf', rows: labels.length, detail: { batch: batch.slice(0, 200) } }, () => void printLabels(labels, { i18n, batch }));
    } catch (e) {
      setPrintError(errorText(t, e));
    } finally {
      setPrinting(false);
    }
  };

  return (
    <div className="labels" data-testid="labels">
      <p className="muted stocktake__intro">{t('labels.intro')}</p>
      <div className="stocktake__pick">
        <label htmlFor={`${ids}-site`}>{t('labels.site')}</label>
        <select id={`${ids}-site`} data-testid="labels-site" value={siteId} onChange={(e) => setSiteId(e.target.value)}>
          <option value="">{t('labels.all')}</option>
          {sorted.map((s) => (
            <option key={s.id} value={s.id}>
              {siteName(s.id)}
            </option>
          ))}
        </select>
        <label htmlFor={`${ids}-class`}>{t('labels.class')}</label>
        <select id={`${ids}-class`} data-testid="labels-class" value={cls} onChange={(e) => setCls(e.target.value as AssetClass | '')}>
          <option value="">{t('labels.all')}</option>
          {ASSET_CLASSES.map((c) => (
            <option key={c} value={c}>
              {t(`format:assetClass.${c}`)}
            </option>
          ))}
        </select>
        <label htmlFor={`${ids}-state`}>{t('labels.state')}</label>
        <select id={`${ids}-state`} data-testid="labels-state" value={state} onChange={(e) => setState(e.target.value as LifecycleState | '')}>
          <option value="">{t('labels.all')}</option>
          {LIFECYCLE_STATES.map((s) => (
            <option key={s} value={s}>
              {t(`state.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {list.error || printError ? (
        <div className="inline-error" role="alert">
          {list.error ?? printError}
        </div>
      ) : null}
      {!list.data ? null : labels.length === 0 ? (
        <div className="panel-empty">{t('labels.empty')}</div>
      ) : (
        <>
          <div className="muted" data-testid="labels-count" data-total={total} data-count={labels.length}>
            {t('labels.count', { total: num.format(total), capped: total > labels.length ? t('labels.capped', { shown: num.format(labels.length) }) : '' })}
          </div>
          <div className="stocktake__scroll">
            <table className="grid-table stocktake__table" data-testid="labels-list">
              <thead>
                <tr>
                  <th>{t('stocktake.code')}</th>
                  <th>{t('stocktake.type')}</th>
                  <th>{t('stocktake.serial')}</th>
                </tr>
              </thead>
              <tbody>
                {labels.slice(0, LISTED).map((l) => (
                  <tr key={l.assetId} data-asset-id={l.assetId}>
                    <td className="mono">{l.qr}</td>
                    <td>{l.typeName}</td>
                    <td className="mono">{l.serial}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {labels.length > LISTED ? <div className="muted">{t('labels.moreRows', { count: labels.length - LISTED })}</div> : null}
          <div className="button-row">
            <button type="button" className="action-button action-button--primary" data-testid="labels-print" disabled={printing || !mayPrint.ok} title={mayPrint.title} onClick={() => void print()}>
              {printing ? t('labels.printing') : t('labels.print', { count: labels.length })}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardClient } from '../api/board-client';
import { numberFormat } from '../format/number';
import { currentLanguage } from '../i18n';
import { formatDay } from './asset-view';
import { useLedgerRead } from './use-ledger-read';

/** Rows of the list at once; the rest are counted (the demo has ~1,200 within 90 days). */
const LIST_LIMIT = 200;

/**
 * 服役期满 (helmets, stab vests): per type, how many are past their service life and how
 * many reach it within 90 days; choosing a type lists them soonest first, each opening its
 * record, so they are scrapped before they expire (the division scrapped 1,980 helmets and
 * 732 stab vests already expired).
 */
export function ServiceLifeSection({ client, siteName, onOpenAsset }: { client: BoardClient; siteName(id: string): string; onOpenAsset?(assetId: string): void }) {
  const { t, i18n } = useTranslation('assets');
  const language = currentLanguage(i18n);
  const num = numberFormat(language);
  const [typeId, setTypeId] = useState<string | null>(null);
  const { data, error } = useLedgerRead(client, t, 'readiness.serviceLife', typeId ? { typeId, limit: LIST_LIMIT } : { limit: LIST_LIMIT });
  if (!data) return error ? <div className="inline-error" role="alert">{error}</div> : <div className="panel-empty">{t('readiness.loading')}</div>;
  const typeName = (id: string) => {
    const ty = data.types.find((x) => x.id === id);
    return ty ? (language === 'en' ? ty.nameEn : ty.name) : id;
  };
  return (
    <section className="service-life-section" data-testid="service-life-section" aria-label={t('serviceLife.title')}>
      {error ? (
        <div className="inline-error" role="alert">
          {error}
        </div>
      ) : null}
      <p className="small muted">{t('serviceLife.horizon', { days: data.horizonDays })}</p>
      <table className="grid-table readiness-table" data-testid="service-life-by-type">
        <thead>
          <tr>
            <th>{t('record.type')}</th>
            <th className="num">{t('serviceLife.expired')}</th>
            <th className="num">{t('serviceLife.expiring', { days: data.horizonDays })}</th>
            <th>
              <span className="sr-only">{t('serviceLife.list')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data.byType.map((r) => (
            <tr key={r.typeId} data-type-id={r.typeId} data-expired={r.expired} data-expiring={r.expiring} className={typeId === r.typeId ? 'current' : undefined}>
              <td>{typeName(r.typeId)}</td>
              <td className={`num ${r.expired > 0 ? 'danger' : ''}`}>{num.format(r.expired)}</td>
              <td className={`num ${r.expiring > 0 ? 'warn' : ''}`}>{num.format(r.expiring)}</td>
              <td>
                <button type="button" className="link-button" aria-pressed={typeId === r.typeId} data-testid="service-life-type" onClick={() => setTypeId(typeId === r.typeId ? null : r.typeId)}>
                  {typeId === r.typeId ? t('serviceLife.showAll') : t('serviceLife.list')}
                </button>
              </td>
            </tr>
          ))}
          <tr className="readiness-total" data-testid="service-life-total">
            <td>{t('serviceLife.total')}</td>
            <td className="num">{num.format(data.total.expired)}</td>
            <td className="num">{num.format(data.total.expiring)}</td>
            <td />
          </tr>
        </tbody>
      </table>
      <h3 className="dock-section">{typeId ? t('serviceLife.listOf', { type: typeName(typeId) }) : t('serviceLife.listAll')}</h3>
      {data.entries.length === 0 ? (
        <div className="muted">{t('serviceLife.empty', { days: data.horizonDays })}</div>
      ) : (
        <table className="grid-table readiness-list" data-testid="service-life-list">
          <thead>
            <tr>
              <th>{t('record.qr')}</th>
              <th>{t('record.type')}</th>
              <th>{t('record.site')}</th>
              <th>{t('serviceLife.expires')}</th>
            </tr>
          </thead>
          <tbody>
            {data.entries.map((e) => (
              <tr key={e.assetId} data-testid="service-life-row" data-asset-id={e.assetId} data-status={e.status}>
                <td>
                  <button type="button" className="link-button" data-testid="service-life-open" onClick={() => onOpenAsset?.(e.assetId)} disabled={!onOpenAsset}>
                    {e.qr}
                  </button>
                </td>
                <td>{typeName(e.typeId)}</td>
                <td>
                  {e.siteId ? siteName(e.siteId) : '—'}
                  {e.out ? <div className="small warn">{t('serviceLife.out')}</div> : null}
                </td>
                <td className={e.status === 'expired' ? 'danger' : 'warn'}>
                  {formatDay(e.expiresAt).slice(0, 10)}
                  <div className="small">{e.daysLeft < 0 ? t('serviceLife.daysAgo', { days: -e.daysLeft }) : t('serviceLife.daysLeft', { days: e.daysLeft })}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.entriesTotal > data.entries.length ? (
        <p className="small muted" data-testid="service-life-more">
          {t('serviceLife.more', { count: data.entriesTotal - data.entries.length, shown: data.entries.length })}
        </p>
      ) : null}
    </section>
  );
}

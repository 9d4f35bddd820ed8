import { useTranslation } from 'react-i18next';
import { numberFormat } from '../format/number';
import { currentLanguage } from '../i18n';
import { formatDay } from './asset-view';
import { batteryWhy, formatShare, redLineProjection, type Batteries } from './readiness-view';

/**
 * 无人机电池 against the 5% red line (the annual report's worst miss: 7.8% aged): the batteries
 * in service, the aged share against the line, when it will cross it, how many to replace now
 * to hold it, and the replace-first list, each row opening the battery's record.
 */
export function BatterySection({ report, siteName, onOpenAsset }: { report: Batteries; siteName(id: string): string; onOpenAsset?(assetId: string): void }) {
  const { t, i18n } = useTranslation('assets');
  const language = currentLanguage(i18n);
  const num = numberFormat(language);
  const typeName = (id: string) => {
    const ty = report.types.find((x) => x.id === id);
    return ty ? (language === 'en' ? ty.nameEn : ty.name) : id;
  };
  const projection = redLineProjection(report);
  const level = report.level === 'over' ? 'danger' : report.level === 'warning' ? 'warn' : 'ok';
  return (
    <section className="battery-section" data-testid="battery-section" data-level={report.level} aria-label={t('battery.title')}>
      <div className={`readiness-overall battery-headline battery-headline--${report.level}`} data-testid="battery-share" data-share={report.share}>
        <span className="readiness-overall__label">{t('battery.agedShare')}</span>
        <span className={`readiness-overall__rate ${level}`}>{formatShare(report.share)}</span>
        <span className="muted">
          {t('battery.redLine', { line: formatShare(report.redLine) })} · <span className={level}>{t(`battery.level.${report.level}`)}</span>
        </span>
      </div>
      <dl className="battery-facts">
        <dt>{t('battery.inService')}</dt>
        <dd data-testid="battery-count">{t('battery.countValue', { count: report.count, n: num.format(report.count), aged: num.format(report.aged) })}</dd>
        <dt>{t('battery.projection')}</dt>
        <dd data-testid="battery-crosses" data-days={report.crossesInDays ?? ''} className={level}>
          {t(projection.key, projection.params)}
          <span className="muted"> · {t('battery.projected', { days: report.horizonDays, share: formatShare(report.projectedShare) })}</span>
        </dd>
        <dt>{t('battery.replace')}</dt>
        <dd data-testid="battery-replace" data-count={report.replaceToHold} className={report.replaceToHold > 0 ? 'danger' : 'ok'}>
          {report.replaceToHold > 0 ? t('battery.replaceToHold', { count: report.replaceToHold, n: num.format(report.replaceToHold) }) : t('battery.replaceNone')}
        </dd>
      </dl>
      {report.assumedStorage > 0 ? <p className="small muted">{t('battery.assumed', { count: report.assumedStorage })}</p> : null}
      <h3 className="dock-section">{t('battery.list', { days: report.horizonDays })}</h3>
      {report.replaceFirst.length === 0 ? (
        <div className="muted">{t('battery.empty', { days: report.horizonDays })}</div>
      ) : (
        <table className="grid-table readiness-list" data-testid="battery-list">
          <thead>
            <tr>
              <th>{t('record.qr')}</th>
              <th>{t('record.type')}</th>
              <th>{t('record.site')}</th>
              <th className="num">{t('battery.health')}</th>
              <th className="num">{t('battery.cycles')}</th>
              <th>{t('battery.endOfLife')}</th>
            </tr>
          </thead>
          <tbody>
            {report.replaceFirst.map((b) => {
              const why = batteryWhy(b);
              return (
                <tr key={b.assetId} data-testid="battery-row" data-asset-id={b.assetId} data-aged={b.aged ? 'true' : 'false'} data-health={b.health}>
                  <td>
                    <button type="button" className="link-button" data-testid="battery-open" onClick={() => onOpenAsset?.(b.assetId)} disabled={!onOpenAsset}>
                      {b.qr}
                    </button>
                    {why.length ? <div className="readiness-why small muted">{why.map((w) => t(w.key, w.params)).join('；')}</div> : null}
                  </td>
                  <td>{typeName(b.typeId)}</td>
                  <td>{b.siteId ? siteName(b.siteId) : t('battery.withOfficer')}</td>
                  <td className={`num ${b.aged ? 'danger' : 'warn'}`}>{(b.health * 100).toFixed(1)}%</td>
                  <td className="num">
                    {num.format(b.cycles)}
                    <span className="muted">/{num.format(b.ratedCycles)}</span>
                  </td>
                  <td className={b.aged ? 'danger' : ''}>{b.aged ? t('battery.aged') : b.endOfLifeAt === null ? '—' : formatDay(b.endOfLifeAt).slice(0, 10)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {report.replaceFirstTotal > report.replaceFirst.length ? (
        <p className="small muted" data-testid="battery-more">
          {t('battery.more', { count: report.replaceFirstTotal - report.replaceFirst.length, shown: report.replaceFirst.length })}
        </p>
      ) : null}
    </section>
  );
}

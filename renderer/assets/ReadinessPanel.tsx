import { useTranslation } from 'react-i18next';
import type { Site } from '../../shared/domain';
import { ASSET_CLASSES } from '../../shared/assets/schema';
import type { BoardClient } from '../api/board-client';
import { numberFormat } from '../format/number';
import { currentLanguage } from '../i18n';
import { DockPanel } from '../ui/DockPanel';
import { formatRate } from './asset-view';
import { useReadiness, type ReadinessSummary } from './use-readiness';

type Row = ReadinessSummary['overall'];

type ReadinessPanelProps = {
  client: BoardClient;
  sites: readonly Site[];
  /** The repair and scrapping requests (维修报废审批), for who is offered them. */
  onOpenRepairs?: () => void;
  onClose(): void;
};

/**
 * 装备完好率: ready over in service, overall, per class and per site, each against its target
 * (≥ 98%), as the division reports it. Computed by the backend from the ledger
 * (shared/assets/readiness.ts), read again when the ledger changes.
 */
export function ReadinessPanel({ client, sites, onOpenRepairs, onClose }: ReadinessPanelProps) {
  const { t, i18n } = useTranslation('assets');
  const language = currentLanguage(i18n);
  const { summary, error } = useReadiness(client, t);
  const siteName = (id: string) => {
    const s = sites.find((x) => x.id === id);
    return s ? (language === 'en' ? s.nameEn : s.name) : id;
  };
  // Classes in the ledger's own order (body cameras first, as the report lists them).
  const byClass = summary ? [...summary.byClass].sort((a, b) => classOrder(a.key) - classOrder(b.key)) : [];
  const bySite = summary ? [...summary.bySite].sort((a, b) => siteName(a.key).localeCompare(siteName(b.key), language)) : [];
  return (
    <DockPanel testId="readiness-panel" title={t('readiness.title')} onClose={onClose}>
      {onOpenRepairs ? (
        <div className="button-row">
          <button type="button" className="action-button" data-testid="readiness-open-repairs" onClick={onOpenRepairs}>
            ⚒ {t('repairs.title')}
          </button>
        </div>
      ) : null}
      {error ? (
        <div className="inline-error" role="alert">
          {error}
        </div>
      ) : null}
      {!summary ? (
        <div className="panel-empty">{t('readiness.loading')}</div>
      ) : (
        <>
          <div className={`readiness-overall${summary.overall.meets ? '' : ' readiness-overall--miss'}`} data-testid="readiness-overall" data-rate={summary.overall.rate ?? ''}>
            <span className="readiness-overall__label">{t('readiness.overall')}</span>
            <span className="readiness-overall__rate">{formatRate(summary.overall.rate)}</span>
            <span className="muted">
              {t('readiness.target')} ≥ {formatRate(summary.overall.target)} · {summary.overall.meets ? t('readiness.meets') : t('readiness.misses')}
            </span>
          </div>
          <h3 className="dock-section">{t('readiness.byClass')}</h3>
          <ReadinessTable rows={byClass} name={(key) => (isClass(key) ? t(`class.${key}`) : key)} testId="readiness-by-class" />
          <h3 className="dock-section">{t('readiness.bySite')}</h3>
          <ReadinessTable rows={bySite} name={siteName} testId="readiness-by-site" />
        </>
      )}
    </DockPanel>
  );
}

const isClass = (key: string): key is (typeof ASSET_CLASSES)[number] => (ASSET_CLASSES as readonly string[]).includes(key);
const classOrder = (key: string) => (isClass(key) ? ASSET_CLASSES.indexOf(key) : ASSET_CLASSES.length);

function ReadinessTable({ rows, name, testId }: { rows: readonly Row[]; name(key: string): string; testId: string }) {
  const { t, i18n } = useTranslation('assets');
  const num = numberFormat(currentLanguage(i18n));
  return (
    <table className="grid-table readiness-table" data-testid={testId}>
      <thead>
        <tr>
          <th>{t('readiness.name')}</th>
          <th className="num">{t('readiness.rate')}</th>
          <th className="num">{t('readiness.target')}</th>
          <th className="num">{t('readiness.ready')}</th>
          <th className="num">{t('readiness.inService')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-key={r.key} data-rate={r.rate ?? ''} data-meets={r.meets ? 'true' : 'false'}>
            <td>{name(r.key)}</td>
            <td className={`num ${r.rate === null ? 'muted' : r.meets ? 'ok' : 'danger'}`} title={r.meets ? t('readiness.meets') : t('readiness.misses')}>
              {formatRate(r.rate)}
              {r.rate !== null && !r.meets ? <span className="readiness-miss"> ▼</span> : null}
            </td>
            <td className="num muted">{formatRate(r.target)}</td>
            <td className="num">{num.format(r.ready)}</td>
            <td className="num">{num.format(r.inService)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One site's readiness, for the site panel (rendered there by the shell: sites/ may not import this folder). */
export function SiteReadiness({ client, siteId }: { client: BoardClient; siteId: string }) {
  const { t, i18n } = useTranslation('assets');
  const num = numberFormat(currentLanguage(i18n));
  const { summary } = useReadiness(client, t);
  const row = summary?.bySite.find((r) => r.key === siteId);
  if (!summary) return null;
  return (
    <section className="panel-section" data-testid="site-readiness" data-rate={row?.rate ?? ''} aria-label={t('readiness.siteTitle')}>
      <h3 className="panel-section__title">{t('readiness.siteTitle')}</h3>
      {!row || row.inService === 0 ? (
        <div className="muted">{t('readiness.none')}</div>
      ) : (
        <div className={row.meets ? 'ok' : 'danger'}>
          {t('readiness.siteValue', { rate: formatRate(row.rate), target: formatRate(row.target), ready: num.format(row.ready), inService: num.format(row.inService) })}
        </div>
      )}
    </section>
  );
}

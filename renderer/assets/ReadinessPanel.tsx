import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Site } from '../../shared/domain';
import { ASSET_CLASSES } from '../../shared/assets/schema';
import type { BoardClient } from '../api/board-client';
import { formatRate, numberFormat } from '../format/number';
import { currentLanguage } from '../i18n';
import { DockPanel } from '../ui/DockPanel';
import { BatterySection } from './BatterySection';
import { ClimateImportSection } from './ClimateImportSection';
import { FlightLogImportSection } from './FlightLogImportSection';
import { ReadinessTrendChart } from './ReadinessTrendChart';
import { LabelsSection } from './LabelsSection';
import { ServiceLifeSection } from './ServiceLifeSection';
import { StocktakeSection } from './StocktakeSection';
import { VehicleServiceSection } from './VehicleServiceSection';
import type { PendingMarks } from '../ui/pending-marks';
import { useLedgerRead } from './use-ledger-read';
import { useReadiness, type ReadinessSummary } from './use-readiness';

type Row = ReadinessSummary['overall'];

type ReadinessPanelProps = {
  client: BoardClient;
  sites: readonly Site[];
  /** The repair and scrapping requests (维修报废审批), for who is offered them. */
  onOpenRepairs?: () => void;
  /** Opens an asset's record (the side panel), from the battery and service-life lists. */
  onOpenAsset?(assetId: string): void;
  /** The board's queued commands by target: a service recorded here is marked until the central has it. */
  pending?: PendingMarks;
  onClose(): void;
};

const TABS = ['overview', 'batteries', 'serviceLife', 'vehicles', 'stocktake', 'labels'] as const;
type Tab = (typeof TABS)[number];
/** Turnout follows the fleet; the batteries, their sites' storage readings. */
const VEHICLE_TABLES = ['vehicle'];
const NO_MARKS: PendingMarks = new Map();
const CLIMATE_TABLES = ['climate_reading'];

/**
 * 装备完好率: ready over in service, overall, per class and per site, each against its target
 * (≥ 98%), as the division reports it, with vehicle turnout (车辆出勤保障率, ≥ 99%) beside it
 * and the 30-day trend; then, on their own tabs, the drone batteries against the 5% red line,
 * the items past or near their service life, the vehicles due for service, a site's RFID stock-take (盘点) with its
 * corrections, and QR label sheets for a batch of items. Computed by the backend from the ledger
 * (shared/assets/), read again when the ledger changes; a tab reads only while it is shown.
 */
export function ReadinessPanel({ client, sites, onOpenRepairs, onOpenAsset, pending = NO_MARKS, onClose }: ReadinessPanelProps) {
  const { t, i18n } = useTranslation('assets');
  const language = currentLanguage(i18n);
  const [tab, setTab] = useState<Tab>('overview');
  const tabsId = useId();
  const siteName = (id: string) => {
    const s = sites.find((x) => x.id === id);
    return s ? (language === 'en' ? s.nameEn : s.name) : id;
  };
  return (
    <DockPanel testId="readiness-panel" title={t('readiness.title')} onClose={onClose}>
      {onOpenRepairs ? (
        <div className="button-row">
          <button type="button" className="action-button" data-testid="readiness-open-repairs" onClick={onOpenRepairs}>
            ⚒ {t('repairs.title')}
          </button>
        </div>
      ) : null}
      <div className="panel-tabs" role="tablist" aria-label={t('readiness.title')}>
        {TABS.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            id={`${tabsId}-${k}`}
            aria-selected={tab === k}
            aria-controls={`${tabsId}-${k}-panel`}
            className={`panel-tab${tab === k ? ' panel-tab--current' : ''}`}
            data-testid={`readiness-tab-${k}`}
            onClick={() => setTab(k)}
          >
            {t(`readiness.tab.${k}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${tabsId}-${tab}-panel`} aria-labelledby={`${tabsId}-${tab}`}>
        {tab === 'overview' ? (
          <Overview client={client} siteName={siteName} />
        ) : tab === 'batteries' ? (
          <Batteries client={client} sites={sites} siteName={siteName} onOpenAsset={onOpenAsset} />
        ) : tab === 'serviceLife' ? (
          <ServiceLifeSection client={client} siteName={siteName} onOpenAsset={onOpenAsset} />
        ) : tab === 'vehicles' ? (
          <VehicleServiceSection client={client} siteName={siteName} pending={pending} />
        ) : tab === 'stocktake' ? (
          <StocktakeSection client={client} sites={sites} siteName={siteName} />
        ) : (
          <LabelsSection client={client} sites={sites} siteName={siteName} />
        )}
      </div>
    </DockPanel>
  );
}

function Overview({ client, siteName }: { client: BoardClient; siteName(id: string): string }) {
  const { t, i18n } = useTranslation('assets');
  const language = currentLanguage(i18n);
  const { summary, error } = useReadiness(client, t);
  const turnout = useLedgerRead(client, t, 'readiness.turnout', {}, VEHICLE_TABLES);
  // Whose trend the chart shows: a class's or a site's when its row is chosen, else the whole ledger's.
  const [slice, setSlice] = useState<{ kind: 'class' | 'site'; key: string } | null>(null);
  const trend = useLedgerRead(client, t, 'readiness.trend', slice === null ? { days: 30 } : slice.kind === 'class' && isClass(slice.key) ? { days: 30, class: slice.key } : { days: 30, siteId: slice.key });
  const className = (key: string) => (isClass(key) ? t(`format:assetClass.${key}`) : key);
  const choose = (kind: 'class' | 'site') => (key: string) => setSlice(slice?.kind === kind && slice.key === key ? null : { kind, key });
  // Classes in the ledger's own order (body cameras first, as the report lists them).
  const byClass = summary ? [...summary.byClass].sort((a, b) => classOrder(a.key) - classOrder(b.key)) : [];
  const bySite = summary ? [...summary.bySite].sort((a, b) => siteName(a.key).localeCompare(siteName(b.key), language)) : [];
  const anyError = error ?? turnout.error ?? trend.error;
  return (
    <>
      {anyError ? (
        <div className="inline-error" role="alert">
          {anyError}
        </div>
      ) : null}
      {!summary ? (
        <div className="panel-empty">{t('readiness.loading')}</div>
      ) : (
        <>
          <div className="readiness-headlines">
            <Headline testId="readiness-overall" label={t('readiness.overall')} row={summary.overall} />
            {turnout.data ? <Headline testId="turnout-overall" label={t('turnout.title')} row={turnout.data.overall} detail={t('turnout.detail', { ready: turnout.data.overall.ready, total: turnout.data.overall.inService })} /> : null}
          </div>
          {trend.data ? (
            <ReadinessTrendChart trend={trend.data} of={slice ? (slice.kind === 'class' ? className(slice.key) : siteName(slice.key)) : null} onWhole={() => setSlice(null)} />
          ) : (
            <div className="panel-empty">{t('readiness.loading')}</div>
          )}
          <h3 className="dock-section">{t('readiness.byClass')}</h3>
          <ReadinessTable rows={byClass} name={className} testId="readiness-by-class" chosen={slice?.kind === 'class' ? slice.key : null} onChoose={choose('class')} />
          <h3 className="dock-section">{t('readiness.bySite')}</h3>
          <ReadinessTable rows={bySite} name={siteName} testId="readiness-by-site" chosen={slice?.kind === 'site' ? slice.key : null} onChoose={choose('site')} />
          {turnout.data && turnout.data.bySite.length > 0 ? (
            <>
              <h3 className="dock-section">{t('turnout.bySite')}</h3>
              <ReadinessTable rows={turnout.data.bySite} name={siteName} testId="turnout-by-site" />
            </>
          ) : null}
        </>
      )}
    </>
  );
}

function Headline({ testId, label, row, detail }: { testId: string; label: string; row: Row; detail?: string }) {
  const { t } = useTranslation('assets');
  return (
    <div className={`readiness-overall${row.meets ? '' : ' readiness-overall--miss'}`} data-testid={testId} data-rate={row.rate ?? ''}>
      <span className="readiness-overall__label">{label}</span>
      <span className="readiness-overall__rate">{formatRate(row.rate)}</span>
      <span className="muted">
        {t('readiness.target')} ≥ {formatRate(row.target)} · {row.meets ? t('readiness.meets') : t('readiness.misses')}
        {detail ? ` · ${detail}` : ''}
      </span>
    </div>
  );
}

function Batteries({ client, sites, siteName, onOpenAsset }: { client: BoardClient; sites: readonly Site[]; siteName(id: string): string; onOpenAsset?(assetId: string): void }) {
  const { t } = useTranslation('assets');
  const { data, error } = useLedgerRead(client, t, 'readiness.batteries', { limit: 200 }, CLIMATE_TABLES);
  if (!data) return error ? <div className="inline-error" role="alert">{error}</div> : <div className="panel-empty">{t('readiness.loading')}</div>;
  return (
    <>
      {error ? (
        <div className="inline-error" role="alert">
          {error}
        </div>
      ) : null}
      <BatterySection report={data} siteName={siteName} onOpenAsset={onOpenAsset} />
      <FlightLogImportSection client={client} />
      <ClimateImportSection client={client} sites={sites} siteName={siteName} />
    </>
  );
}

const isClass = (key: string): key is (typeof ASSET_CLASSES)[number] => (ASSET_CLASSES as readonly string[]).includes(key);
const classOrder = (key: string) => (isClass(key) ? ASSET_CLASSES.indexOf(key) : ASSET_CLASSES.length);

/**
 * Rows against their target; with `onChoose`, a row's name shows its own 30-day trend in the
 * chart above (chosen again: the whole ledger's).
 */
function ReadinessTable({ rows, name, testId, chosen = null, onChoose }: { rows: readonly Row[]; name(key: string): string; testId: string; chosen?: string | null; onChoose?(key: string): void }) {
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
          <tr key={r.key} data-key={r.key} data-rate={r.rate ?? ''} data-meets={r.meets ? 'true' : 'false'} className={chosen === r.key ? 'current' : undefined}>
            <td>
              {onChoose ? (
                <button type="button" className="link-button" aria-pressed={chosen === r.key} title={t('trend.show', { name: name(r.key) })} data-testid="readiness-trend-of" onClick={() => onChoose(r.key)}>
                  {name(r.key)}
                </button>
              ) : (
                name(r.key)
              )}
            </td>
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
export function SiteReadiness({ client, siteId, neighbour = false }: { client: BoardClient; siteId: string; neighbour?: boolean }) {
  const { t, i18n } = useTranslation('assets');
  const num = numberFormat(currentLanguage(i18n));
  const { summary } = useReadiness(client, t);
  const row = summary?.bySite.find((r) => r.key === siteId);
  // A neighbouring unit's site: its ledger is its own unit's, not sent to this console ("no equipment" would be wrong).
  if (neighbour) {
    return (
      <section className="panel-section" data-testid="site-readiness" data-rate="" aria-label={t('readiness.siteTitle')}>
        <h3 className="panel-section__title">{t('readiness.siteTitle')}</h3>
        <div className="muted" data-testid="site-readiness-not-here">{t('readiness.notHere')}</div>
      </section>
    );
  }
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

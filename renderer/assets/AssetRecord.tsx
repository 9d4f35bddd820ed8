import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodResult } from '../../shared/board-api';
import type { LifecycleStep, Repair } from '../../shared/assets/schema';
import type { Site } from '../../shared/domain';
import type { BoardClient } from '../api/board-client';
import { exportAudited } from '../ui/export-file';
import { sendCommand, useCommandIds } from '../api/commands';
import { errorText } from '../format/error-text';
import { currentLanguage } from '../i18n';
import { useGrant } from '../ui/grant';
import { assetTarget, repairTarget, type PendingMarks } from '../ui/pending-marks';
import { PendingMark } from '../ui/PendingMark';
import { SidePanel, SidePanelPlaceholder } from '../ui/SidePanel';
import { awaitsApproval, formatDay, serviceLifeEnd, stepInput } from './asset-view';
import { printLabels } from './print-labels';
import { useLedgerBeat } from './use-assets-changed';

type AssetDetail = MethodResult<'asset.detail'>;

/** Lifecycle states by how the record's chip colours them: in service and ready, out of it, gone. */
const STATE_COLOR: Record<AssetDetail['asset']['state'], string> = {
  procured: '#8a94a6',
  accepted: '#8a94a6',
  stored: '#2ecc71',
  allocated: '#3b9bff',
  in_repair: '#f39c12',
  missing: '#e74c3c',
  scrapped: '#5c6370',
};

type AssetRecordProps = {
  client: BoardClient;
  assetId: string;
  /** The board's sites: where it is, and where a step may send it. */
  sites: readonly Site[];
  /** Targets with a command waiting for the central (pending-marks.ts). */
  pending: PendingMarks;
  onError(text: string): void;
  onClose(): void;
};

/**
 * An asset's record (its "electronic birth certificate"), opened by a scan or a lookup: what
 * it is, where it is, its life so far newest first, its open requests, and the steps it may
 * take now (the backend's `steps`, from the lifecycle's state machine), each a command.
 */
export function AssetRecord({ client, assetId, sites, pending, onError, onClose }: AssetRecordProps) {
  const { t, i18n } = useTranslation('assets');
  const language = currentLanguage(i18n);
  const beat = useLedgerBeat(client);
  // A label printed is an export on the audit log: offered to the roles that may export.
  const mayPrint = useGrant()('audit.recordExport');
  const [detail, setDetail] = useState<AssetDetail | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    setFailed(false);
    client
      .call('asset.detail', { assetId })
      .then((d) => live && setDetail(d))
      .catch((error: unknown) => {
        if (!live) return;
        setFailed(true);
        onError(t('errors:error.call', { message: errorText(t, error) }));
      });
    return () => {
      live = false;
    };
    // Only what is read from the backend is a dependency: onError and t change identity on re-render.
  }, [client, assetId, beat]);

  const current = detail?.asset.id === assetId ? detail : null;
  if (!current) return <SidePanelPlaceholder testId="asset-record" failed={failed} onClose={onClose} />;

  const { asset, type, site, timeline, requests, steps, battery } = current;
  const siteName = (id: string | null) => {
    if (id === null) return '—';
    const s = sites.find((x) => x.id === id) ?? (site?.id === id ? site : undefined);
    return s ? (language === 'en' ? s.nameEn : s.name) : id;
  };
  const typeName = type ? (language === 'en' ? type.nameEn : type.name) : asset.typeId;
  const waiting = pending.get(assetTarget(asset.id)) ?? requests.map((r) => pending.get(repairTarget(r.id))).find((x) => x !== undefined);
  const lifeEnd = serviceLifeEnd(asset.acceptedAt, type?.serviceLifeMonths ?? null);
  return (
    <SidePanel
      testId="asset-record"
      title={typeName}
      chip={{ label: t(`state.${asset.state}`), color: STATE_COLOR[asset.state], testId: 'asset-state', status: asset.state }}
      marks={waiting ? <PendingMark state={waiting} /> : null}
      onClose={onClose}
    >
      <dl className="facts" data-testid="asset-facts" data-asset-id={asset.id}>
        <dt>{t('record.class')}</dt>
        <dd>{type ? t(`format:assetClass.${type.class}`) : '—'}</dd>
        <dt>{t('record.serial')}</dt>
        <dd className="mono">{asset.serial}</dd>
        <dt>{t('record.qr')}</dt>
        <dd className="mono" data-testid="asset-qr">
          {asset.qr}
        </dd>
        <dt>{t('record.epc')}</dt>
        <dd className={asset.epc ? 'mono' : 'muted'}>{asset.epc ?? t('record.noTag')}</dd>
        <dt>{t('record.state')}</dt>
        <dd>{t(`state.${asset.state}`)}</dd>
        {asset.holder ? (
          <>
            <dt>{t('record.holder')}</dt>
            <dd>{asset.holder}</dd>
          </>
        ) : null}
        <dt>{t('record.site')}</dt>
        <dd data-testid="asset-site">{siteName(asset.siteId)}</dd>
        <dt>{t('record.since')}</dt>
        <dd>{formatDay(asset.since)}</dd>
        {lifeEnd !== null ? (
          <>
            <dt>{t('record.serviceLife')}</dt>
            <dd className={lifeEnd < Date.now() ? 'danger' : undefined}>
              {t('record.serviceLifeEnd', { date: formatDay(lifeEnd).slice(0, 10) })}
              {lifeEnd < Date.now() ? <span className="badge badge--stale">{t('record.expired')}</span> : null}
            </dd>
          </>
        ) : null}
        {asset.cycles !== null ? (
          <>
            <dt>{t('record.cycles')}</dt>
            <dd>{t('record.cyclesValue', { cycles: asset.cycles, rated: type?.ratedCycles ?? '—' })}</dd>
          </>
        ) : null}
        {battery ? (
          <>
            <dt>{t('record.health')}</dt>
            <dd data-testid="asset-battery-health" data-health={battery.health} className={battery.aged ? 'danger' : battery.health < 0.85 ? 'warn' : undefined}>
              {(battery.health * 100).toFixed(1)}% ·{' '}
              {battery.aged ? t('battery.aged') : battery.endOfLifeAt === null ? t('record.noEndOfLife') : t('record.endOfLife', { date: formatDay(battery.endOfLifeAt).slice(0, 10) })}
              {battery.storageAssumed ? <span className="muted"> · {t('battery.why.noReadings')}</span> : null}
            </dd>
            <dt>{t('record.pace')}</dt>
            <dd data-testid="asset-battery-pace" data-per-day={battery.cyclesPerDay} data-measured={battery.flown ? 'true' : 'false'}>
              {battery.flown
                ? t('record.paceFlown', { perDay: battery.cyclesPerDay.toFixed(2), flights: battery.flown.flights, days: battery.flown.days, from: battery.flown.from, to: battery.flown.to })
                : t('record.paceAge', { perDay: battery.cyclesPerDay.toFixed(2) })}
            </dd>
          </>
        ) : null}
      </dl>
      <div className="button-row">
        <button
          type="button"
          className="action-button"
          data-testid="asset-print-label"
          disabled={!mayPrint.ok}
          title={mayPrint.title}
          onClick={() =>
            void exportAudited(client, { kind: 'labels_pdf', rows: 1, detail: { asset: asset.id } }, () => void printLabels([{ assetId: asset.id, qr: asset.qr, serial: asset.serial, typeName }], { i18n, batch: asset.qr })).catch(
              (e: unknown) => onError(t('errors:error.call', { message: errorText(t, e) })),
            )
          }
        >
          {t('labels.printOne')}
        </button>
      </div>
      <StepSection client={client} assetId={asset.id} steps={steps} requests={requests} sites={sites} siteId={asset.siteId} />
      <FileSection client={client} assetId={asset.id} blocked={asset.state === 'scrapped' || requests.length > 0} awaiting={requests.some((r) => r.status === 'filed')} />
      <RequestsSection requests={requests} />
      <section className="panel-section" aria-label={t('record.timeline')}>
        <h3 className="panel-section__title">{t('record.timeline')}</h3>
        {timeline.length === 0 ? (
          <div className="muted">{t('record.noTimeline')}</div>
        ) : (
          <ol className="asset-timeline" data-testid="asset-timeline">
            {timeline.map((e) => (
              <li key={e.id} data-step={e.step}>
                <div className="asset-timeline__head">
                  <strong>{t(`step.${e.step}`)}</strong>
                  <span className="muted">{formatDay(e.at)}</span>
                  <span className="muted">{e.by}</span>
                </div>
                <div className="small">
                  {e.from ? `${t(`state.${e.from}`)} → ` : ''}
                  {t(`state.${e.to}`)}
                  {e.holder ? ` · ${e.holder}` : e.siteId ? ` · ${siteName(e.siteId)}` : ''}
                </div>
                {e.note ? <div className="small muted">{e.note}</div> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </SidePanel>
  );
}

/** The steps allowed now, each with what it needs (a site, a holder) and a note. */
function StepSection({ client, assetId, steps, requests, sites, siteId }: { client: BoardClient; assetId: string; steps: readonly LifecycleStep[]; requests: readonly Repair[]; sites: readonly Site[]; siteId: string | null }) {
  const { t, i18n } = useTranslation('assets');
  const language = currentLanguage(i18n);
  const grant = useGrant();
  const may = grant('asset.step');
  const commandIds = useCommandIds();
  const [chosen, setChosen] = useState<LifecycleStep | null>(null);
  const [site, setSite] = useState('');
  const [holder, setHolder] = useState('');
  const [note, setNote] = useState('');
  const [state, setState] = useState<{ busy: boolean; done: LifecycleStep | null; error: string | null }>({ busy: false, done: null, error: null });

  // A step chosen for another asset, or no longer allowed, is no longer asked.
  useEffect(() => {
    setChosen(null);
    setState({ busy: false, done: null, error: null });
  }, [assetId]);
  useEffect(() => {
    if (chosen && !steps.includes(chosen)) setChosen(null);
  }, [steps, chosen]);

  const input = chosen ? stepInput(chosen) : null;
  const missing = input === 'site' ? (site ? null : t('record.chooseSite')) : input === 'holder' ? (holder.trim() ? null : t('record.needsHolder')) : null;
  const send = async () => {
    if (!chosen || missing) return;
    setState({ busy: true, done: null, error: null });
    try {
      await sendCommand(client, commandIds, 'asset.step', {
        assetId,
        step: chosen,
        note: note.trim(),
        ...(input === 'site' ? { siteId: site } : {}),
        ...(input === 'holder' ? { holder: holder.trim() } : {}),
      });
      setState({ busy: false, done: chosen, error: null });
      setChosen(null);
      setNote('');
      setHolder('');
    } catch (error) {
      setState({ busy: false, done: null, error: errorText(t, error) });
    }
  };
  const choose = (step: LifecycleStep) => {
    setChosen(step);
    setState({ busy: false, done: null, error: null });
    // Sent elsewhere than where it is: another site is the likely choice for a transfer.
    setSite(stepInput(step) === 'site' && step !== 'transfer' && siteId ? siteId : '');
  };
  return (
    <section className="panel-section" aria-label={t('record.actions')}>
      <h3 className="panel-section__title">{t('record.actions')}</h3>
      {steps.length === 0 ? <div className="muted">{t('record.noSteps')}</div> : null}
      <div className="button-row">
        {steps.map((step) => {
          const waits = awaitsApproval(step, requests);
          return (
            <button
              key={step}
              type="button"
              className={`action-button${chosen === step ? ' action-button--primary' : ''}${step === 'scrap' ? ' action-button--danger' : ''}`}
              data-testid={`asset-step-${step}`}
              aria-pressed={chosen === step}
              disabled={state.busy || !may.ok || waits}
              title={may.title ?? (waits ? t('record.needsApproval') : undefined)}
              onClick={() => choose(step)}
            >
              {t(`step.${step}`)}
            </button>
          );
        })}
      </div>
      {steps.some((s) => awaitsApproval(s, requests)) ? <div className="small muted asset-hint">{t('record.needsApproval')}</div> : null}
      {chosen ? (
        <div className="form-grid asset-form" data-testid="asset-step-form">
          {input === 'site' ? (
            <>
              <label htmlFor="asset-step-site">{t('record.stepSite')}</label>
              <select id="asset-step-site" data-testid="asset-step-site" value={site} onChange={(e) => setSite(e.target.value)}>
                <option value="">{t('record.chooseSite')}</option>
                {sites.map((s) => (
                  <option key={s.id} value={s.id} disabled={chosen === 'transfer' && s.id === siteId}>
                    {language === 'en' ? s.nameEn : s.name}
                  </option>
                ))}
              </select>
            </>
          ) : null}
          {input === 'holder' ? (
            <>
              <label htmlFor="asset-step-holder">{t('record.stepHolder')}</label>
              <input id="asset-step-holder" data-testid="asset-step-holder" value={holder} placeholder={t('record.holderPlaceholder')} maxLength={64} onChange={(e) => setHolder(e.target.value)} />
            </>
          ) : null}
          <label htmlFor="asset-step-note">{t('record.note')}</label>
          <input id="asset-step-note" data-testid="asset-step-note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
          <span />
          <div className="button-row">
            <button type="button" className="action-button action-button--primary" data-testid="asset-step-confirm" disabled={state.busy || missing !== null || !may.ok} title={missing ?? may.title} onClick={() => void send()}>
              {t('record.confirm', { step: t(`step.${chosen}`) })}
            </button>
            <button type="button" className="action-button" onClick={() => setChosen(null)}>
              {t('record.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {state.done ? (
        <div className="panel-note ok" role="status" data-testid="asset-step-done">
          {t('record.stepDone', { step: t(`step.${state.done}`) })}
        </div>
      ) : null}
      {state.error ? (
        <div className="inline-error" role="alert" data-testid="asset-step-error">
          {t('record.failed', { message: state.error })}
        </div>
      ) : null}
    </section>
  );
}

/** 报修 / 申请报废: a request with a reason, for a supervisor to decide. */
function FileSection({ client, assetId, blocked, awaiting }: { client: BoardClient; assetId: string; blocked: boolean; awaiting: boolean }) {
  const { t } = useTranslation('assets');
  const grant = useGrant();
  const may = grant('repair.file');
  const commandIds = useCommandIds();
  const [kind, setKind] = useState<Repair['kind'] | null>(null);
  const [reason, setReason] = useState('');
  const [state, setState] = useState<{ busy: boolean; done: Repair['kind'] | null; error: string | null }>({ busy: false, done: null, error: null });
  useEffect(() => {
    setKind(null);
    setReason('');
    setState({ busy: false, done: null, error: null });
  }, [assetId]);

  const send = async () => {
    if (!kind || !reason.trim()) return;
    setState({ busy: true, done: null, error: null });
    try {
      await sendCommand(client, commandIds, 'repair.file', { target: { kind: 'asset', id: assetId }, kind, reason: reason.trim() });
      setState({ busy: false, done: kind, error: null });
      setKind(null);
      setReason('');
    } catch (error) {
      setState({ busy: false, done: null, error: errorText(t, error) });
    }
  };
  const title = may.title ?? (blocked ? t('file.open') : undefined);
  return (
    <section className="panel-section">
      <div className="button-row">
        {(['repair', 'scrap'] as const).map((k) => (
          <button
            key={k}
            type="button"
            className={`action-button${kind === k ? ' action-button--primary' : ''}${k === 'scrap' ? ' action-button--warn' : ''}`}
            data-testid={`asset-file-${k}`}
            aria-pressed={kind === k}
            disabled={state.busy || blocked || !may.ok}
            title={title}
            onClick={() => setKind(kind === k ? null : k)}
          >
            {t(`file.${k}`)}
          </button>
        ))}
      </div>
      {kind ? (
        <div className="form-grid asset-form">
          <label htmlFor="asset-file-reason">{t('file.reason')}</label>
          <textarea id="asset-file-reason" data-testid="asset-file-reason" rows={2} maxLength={500} value={reason} placeholder={t('file.reasonPlaceholder')} onChange={(e) => setReason(e.target.value)} />
          <span />
          <div className="button-row">
            <button type="button" className="action-button action-button--primary" data-testid="asset-file-send" disabled={state.busy || !reason.trim() || !may.ok} title={may.title} onClick={() => void send()}>
              {t('file.send', { kind: t(`repairKind.${kind}`) })}
            </button>
            <button type="button" className="action-button" onClick={() => setKind(null)}>
              {t('record.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {/* Only while the request waits: decided, the requests list says what became of it. */}
      {state.done && awaiting ? (
        <div className="panel-note ok" role="status" data-testid="asset-file-done">
          {t('file.done', { kind: t(`repairKind.${state.done}`) })}
        </div>
      ) : null}
      {state.error ? (
        <div className="inline-error" role="alert" data-testid="asset-file-error">
          {t('record.failed', { message: state.error })}
        </div>
      ) : null}
    </section>
  );
}

function RequestsSection({ requests }: { requests: readonly Repair[] }) {
  const { t } = useTranslation('assets');
  return (
    <section className="panel-section" aria-label={t('record.requests')}>
      <h3 className="panel-section__title">{t('record.requests')}</h3>
      {requests.length === 0 ? (
        <div className="muted">{t('record.noRequests')}</div>
      ) : (
        <ul className="asset-requests" data-testid="asset-requests">
          {requests.map((r) => (
            <li key={r.id} data-status={r.status} data-kind={r.kind}>
              <strong>{t(`repairKind.${r.kind}`)}</strong> · {t(`repairStatus.${r.status}`)}
              <div className="small">{r.reason}</div>
              <div className="small muted">
                {r.filedBy} · {formatDay(r.filedAt)}
                {r.decidedBy ? ` · ${r.decidedBy}：${r.decisionNote}` : ''}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

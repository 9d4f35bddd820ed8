import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REPAIR_CYCLE_TARGET_DAYS, type Repair } from '../../shared/assets/schema';
import type { Vehicle } from '../../shared/domain';
import type { BoardClient } from '../api/board-client';
import { sendCommand, useCommandIds } from '../api/commands';
import { errorText } from '../format/error-text';
import { DockPanel } from '../ui/DockPanel';
import { useGrant } from '../ui/grant';
import { repairTarget, type PendingMarks } from '../ui/pending-marks';
import { PendingMark } from '../ui/PendingMark';
import { formatDay, openRepairsOldestFirst, repairActions, repairAge } from './asset-view';
import { useLedgerBeat } from './use-assets-changed';

type RepairsPanelProps = {
  client: BoardClient;
  now: number;
  vehiclesById: ReadonlyMap<string, Vehicle>;
  pending: PendingMarks;
  /** An asset's row opens its record. */
  onOpenAsset(assetId: string): void;
  onClose(): void;
};

/** How an asset is named in the list: its QR label (what the officer scans), learnt once per asset. */
type AssetLabel = { qr: string; type: string };

/**
 * 维修报废审批: the open requests (filed, approved, in repair), oldest first, each with its age
 * against the 3.1-day repair cycle (overdue marked). A supervisor approves or rejects a filed
 * one with a note; an approved asset repair is sent to repair (its lifecycle step), one in
 * repair is marked back (repair.close).
 */
export function RepairsPanel({ client, now, vehiclesById, pending, onOpenAsset, onClose }: RepairsPanelProps) {
  const { t, i18n } = useTranslation('assets');
  const beat = useLedgerBeat(client);
  const [repairs, setRepairs] = useState<readonly Repair[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [labels, setLabels] = useState<ReadonlyMap<string, AssetLabel>>(new Map());

  useEffect(() => {
    let live = true;
    client.call('repairs.list', {}).then(
      (r) => {
        if (!live) return;
        setRepairs(r.repairs);
        setError(null);
      },
      (e: unknown) => live && setError(errorText(t, e)),
    );
    return () => {
      live = false;
    };
  }, [client, beat]);

  const rows = useMemo(() => openRepairsOldestFirst(repairs ?? []), [repairs]);
  // QR labels of the assets listed, asked once each (a label never changes).
  useEffect(() => {
    const missing = [...new Set(rows.filter((r) => r.target.kind === 'asset' && !labels.has(r.target.id)).map((r) => r.target.id))].slice(0, 50);
    if (missing.length === 0) return;
    let live = true;
    void Promise.allSettled(missing.map((assetId) => client.call('asset.detail', { assetId }))).then((answers) => {
      if (!live) return;
      setLabels((old) => {
        const next = new Map(old);
        for (const a of answers) {
          if (a.status !== 'fulfilled') continue;
          const { asset, type } = a.value;
          next.set(asset.id, { qr: asset.qr, type: type ? (i18n.language === 'en' ? type.nameEn : type.name) : asset.typeId });
        }
        return next;
      });
    });
    return () => {
      live = false;
    };
  }, [client, rows, labels, i18n.language]);

  const overdue = rows.filter((r) => repairAge(r, now).overdue).length;
  return (
    <DockPanel testId="repairs-panel" title={t('repairs.title')} onClose={onClose}>
      {error ? (
        <div className="inline-error" role="alert">
          {error}
        </div>
      ) : null}
      {repairs === null ? null : rows.length === 0 ? (
        <div className="panel-empty">{t('repairs.empty')}</div>
      ) : (
        <>
          <div className={`repairs-summary${overdue > 0 ? ' repairs-summary--overdue' : ''}`} data-testid="repairs-summary">
            {t('repairs.summary', { open: rows.length, overdue, target: REPAIR_CYCLE_TARGET_DAYS })}
          </div>
          <ul className="repair-list" data-testid="repair-list">
            {rows.map((r) => {
              const label = r.target.kind === 'asset' ? labels.get(r.target.id) : undefined;
              const plate = r.target.kind === 'vehicle' ? (vehiclesById.get(r.target.id)?.plate ?? r.target.id) : null;
              return (
                <RepairRow
                  key={r.id}
                  client={client}
                  repair={r}
                  now={now}
                  name={plate !== null ? t('repairs.vehicle', { plate }) : label ? `${label.type} · ${label.qr}` : r.target.id}
                  waiting={pending.get(repairTarget(r.id)) ?? null}
                  onOpen={r.target.kind === 'asset' ? () => onOpenAsset(r.target.id) : null}
                />
              );
            })}
          </ul>
        </>
      )}
    </DockPanel>
  );
}

type RowProps = {
  client: BoardClient;
  repair: Repair;
  now: number;
  name: string;
  waiting: ReturnType<PendingMarks['get']> | null;
  onOpen: (() => void) | null;
};

function RepairRow({ client, repair: r, now, name, waiting, onOpen }: RowProps) {
  const { t } = useTranslation('assets');
  const grant = useGrant();
  const mayDecide = grant('repair.decide');
  const mayStep = grant('asset.step');
  const mayClose = grant('repair.close');
  const commandIds = useCommandIds();
  const [deciding, setDeciding] = useState<boolean | null>(null);
  const [note, setNote] = useState('');
  const [state, setState] = useState<{ busy: boolean; done: boolean; error: string | null }>({ busy: false, done: false, error: null });
  const age = repairAge(r, now);
  const can = repairActions(r);

  const run = async (act: () => Promise<unknown>) => {
    setState({ busy: true, done: false, error: null });
    try {
      await act();
      setState({ busy: false, done: true, error: null });
      setDeciding(null);
      setNote('');
    } catch (error) {
      setState({ busy: false, done: false, error: errorText(t, error) });
    }
  };
  const decide = (approve: boolean) => run(() => sendCommand(client, commandIds, 'repair.decide', { repairId: r.id, approve, note: note.trim() }));
  const sendToRepair = () => run(() => sendCommand(client, commandIds, 'asset.step', { assetId: r.target.id, step: 'send_to_repair', note: r.reason }));
  const close = () => run(() => sendCommand(client, commandIds, 'repair.close', { repairId: r.id, note: '' }));

  return (
    <li className={`repair-row${age.overdue ? ' repair-row--overdue' : ''}`} data-testid="repair-row" data-repair-id={r.id} data-target-id={r.target.id} data-status={r.status} data-overdue={age.overdue ? 'true' : 'false'}>
      <div className="repair-row__head">
        {onOpen ? (
          <button type="button" className="link-button repair-row__target" onClick={onOpen}>
            {name}
          </button>
        ) : (
          <span className="repair-row__target">{name}</span>
        )}
        <span className={`tag repair-kind repair-kind--${r.kind}`}>{t(`repairKind.${r.kind}`)}</span>
        <span className="tag" data-testid="repair-status">
          {t(`repairStatus.${r.status}`)}
        </span>
        {waiting ? <PendingMark state={waiting} /> : null}
        <span className="spacer" />
        <span className={age.overdue ? 'danger' : 'muted'} data-testid="repair-age" title={t('repairs.age')}>
          {t('repairs.ageDays', { days: age.ageDays.toFixed(1) })}
          {age.overdue ? <strong className="badge repair-overdue">{t('repairs.overdue')}</strong> : null}
        </span>
      </div>
      <div className="repair-row__reason">{r.reason}</div>
      <div className="small muted">
        {t('repairs.filed')}：{r.filedBy} · {formatDay(r.filedAt)}
        {r.decidedBy ? ` · ${r.decidedBy}：${r.decisionNote}` : ''}
      </div>
      <div className="button-row repair-row__actions">
        {can.decide ? (
          <>
            <button type="button" className={`action-button${deciding === true ? ' action-button--primary' : ''}`} data-testid="repair-approve" disabled={state.busy || !mayDecide.ok} title={mayDecide.title} onClick={() => setDeciding(deciding === true ? null : true)}>
              {t('repairs.approve')}
            </button>
            <button type="button" className={`action-button action-button--warn${deciding === false ? ' action-button--primary' : ''}`} data-testid="repair-reject" disabled={state.busy || !mayDecide.ok} title={mayDecide.title} onClick={() => setDeciding(deciding === false ? null : false)}>
              {t('repairs.reject')}
            </button>
          </>
        ) : null}
        {can.send ? (
          <button type="button" className="action-button action-button--primary" data-testid="repair-send" disabled={state.busy || !mayStep.ok} title={mayStep.title} onClick={() => void sendToRepair()}>
            {t('repairs.send')}
          </button>
        ) : null}
        {can.close ? (
          <button type="button" className="action-button" data-testid="repair-close" disabled={state.busy || !mayClose.ok} title={mayClose.title} onClick={() => void close()}>
            {t('repairs.close')}
          </button>
        ) : null}
      </div>
      {deciding !== null ? (
        <div className="repair-decision">
          <input
            aria-label={t('repairs.note')}
            data-testid="repair-note"
            value={note}
            maxLength={500}
            placeholder={t('repairs.notePlaceholder')}
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && note.trim()) void decide(deciding);
            }}
          />
          <button type="button" className="action-button action-button--primary" data-testid="repair-decide" disabled={state.busy || !note.trim() || !mayDecide.ok} title={mayDecide.title ?? (note.trim() ? undefined : t('repairs.noteRequired'))} onClick={() => void decide(deciding)}>
            {deciding ? t('repairs.confirmApprove') : t('repairs.confirmReject')}
          </button>
          <button type="button" className="action-button" onClick={() => setDeciding(null)}>
            {t('repairs.cancel')}
          </button>
        </div>
      ) : null}
      {state.error ? (
        <div className="inline-error" role="alert" data-testid="repair-error">
          {t('repairs.failed', { message: state.error })}
        </div>
      ) : null}
    </li>
  );
}

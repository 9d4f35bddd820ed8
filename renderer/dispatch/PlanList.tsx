import { useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { DispatchPlanView } from '../../shared/board-api';
import { cssColor, runColor } from '../../shared/palette';
import { formatDuration } from '../format/duration';
import { joinList } from '../format/list';
import { moveHighlight } from '../ui/highlight';
import { marginLevel } from './margin';
import { pickupsBySite } from './plan-edit';

/** Names the plan list shows for ids (current language). */
export type PlanNames = {
  site(id: string): string;
  item(id: string): string;
  unit(id: string): string;
  vehicle(id: string): { plate: string; kind: string } | null;
};

type PlanListProps = {
  plans: readonly DispatchPlanView[];
  selected: number;
  onSelect(index: number): void;
  /** Enter on the list. */
  onAccept(): void;
  /** "e" on the list. */
  onEdit(): void;
  names: PlanNames;
  /** A newer answer is being computed: the list shown is the previous one. */
  stale: boolean;
  listRef?: Ref<HTMLDivElement>;
};

/** Runs listed in full up to this many; a plan of 30 vehicles lists the first few and counts the rest. */
const RUNS_SHOWN = 4;

/**
 * The 2–3 recommended plans, best first: reason, arrival, margin against the deadline
 * (four-colour), and for the selected one which site supplies what, which vehicle carries
 * it and each leg's drive time. ↑/↓ select (the map draws the selected plan), Enter accepts.
 */
export function PlanList({ plans, selected, onSelect, onAccept, onEdit, names, stale, listRef }: PlanListProps) {
  const { t } = useTranslation('dispatch');
  const [allRuns, setAllRuns] = useState(false);
  const num = (n: number) => n.toLocaleString();

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      onSelect(moveHighlight(selected, e.key === 'ArrowDown' ? 1 : -1, plans.length));
      setAllRuns(false);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      onAccept();
    } else if (e.key === 'e' || e.key === 'E') {
      e.preventDefault();
      onEdit();
    } else if (/^[1-5]$/.test(e.key) && Number(e.key) <= plans.length) {
      onSelect(Number(e.key) - 1);
    }
  };

  return (
    <div
      className={`plan-list${stale ? ' plan-list--stale' : ''}`}
      data-testid="plan-list"
      role="listbox"
      tabIndex={0}
      ref={listRef}
      aria-label={t('plan.title')}
      aria-activedescendant={plans[selected] ? `plan-option-${plans[selected].rank}` : undefined}
      aria-busy={stale}
      onKeyDown={onKeyDown}
    >
      {plans.map((p, i) => {
        const level = marginLevel(p.marginS);
        const isSelected = i === selected;
        const sites = pickupsBySite(p.pickups);
        return (
          <div
            key={p.rank}
            id={`plan-option-${p.rank}`}
            role="option"
            aria-selected={isSelected}
            className={`plan${isSelected ? ' plan--selected' : ''}`}
            data-testid={`plan-${p.rank}`}
            data-reason={p.reason}
            data-level={level}
            data-arrival-s={Math.round(p.arrivalS)}
            onClick={() => onSelect(i)}
          >
            <div className="plan__head">
              <span className="plan__rank">{p.rank}</span>
              <strong className="plan__reason">{t(`plan.reason.${p.reason}`)}</strong>
              <span className="plan__arrival">{t('plan.arrival', { time: formatDuration(t, p.arrivalS * 1000) })}</span>
              <span className={`margin-chip level--${level}`} data-testid="plan-margin" data-level={level} data-margin-s={Math.round(p.marginS)}>
                {p.marginS >= 0 ? t('plan.margin', { time: formatDuration(t, p.marginS * 1000) }) : t('plan.late', { time: formatDuration(t, -p.marginS * 1000) })}
              </span>
            </div>
            <div className="plan__meta">
              {p.runs.length === 1 ? t('plan.vehicleOne') : t('plan.vehicleCount', { count: p.runs.length })}
              <span className="sep"> · </span>
              {joinList(t, sites.map((s) => names.site(s.siteId)), 'names')}
              <span className="sep"> · </span>
              {p.keepsReserve ? <span className="ok">{t('plan.keepsReserve')}</span> : <span className="warn">{t('plan.belowSafety', { count: p.belowSafety.length })}</span>}
            </div>
            {p.approval ? (
              <div className="plan__approval warn" data-testid="plan-approval" data-level={p.approval.level}>
                {t(`approval.waitsFor.${p.approval.level}`)}
                {t('approval.because', { reasons: joinList(t, p.approval.reasons.map((r) => t(`approval.reason.${r}`)), 'names') })}
              </div>
            ) : null}
            {!p.meetsDeadline ? (
              <div className="plan__late" data-testid="plan-late">
                {t('plan.cannotMeet', { minutes: Math.round(p.deadlineS / 60) })}
                {p.lateReason ? t(`plan.lateReason.${p.lateReason}`) : ''}
              </div>
            ) : null}
            {isSelected ? (
              <div className="plan__detail">
                <div className="plan__sources">
                  {sites.map((s) => (
                    <div key={s.siteId} className="plan__source">
                      <span className="plan__source-site">{names.site(s.siteId)}</span>
                      <span className="muted">
                        {joinList(t, s.items.map((it) => `${names.item(it.itemId)} ${num(it.quantity)}${names.unit(it.itemId)}`))}
                      </span>
                    </div>
                  ))}
                </div>
                <ol className="plan-runs">
                  {(allRuns ? p.runs : p.runs.slice(0, RUNS_SHOWN)).map((r, ri) => {
                    const v = names.vehicle(r.vehicleId);
                    return (
                      <li key={r.vehicleId} className="plan-run" data-vehicle-id={r.vehicleId}>
                        <div className="plan-run__head">
                          <span className="run-swatch" style={{ background: cssColor(runColor(ri)) }} aria-hidden="true" />
                          <strong className="plan-run__plate">{v?.plate ?? r.vehicleId}</strong>
                          <span className="muted">{v ? v.kind : ''}</span>
                          <span className="muted">{t('plan.load', { load: r.loadUnits, capacity: r.capacity })}</span>
                          <span className="plan-run__arrival">{t('plan.runArrival', { time: formatDuration(t, r.arrivalS * 1000) })}</span>
                        </div>
                        <div className="plan-run__legs">
                          <span className="leg leg--start">{t('plan.vehicleStart')}</span>
                          {r.legs.map((leg, li) => {
                            const stops = Math.max(1, r.siteIds.length);
                            return (
                              <span key={li} className="leg">
                                <span className="leg__drive" title={t('plan.legTitle')}>
                                  → {formatDuration(t, leg.driveS * 1000)} →
                                </span>
                                <span className="leg__to">{leg.to.kind === 'site' ? names.site(leg.to.id ?? '') : t('plan.destination')}</span>
                                {leg.to.kind === 'site' && r.loadingS > 0 ? (
                                  <span className="leg__loading">{t('plan.loading', { time: formatDuration(t, (r.loadingS / stops) * 1000) })}</span>
                                ) : null}
                              </span>
                            );
                          })}
                        </div>
                      </li>
                    );
                  })}
                </ol>
                {p.runs.length > RUNS_SHOWN ? (
                  <button type="button" className="link-button small" tabIndex={-1} onClick={() => setAllRuns((v) => !v)}>
                    {allRuns ? t('plan.fewerRuns') : t('plan.moreRuns', { count: p.runs.length - RUNS_SHOWN })}
                  </button>
                ) : null}
                {p.belowSafety.length > 0 ? (
                  <div className="plan__reserve warn small">
                    {t('plan.reserveList', {
                      list: joinList(
                        t,
                        p.belowSafety
                          .slice(0, 6)
                          .map((b) => t('plan.reserveItem', { site: names.site(b.siteId), item: names.item(b.itemId), remaining: num(b.remaining), safety: num(b.safetyLevel) })),
                        'clauses',
                      ),
                    })}
                  </div>
                ) : null}
              </div>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

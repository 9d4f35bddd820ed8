import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodResult } from '../../shared/board-api';
import type { Site } from '../../shared/domain';
import { POSITION_STALE_MS, VEHICLE_STATUS_COLORS } from '../../shared/vehicle-style';
import type { BoardClient } from '../api/board-client';
import { formatAge } from '../app/age';
import { errorText } from '../app/use-board';
import { useNow } from '../app/use-now';
import { currentLanguage } from '../i18n';
import { cssColor } from '../map/site-style';
import { readVehicle } from '../map/vehicle-buffers';
import type { VehicleFeed } from '../map/vehicle-feed';
import { SidePanel } from './SidePanel';

type VehicleDetail = MethodResult<'vehicle.detail'>;

type VehiclePanelProps = {
  client: BoardClient;
  vehicleId: string;
  epoch: number;
  feed: VehicleFeed;
  sites: readonly Site[];
  onError(text: string): void;
  onClose(): void;
};

export function VehiclePanel({ client, vehicleId, epoch, feed, sites, onError, onClose }: VehiclePanelProps) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const now = useNow(1000);
  const [detail, setDetail] = useState<VehicleDetail | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    setFailed(false);
    client
      .call('vehicle.detail', { vehicleId })
      .then((d) => live && setDetail(d))
      .catch((error: unknown) => {
        if (!live) return;
        setFailed(true);
        onError(t('error.call', { message: errorText(error) }));
      });
    return () => {
      live = false;
    };
  }, [client, vehicleId, epoch]);

  const current = detail?.vehicle.id === vehicleId ? detail : null;
  if (!current) {
    return (
      <SidePanel testId="vehicle-panel" title={failed ? t('panel.notFound') : t('panel.loading')} onClose={onClose}>
        <div className="panel-empty">{failed ? t('panel.notFound') : t('panel.loading')}</div>
      </SidePanel>
    );
  }

  const { vehicle, position } = current;
  // The stream is newer than the detail call; re-read every second (useNow re-renders).
  const liveNow = readVehicle(feed.buffers, vehicle.no);
  const reportedAt = Math.max(liveNow?.ts ?? 0, position?.ts ?? 0) || null;
  const speed = liveNow && (!position || liveNow.ts >= position.ts) ? liveNow.speedKmh : position?.speedKmh;
  const stale = reportedAt !== null && now - reportedAt > POSITION_STALE_MS;
  const home = sites.find((s) => s.id === vehicle.homeSiteId);
  const statusColor = cssColor(VEHICLE_STATUS_COLORS[vehicle.status]);

  return (
    <SidePanel
      testId="vehicle-panel"
      title={vehicle.plate}
      subtitle={
        <span className="kind-chip" data-testid="vehicle-status" data-status={vehicle.status}>
          <span className="dot" style={{ background: statusColor }} />
          {t(`status.${vehicle.status}`)}
        </span>
      }
      accent={statusColor}
      onClose={onClose}
    >
      <dl className="facts">
        <dt>{t('vehicle.plate')}</dt>
        <dd>{vehicle.plate}</dd>
        <dt>{t('vehicle.kind')}</dt>
        <dd>{t(`vehicleKind.${vehicle.kind}`)}</dd>
        <dt>{t('vehicle.status')}</dt>
        <dd>{t(`status.${vehicle.status}`)}</dd>
        <dt>{t('vehicle.crew')}</dt>
        <dd>{vehicle.crew.length > 0 ? vehicle.crew.join('、') : <span className="muted">{t('vehicle.noCrew')}</span>}</dd>
        <dt>{t('vehicle.speed')}</dt>
        <dd data-testid="vehicle-speed">{speed === undefined ? '—' : t('vehicle.speedValue', { value: Math.round(speed) })}</dd>
        <dt>{t('vehicle.lastReport')}</dt>
        <dd data-testid="vehicle-last-report" className={stale ? 'warn' : undefined} title={stale ? t('vehicle.stale') : undefined}>
          {reportedAt === null ? t('vehicle.noReport') : formatAge(t, reportedAt, now)}
        </dd>
        <dt>{t('vehicle.home')}</dt>
        <dd>{home ? (language === 'en' ? home.nameEn : home.name) : <span className="mono">{vehicle.homeSiteId}</span>}</dd>
        <dt>{t('vehicle.capacity')}</dt>
        <dd>{t('vehicle.capacityValue', { value: vehicle.capacity })}</dd>
      </dl>
    </SidePanel>
  );
}

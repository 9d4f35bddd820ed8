import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Vehicle } from '../../shared/domain';
import type { BoardClient } from '../api/board-client';
import { currentLanguage } from '../i18n';
import type { BoardMap, BoardMapState, LayerVisibility, MapPick, MapSelection } from '../map/board-map';
import { MapView } from '../map/MapView';
import { readVehicle } from '../map/vehicle-buffers';
import type { VehicleFeed } from '../map/vehicle-feed';
import { SitePanel } from '../panels/SitePanel';
import { VehiclePanel } from '../panels/VehiclePanel';
import { loadVisibility, saveVisibility } from './layer-visibility';
import type { TestHookSource } from './test-hook';
import { TopBar } from './TopBar';
import { useBoard } from './use-board';
import { useNow } from './use-now';

const HOST_GRACE_MS = 3000;

type Selection = { kind: 'site'; siteId: string } | { kind: 'vehicle'; vehicleId: string } | null;

type AppProps = {
  client: BoardClient;
  feed: VehicleFeed;
  testHook: TestHookSource;
};

export function App({ client, feed, testHook }: AppProps) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const board = useBoard(client, feed);
  const now = useNow(1000);
  const [selection, setSelection] = useState<Selection>(null);
  const [visibility, setVisibility] = useState<LayerVisibility>(() => loadVisibility());
  const [boardMap, setBoardMap] = useState<BoardMap | null>(null);
  const hadConnection = useRef(false);
  const [startedAt] = useState(() => Date.now());

  const sites = useMemo(() => board.snapshot?.sites ?? [], [board.snapshot]);
  const vehicles = useMemo(() => board.snapshot?.vehicles ?? [], [board.snapshot]);
  const vehiclesByNo = useMemo(() => new Map<number, Vehicle>(vehicles.map((v) => [v.no, v])), [vehicles]);
  const vehiclesById = useMemo(() => new Map<string, Vehicle>(vehicles.map((v) => [v.id, v])), [vehicles]);

  const mapSelection: MapSelection = useMemo(() => {
    if (selection?.kind === 'site') return selection;
    if (selection?.kind === 'vehicle') {
      const v = vehiclesById.get(selection.vehicleId);
      return v ? { kind: 'vehicle', vehicleNo: v.no } : null;
    }
    return null;
  }, [selection, vehiclesById]);

  const mapState: BoardMapState = useMemo(
    () => ({ sites, visibility, language, selection: mapSelection }),
    [sites, visibility, language, mapSelection],
  );

  const onPick = useCallback(
    (pick: MapPick) => {
      if (pick.kind === 'site') setSelection({ kind: 'site', siteId: pick.siteId });
      else {
        const v = vehiclesByNo.get(pick.vehicleNo);
        if (v) setSelection({ kind: 'vehicle', vehicleId: v.id });
      }
    },
    [vehiclesByNo],
  );
  const describeVehicle = useCallback(
    (no: number) => {
      const v = vehiclesByNo.get(no);
      return v ? `${v.plate} · ${t(`status.${v.status}`)}` : `#${no}`;
    },
    [vehiclesByNo, t],
  );
  const onMap = useCallback((map: BoardMap | null, loaded: boolean) => {
    setBoardMap(map);
    testHook.map = map;
    testHook.mapLoaded = loaded;
  }, [testHook]);

  const toggleLayer = useCallback((layer: keyof LayerVisibility) => {
    setVisibility((v) => {
      const next = { ...v, [layer]: !v[layer] };
      saveVisibility(next);
      return next;
    });
  }, []);
  const closePanel = useCallback(() => setSelection(null), []);

  useEffect(() => {
    document.title = t('app.name');
  }, [t, language]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setSelection(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Tiles that failed while the backend was away are loaded again once it is back.
  useEffect(() => {
    if (board.connection !== 'open') return;
    if (hadConnection.current) boardMap?.reloadTiles();
    hadConnection.current = true;
  }, [board.connection, boardMap]);

  // A selected vehicle or site that disappeared from the data closes its panel.
  useEffect(() => {
    if (!board.snapshot || !selection) return;
    const gone = selection.kind === 'site' ? !sites.some((s) => s.id === selection.siteId) : !vehiclesById.has(selection.vehicleId);
    if (gone) setSelection(null);
  }, [board.snapshot, selection, sites, vehiclesById]);

  useEffect(() => {
    testHook.sites = sites;
    testHook.snapshotDrawn = board.snapshot !== null;
    testHook.positionsApplied = () => feed.positionsApplied;
    testHook.vehiclePosition = (no) => {
      const v = readVehicle(feed.buffers, no);
      return v ? { lon: v.lon, lat: v.lat } : null;
    };
  }, [testHook, sites, board.snapshot, feed]);

  // Lost after having been connected, or never reached at all within a few seconds.
  const hostLost = board.connection === 'closed' && (board.everOpened || now - startedAt > HOST_GRACE_MS);

  return (
    <div className="app" data-connection={board.connection}>
      <TopBar
        client={client}
        link={board.link}
        hostLost={hostLost}
        now={now}
        lastFrameAt={feed.buffers.lastFrameAt}
        vehicles={vehicles}
        sites={sites}
        visibility={visibility}
        onToggleLayer={toggleLayer}
        onResetView={() => boardMap?.resetView()}
      />
      <main className="stage">
        {board.mapInfo ? (
          <MapView info={board.mapInfo} feed={feed} state={mapState} onPick={onPick} describeVehicle={describeVehicle} onMap={onMap} />
        ) : (
          <div className="stage__placeholder">{board.connection === 'open' ? t('app.loading') : t('app.connecting')}</div>
        )}

        {hostLost ? (
          <div className="host-banner" role="alert" data-testid="host-banner">
            <strong>{t('host.lost')}</strong>
            <span>{t('host.lostHint')}</span>
          </div>
        ) : null}

        {selection?.kind === 'site' ? (
          <SitePanel client={client} siteId={selection.siteId} epoch={board.dataEpoch} onError={board.reportError} onClose={closePanel} />
        ) : selection?.kind === 'vehicle' ? (
          <VehiclePanel
            client={client}
            vehicleId={selection.vehicleId}
            epoch={board.dataEpoch}
            feed={feed}
            sites={sites}
            onError={board.reportError}
            onClose={closePanel}
          />
        ) : null}

        <div className="toasts" aria-live="polite">
          {board.toasts.map((toast) => (
            <div key={toast.id} className="toast" role="status" data-testid="error-toast">
              <span>{toast.text}</span>
              <button type="button" className="link-button" onClick={() => board.dismissToast(toast.id)}>
                {t('error.dismiss')}
              </button>
            </div>
          ))}
        </div>
      </main>
    </div>
  );
}

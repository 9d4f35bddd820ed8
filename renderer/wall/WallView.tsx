import { subjectText } from '../format/alert-subject';
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertLevel, SupplyRequest, Vehicle } from '../../shared/domain';
import type { BoardClient } from '../api/board-client';
import { showOutageBanner } from '../api/link-down';
import { useBoard } from '../api/use-board';
import { placeNamer } from '../format/place';
import { currentLanguage } from '../i18n';
import { ensureWallMessages, WALL_NAMESPACE } from '../i18n/wall';
import { MapLegend } from '../map/MapLegend';
import type { VehicleFeed } from '../map/vehicle-feed';
import { useNow } from '../ui/use-now';
import { cameraFor, panelPadding, sceneCamera } from './camera';
import { advanceRotation, currentIndex, initialRotation, interruptingAlerts, type RotationState, type WallAlert } from './rotation';
import { resolveSchedule, type ScheduledScene } from './scenes';
import { useWallData, useWallReadiness, useWallSchedule } from './use-wall-data';
import { useScreenWakeLock, useWallScreen } from './use-wall-screen';
import './wall.css';
import { createWallHookSource, installWallHook } from './wall-hook';
import type { WallDestination } from './wall-layers';
import type { WallMap, WallMapState } from './wall-map';
import { WallHeader, WallOutage } from './WallHeader';
import { WallMapView } from './WallMapView';
import { AlertBoard, DispatchBoard, InterruptPanel, KpiTiles, LinkBoard, MAX_ROWS, ReadinessBoard } from './WallPanels';

/** Same grace as the console: a page still connecting is not "lost". */
const HOST_GRACE_MS = 3000;
const LEVEL_RANK: Record<AlertLevel, number> = { red: 3, orange: 2, yellow: 1, green: 0 };

type WallViewProps = {
  client: BoardClient;
  feed: VehicleFeed;
  /** Divides every scene's duration (`?speed=`, tests and demos). */
  speed?: number;
};

/**
 * One scene at a time, on a timer. A single timeout is armed for the scene on screen and
 * cleared on every change; an interrupting alert simply disarms it, and acknowledging the
 * alert re-arms it for the scene that was showing.
 */
export function useRotation(entries: readonly ScheduledScene[], paused: boolean): RotationState {
  const [state, setState] = useState(() => initialRotation(entries));
  const durationMs = entries[currentIndex(state, entries)]?.durationMs ?? 0;
  useEffect(() => {
    if (paused || entries.length === 0) return;
    const timer = setTimeout(() => setState((s) => advanceRotation(s, entries)), durationMs);
    return () => clearTimeout(timer);
  }, [paused, entries, state, durationMs]);
  return state;
}

/**
 * The wall display (大屏): read-only, full screen, no cursor and nothing to click; scenes
 * rotate on the officer's schedule over one map that stays for the wall's lifetime.
 */
export function WallView({ client, feed, speed = 1 }: WallViewProps) {
  const { i18n } = useTranslation();
  // Idempotent and cheap; here rather than in an effect so the first frame has words, not keys.
  ensureWallMessages(i18n);
  const { t } = useTranslation(WALL_NAMESPACE);
  const language = currentLanguage(i18n);
  const board = useBoard(client, feed);
  const data = useWallData(client);
  const savedSchedule = useWallSchedule(client);
  const schedule = useMemo(() => resolveSchedule(savedSchedule, speed), [savedSchedule, speed]);
  const now = useNow(1000);
  const { width: screenWidth, scale } = useWallScreen();
  useScreenWakeLock();
  const [startedAt] = useState(() => Date.now());
  const [hookSource] = useState(createWallHookSource);
  const [wallMap, setWallMap] = useState<WallMap | null>(null);
  const hadConnection = useRef(false);

  const interrupting = useMemo(() => interruptingAlerts(data.alerts), [data.alerts]);
  const interrupt = interrupting[0] ?? null;
  const rotation = useRotation(schedule, interrupt !== null);
  const current = schedule[currentIndex(rotation, schedule)]!;
  const sceneId = interrupt ? 'interrupt' : current.id;
  // Read while the rotation has the scene at all (on a slow beat), so it never opens blank.
  const readiness = useWallReadiness(client, schedule.some((x) => x.id === 'readiness'));

  const hostLost = board.connection === 'closed' && (board.everOpened || now - startedAt > HOST_GRACE_MS);
  const outage = hostLost || showOutageBanner(board.link, now);

  const sites = useMemo(() => board.snapshot?.sites ?? [], [board.snapshot]);
  const placeName = useMemo(() => placeNamer(i18n.t, language, sites), [i18n, language, sites]);
  const items = useMemo(() => board.snapshot?.items ?? [], [board.snapshot]);
  // An alert named in the wall's language (a stock line by its site and item, not the central's words).
  const alertName = useMemo(() => (a: WallAlert) => subjectText(a, language, { sites, items, placeName }), [language, sites, items, placeName]);
  const vehicles = useMemo(() => board.snapshot?.vehicles ?? [], [board.snapshot]);
  const vehiclesById = useMemo(() => new Map<string, Vehicle>(vehicles.map((v) => [v.id, v])), [vehicles]);
  const requestsById = useMemo(() => new Map<string, SupplyRequest>(data.requests.map((r) => [r.id, r])), [data.requests]);

  // Destinations numbered like the dispatch list; coloured by their worst alert, else their priority.
  const destinations = useMemo<WallDestination[]>(() => {
    const mark = new Map<string, string>();
    data.active.slice(0, MAX_ROWS).forEach((d, i) => {
      if (!mark.has(d.requestId)) mark.set(d.requestId, String(i + 1));
    });
    const worst = new Map<string, AlertLevel>();
    for (const a of data.alerts) {
      if (!a.request || a.state === 'closed') continue;
      const had = worst.get(a.request.id);
      if (!had || LEVEL_RANK[a.level] > LEVEL_RANK[had]) worst.set(a.request.id, a.level);
    }
    return data.requests.map((r) => ({ requestId: r.id, lon: r.destination.lon, lat: r.destination.lat, level: worst.get(r.id) ?? r.priority, mark: mark.get(r.id) ?? '' }));
  }, [data.active, data.alerts, data.requests]);

  const mapState: WallMapState = useMemo(() => ({ sites, language, routes: data.routes, destinations }), [sites, language, data.routes, destinations]);

  const interruptRequest = interrupt?.request ? (requestsById.get(interrupt.request.id) ?? null) : null;
  const { camera, cameraKey } = useMemo(() => {
    if (interrupt) {
      const r = interrupt.request ? requestsById.get(interrupt.request.id) : undefined;
      const at = r ? r.destination : interrupt.place;
      return { camera: at ? cameraFor([[at.lon, at.lat]]) : cameraFor([]), cameraKey: `interrupt|${interrupt.id}|${at ? 'at' : 'city'}` };
    }
    const open = data.alerts.filter((a) => a.state === 'open');
    const cam = sceneCamera(current.def.camera, {
      routePoints: () => data.routes.flatMap((r) => r.path),
      alertPoints: () => open.flatMap((a) => {
        const r = a.request ? requestsById.get(a.request.id) : undefined;
        const at = r ? r.destination : a.place;
        return at ? [[at.lon, at.lat] as const] : [];
      }),
    });
    const ids = current.def.camera === 'routes' ? data.routes.map((r) => r.dispatchId) : current.def.camera === 'alerts' ? open.map((a) => a.id) : [];
    return { camera: cam, cameraKey: `${current.id}|${ids.join(',')}` };
  }, [interrupt, current, data.routes, data.alerts, requestsById]);
  const padding = useMemo(() => panelPadding(interrupt ? 'right' : current.def.panel, screenWidth, scale), [interrupt, current, screenWidth, scale]);

  const onMap = useCallback(
    (map: WallMap | null) => {
      setWallMap(map);
      hookSource.map = map && {
        isLoaded: map.isLoaded,
        layersReady: map.layersReady,
        tilesLoaded: () => map.map.areTilesLoaded(),
        layerSummary: map.layerSummary,
        view: () => {
          const b = map.map.getBounds();
          return { bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom: map.map.getZoom(), moving: map.map.isMoving() };
        },
      };
    },
    [hookSource],
  );

  useEffect(() => {
    installWallHook(hookSource);
    return () => {
      delete window.__jingbaoWall;
    };
  }, [hookSource]);

  // Plain assignments on every render: the hook reads what is on screen now.
  useEffect(() => {
    Object.assign(hookSource, {
      scene: sceneId,
      rotationScene: current.id,
      rotations: rotation.rotations,
      cycles: rotation.cycles,
      interrupt: interrupt?.id ?? null,
      outage,
      linkState: board.link?.state ?? null,
      snapshotDrawn: board.snapshot !== null,
      scale,
      schedule,
      positionsApplied: () => feed.positionsApplied,
    });
  });

  useEffect(() => {
    document.title = `${t('title')} · ${t('subtitle')}`;
  }, [t, language]);

  // Tiles that failed while the local service was away are loaded again once it is back.
  useEffect(() => {
    if (board.connection !== 'open') return;
    if (hadConnection.current) wallMap?.reloadTiles();
    hadConnection.current = true;
  }, [board.connection, wallMap]);

  const counts = { active: data.active.length, openRequests: data.requests.filter((r) => r.status === 'open').length };

  return (
    <div
      className={`wall${interrupt ? ' wall--interrupt' : ''}${outage ? ' wall--outage' : ''}`}
      style={{ '--wall-scale': scale } as CSSProperties}
      data-testid="wall"
      data-scene={sceneId}
    >
      <WallHeader sceneId={sceneId} schedule={schedule} link={board.link} hostLost={hostLost} now={now} language={language} />
      {outage ? <WallOutage link={board.link} hostLost={hostLost} now={now} /> : null}
      <main className="wall-stage">
        {board.mapInfo ? (
          <WallMapView info={board.mapInfo} feed={feed} state={mapState} scale={scale} camera={camera} cameraKey={cameraKey} padding={padding} onMap={onMap} />
        ) : (
          <div className="wall-empty wall-empty--stage">{hostLost ? t('outage.hostLost') : '…'}</div>
        )}
        {board.mapInfo ? <MapLegend vehicles={vehicles} sites={sites} variant="wall" /> : null}
        {interrupt ? (
          <InterruptPanel alert={interrupt} others={interrupting.length - 1} request={interruptRequest} alertName={alertName} now={now} />
        ) : current.id === 'overview' ? (
          <KpiTiles kpi={data.kpi} active={counts.active} openRequests={counts.openRequests} vehicles={vehicles} alerts={data.alerts} />
        ) : current.id === 'dispatches' ? (
          <DispatchBoard active={data.active} etas={data.etas} language={language} requests={requestsById} vehicles={vehiclesById} placeName={placeName} now={now} />
        ) : current.id === 'alerts' ? (
          <AlertBoard alerts={data.alerts} alertName={alertName} now={now} language={language} />
        ) : current.id === 'readiness' ? (
          <ReadinessBoard data={readiness} />
        ) : (
          <LinkBoard link={board.link} health={data.health} lastFrameAt={feed.buffers.lastFrameAt} now={now} language={language} />
        )}
      </main>
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MapInfo } from '../../shared/board-api';
import type { VehicleFeed } from '../map/vehicle-feed';
import { WALL_NAMESPACE } from '../i18n/wall';
import { createWallMap, type WallCamera, type WallMap, type WallMapState, type WallPadding } from './wall-map';

type WallMapViewProps = {
  info: MapInfo;
  feed: VehicleFeed;
  state: WallMapState;
  scale: number;
  camera: WallCamera;
  /** Changes when the camera should move (scene, routes shown, alert); not on every render. */
  cameraKey: string;
  padding: WallPadding;
  onMap(map: WallMap | null): void;
};

/**
 * Hosts the one wall map. The container is laid out at design size and scaled up by CSS
 * (`--wall-scale`), so the map draws like a 1080p screen, only sharper.
 */
export function WallMapView({ info, feed, state, scale, camera, cameraKey, padding, onMap }: WallMapViewProps) {
  const { t } = useTranslation(WALL_NAMESPACE);
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<WallMap | null>(null);
  const [failed, setFailed] = useState(false);
  const latest = useRef({ state, scale, onMap });
  latest.current = { state, scale, onMap };

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let wallMap: WallMap;
    try {
      wallMap = createWallMap({ container, info, feed, state: latest.current.state, scale: latest.current.scale, title: t('map:map.title'), onLoad: () => latest.current.onMap(wallMap) });
    } catch (error) {
      // No WebGL (a locked-down wall PC): the panels, banner and alerts still work.
      console.error('[wall] cannot create the map', error);
      setFailed(true);
      return;
    }
    setMap(wallMap);
    latest.current.onMap(wallMap);
    return () => {
      setMap(null);
      latest.current.onMap(null);
      wallMap.destroy();
    };
  }, [info, feed]);

  useEffect(() => {
    map?.update(state);
  }, [map, state]);

  useEffect(() => {
    map?.setScale(scale);
  }, [map, scale]);

  // Only the key (and a new screen size or panel width) moves the camera: routes
  // refreshed or a panel re-rendered must not.
  const cameraRef = useRef({ camera, padding });
  cameraRef.current = { camera, padding };
  const paddingKey = `${padding.top},${padding.right},${padding.bottom},${padding.left}`;
  useEffect(() => {
    map?.frame(cameraRef.current.camera, cameraRef.current.padding);
  }, [map, cameraKey, scale, paddingKey]);

  return (
    <div className="wall-map" data-testid="wall-map">
      <div ref={containerRef} className="wall-map__canvas" />
      {failed ? <div className="wall-map__failed">{t('map.unavailable')}</div> : null}
    </div>
  );
}

import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mapSourceSchema, type MapCrs, type MapSource, type SourceCheck, type TileFormat } from '../../shared/map/source';
import type { BoardClient } from '../api/board-client';
import { errorText } from '../format/error-text';
import { useGrant } from '../ui/grant';

type Kind = MapSource['kind'];
const KINDS: Kind[] = ['city', 'mbtiles', 'pmtiles', 'xyz', 'wmts'];

/** The form's fields, all as typed (a kind uses the ones it needs). */
type Draft = { kind: Kind; path: string; url: string; format: TileFormat; crs: MapCrs; layer: string; minzoom: string; maxzoom: string };

const draftOf = (s: MapSource): Draft => ({
  kind: s.kind,
  path: s.kind === 'mbtiles' || s.kind === 'pmtiles' ? s.path : '',
  url: s.kind === 'xyz' || s.kind === 'wmts' ? s.url : '',
  format: s.kind === 'xyz' ? s.format : 'raster',
  crs: s.kind === 'city' ? 'wgs84' : s.crs,
  layer: s.kind === 'wmts' ? s.layer : '',
  minzoom: s.kind === 'xyz' ? String(s.minzoom) : '0',
  maxzoom: s.kind === 'xyz' ? String(s.maxzoom) : '18',
});

/** The draft as a source, or the first thing wrong with it (in English: the schema's words). */
export function sourceOf(d: Draft): { ok: true; source: MapSource } | { ok: false; field: string; message: string } {
  const raw =
    d.kind === 'city'
      ? { kind: 'city' }
      : d.kind === 'mbtiles' || d.kind === 'pmtiles'
        ? { kind: d.kind, path: d.path, crs: d.crs }
        : d.kind === 'xyz'
          ? { kind: 'xyz', url: d.url, format: d.format, crs: d.crs, minzoom: Number(d.minzoom), maxzoom: Number(d.maxzoom) }
          : { kind: 'wmts', url: d.url, layer: d.layer, crs: d.crs };
  const parsed = mapSourceSchema.safeParse(raw);
  if (parsed.success) return { ok: true, source: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, field: String(issue?.path[0] ?? ''), message: issue?.message ?? 'invalid' };
}

type Result = { kind: 'check'; check: SourceCheck } | { kind: 'saved'; check: SourceCheck } | { kind: 'error'; text: string } | null;

/**
 * Settings → Base map: where the map's tiles come from (the city's offline map, an offline
 * package, the department's XYZ or WMTS service) and its coordinate system. "Check" fetches a
 * tile and says what is wrong; "Use" checks again and switches every console's map.
 */
export function BaseMapSettings({ client }: { client: BoardClient }) {
  const { t } = useTranslation('app');
  const grant = useGrant()('map.source.set');
  const id = useId();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [inUse, setInUse] = useState<MapSource | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>(null);

  useEffect(() => {
    let disposed = false;
    const read = () =>
      client.call('map.source.get', {}).then(
        (r) => {
          if (disposed) return;
          setInUse(r.source);
          setDraft((d) => d ?? draftOf(r.source));
        },
        (error: unknown) => !disposed && setResult({ kind: 'error', text: errorText(t, error) }),
      );
    void read();
    const off = client.on('map.changed', () => void read());
    return () => {
      disposed = true;
      off();
    };
    // t only words the error.
  }, [client]);

  if (!draft) return null;
  const set = (patch: Partial<Draft>) => {
    setResult(null);
    setDraft({ ...draft, ...patch });
  };
  const parsed = sourceOf(draft);
  const run = async (method: 'map.source.check' | 'map.source.set') => {
    if (!parsed.ok) return;
    setBusy(true);
    setResult(null);
    try {
      if (method === 'map.source.check') setResult({ kind: 'check', check: await client.call('map.source.check', { source: parsed.source }) });
      else {
        const r = await client.call('map.source.set', { source: parsed.source });
        setInUse(r.source);
        setResult({ kind: 'saved', check: r.check });
      }
    } catch (error) {
      setResult({ kind: 'error', text: errorText(t, error) });
    } finally {
      setBusy(false);
    }
  };
  const f = (name: string) => `${id}-${name}`;
  const needsPath = draft.kind === 'mbtiles' || draft.kind === 'pmtiles';
  const needsUrl = draft.kind === 'xyz' || draft.kind === 'wmts';
  const check = result && result.kind !== 'error' ? result.check : null;

  return (
    <div className="basemap-settings" data-testid="basemap-settings">
      <div className="popover__label">{t('basemap.title')}</div>
      <p className="basemap-settings__inuse muted" data-testid="basemap-inuse">
        {t('basemap.inUse', { kind: t(`basemap.kind.${inUse?.kind ?? 'city'}`) })}
      </p>
      <div className="basemap-settings__grid">
        <label htmlFor={f('kind')}>{t('basemap.source')}</label>
        <select id={f('kind')} data-testid="basemap-kind" value={draft.kind} disabled={!grant.ok} title={grant.title} onChange={(e) => set({ kind: e.target.value as Kind })}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`basemap.kind.${k}`)}
            </option>
          ))}
        </select>
        {needsPath ? (
          <>
            <label htmlFor={f('path')}>{t('basemap.path')}</label>
            <input id={f('path')} data-testid="basemap-path" className="mono" value={draft.path} disabled={!grant.ok} placeholder={draft.kind === 'pmtiles' ? 'D:\\maps\\city.pmtiles' : 'D:\\maps\\city.mbtiles'} onChange={(e) => set({ path: e.target.value })} />
          </>
        ) : null}
        {needsUrl ? (
          <>
            <label htmlFor={f('url')}>{draft.kind === 'wmts' ? t('basemap.capabilities') : t('basemap.url')}</label>
            <input
              id={f('url')}
              data-testid="basemap-url"
              className="mono"
              value={draft.url}
              disabled={!grant.ok}
              placeholder={draft.kind === 'wmts' ? 'http://pgis.local/wmts?SERVICE=WMTS&REQUEST=GetCapabilities' : 'http://pgis.local/tiles/{z}/{x}/{y}.png'}
              onChange={(e) => set({ url: e.target.value })}
            />
          </>
        ) : null}
        {draft.kind === 'xyz' ? (
          <>
            <label htmlFor={f('format')}>{t('basemap.format')}</label>
            <select id={f('format')} data-testid="basemap-format" value={draft.format} disabled={!grant.ok} onChange={(e) => set({ format: e.target.value as TileFormat })}>
              <option value="raster">{t('basemap.raster')}</option>
              <option value="vector">{t('basemap.vector')}</option>
            </select>
            <label htmlFor={f('zoom')}>{t('basemap.zooms')}</label>
            <span className="basemap-settings__zooms">
              <input id={f('zoom')} aria-label={t('basemap.minzoom')} type="number" min={0} max={24} value={draft.minzoom} disabled={!grant.ok} onChange={(e) => set({ minzoom: e.target.value })} />
              –
              <input aria-label={t('basemap.maxzoom')} type="number" min={0} max={24} value={draft.maxzoom} disabled={!grant.ok} onChange={(e) => set({ maxzoom: e.target.value })} />
            </span>
          </>
        ) : null}
        {draft.kind === 'wmts' ? (
          <>
            <label htmlFor={f('layer')}>{t('basemap.layer')}</label>
            <input id={f('layer')} data-testid="basemap-layer" value={draft.layer} disabled={!grant.ok} placeholder={t('basemap.layerAny')} onChange={(e) => set({ layer: e.target.value })} />
          </>
        ) : null}
        {draft.kind !== 'city' ? (
          <>
            <label htmlFor={f('crs')}>{t('basemap.crs')}</label>
            <select id={f('crs')} data-testid="basemap-crs" value={draft.crs} disabled={!grant.ok} onChange={(e) => set({ crs: e.target.value as MapCrs })}>
              <option value="wgs84">{t('basemap.wgs84')}</option>
              <option value="gcj02">{t('basemap.gcj02')}</option>
            </select>
          </>
        ) : null}
      </div>
      {!parsed.ok && (draft.path || draft.url || draft.kind === 'xyz') ? (
        <p className="basemap-settings__invalid" role="alert">
          {t('basemap.invalid', { field: parsed.field, message: parsed.message })}
        </p>
      ) : null}
      <div className="basemap-settings__actions">
        <button type="button" className="button" data-testid="basemap-check" disabled={!grant.ok || busy || !parsed.ok} title={grant.title} onClick={() => void run('map.source.check')}>
          {t('basemap.check')}
        </button>
        <button type="button" className="button button--primary" data-testid="basemap-use" disabled={!grant.ok || busy || !parsed.ok} title={grant.title} onClick={() => void run('map.source.set')}>
          {t('basemap.use')}
        </button>
      </div>
      <div className="basemap-settings__result" role="status" aria-live="polite" data-testid="basemap-result" data-ok={check ? String(check.ok) : undefined}>
        {busy ? t('basemap.checking') : null}
        {check ? (
          <>
            <strong className={check.ok ? 'ok' : 'bad'}>
              {result?.kind === 'saved' ? t('basemap.saved') : check.ok ? t('basemap.ok') : t(`basemap.problem.${check.problem ?? 'unreachable'}`)}
            </strong>{' '}
            <span className="mono">{check.detail}</span> <span className="muted">({t('basemap.took', { ms: check.ms })})</span>
          </>
        ) : null}
        {result?.kind === 'error' ? <span className="bad">{result.text}</span> : null}
      </div>
    </div>
  );
}

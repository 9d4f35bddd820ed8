import type { TFunction } from 'i18next';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { BoardError, cityNameSchema, type CitiesList, type CityImportErrorCode, type CityImportState, type CityView } from '../../shared/board-api';
import type { BoardClient } from '../api/board-client';
import { errorText } from '../format/error-text';
import { DockPanel } from '../ui/DockPanel';
import { useGrant } from '../ui/grant';
import { cityNameFromFileName, overallShare, stageSteps } from './cities-view';

type CitiesPanelProps = {
  client: BoardClient;
  onClose(): void;
};

/** How an import ended, as this console heard it. */
type Outcome =
  | { kind: 'done'; city: CityView; sitesOutside: number; sites: number }
  | { kind: 'failed'; name: string; code: CityImportErrorCode; message: string }
  | { kind: 'notice'; text: string };

const one = (v: number) => (Math.round(v * 10) / 10).toLocaleString();
const seconds = (ms: number) => (Math.round(ms / 100) / 10).toLocaleString();

/**
 * The browser host takes the file itself (POST /cities/upload, the console's session cookie
 * on it) and imports it from its data folder; the answer is the import's id and name.
 */
function uploadFile(file: File, onPercent: (p: number) => void): Promise<{ id: string; name: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/cities/upload?name=${encodeURIComponent(file.name)}`);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => e.lengthComputable && onPercent(Math.floor((e.loaded / e.total) * 100));
    xhr.onload = () => {
      let body: { id?: string; name?: string; code?: string; message?: string } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // not JSON: said below by the status
      }
      if (xhr.status === 200 && body.id && body.name) resolve({ id: body.id, name: body.name });
      else reject(new Error(body.message ?? `HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new Error('upload failed'));
    xhr.send(file);
  });
}

function outcomeText(t: TFunction, o: Extract<Outcome, { kind: 'failed' }>): string {
  if (o.code === 'cancelled') return t('cities:import.cancelled', { name: o.name });
  return t('cities:import.failed', { name: o.name, reason: t(`cities:reason.${o.code}`) });
}

/**
 * Settings → Cities: the workstation's imported cities, importing one from an `.osm.pbf`
 * (a file chosen here: uploaded to the browser host, or read where it lies in Electron; or a
 * path on the backend's machine), the import's stages as it runs, its summary, switching and
 * deleting. Every console follows an import by the backend's events.
 */
export function CitiesPanel({ client, onClose }: CitiesPanelProps) {
  const { t } = useTranslation('cities');
  const grant = useGrant();
  const [list, setList] = useState<CitiesList | null>(null);
  const [progress, setProgress] = useState<CityImportState | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [uploading, setUploading] = useState<number | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const confirmYes = useRef<HTMLButtonElement>(null);

  const load = useCallback(() => {
    client.call('cities.list', {}).then(
      (l) => {
        setList(l);
        setProgress(l.importing);
      },
      (e) => setError(errorText(t, e)),
    );
  }, [client, t]);

  useEffect(() => {
    load();
    const offs = [
      client.on('cities.importProgress', (p) => setProgress(p)),
      client.on('cities.importDone', (d) => {
        setProgress(null);
        setCancelling(false);
        setOutcome({ kind: 'done', city: d.city, sitesOutside: d.sitesOutside, sites: d.sites });
        load();
      }),
      client.on('cities.importFailed', (f) => {
        setProgress(null);
        setCancelling(false);
        setOutcome({ kind: 'failed', name: f.name, code: f.code, message: f.message });
        load();
      }),
      client.on('cities.changed', load),
    ];
    return () => offs.forEach((off) => off());
  }, [client, load]);

  useEffect(() => confirmYes.current?.focus(), [confirmDelete]);

  const nameProblem = name.trim() !== '' && !cityNameSchema.safeParse(name.trim()).success;
  const importing = progress !== null || uploading !== null;

  const start = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!file && !path.trim()) return setError(t('import.needFile'));
    if (nameProblem) return setError(t('import.badName'));
    setBusy(true);
    setOutcome(null);
    try {
      const chosenName = name.trim() || undefined;
      const localPath = file ? window.jingbaoShell?.pathForFile?.(file) : undefined;
      if (file && !localPath) {
        // The browser host: the file travels to it first. A name typed here wins over the file's.
        setUploading(0);
        const renamed = chosenName ? new File([file], `${chosenName}.osm.pbf`) : file;
        const started = await uploadFile(renamed, setUploading);
        setProgress({ id: started.id, name: started.name, stage: 'reading', share: 0, startedAt: Date.now() });
      } else {
        const started = await client.call('cities.import', { path: localPath ?? path.trim(), ...(chosenName ? { name: chosenName } : {}) });
        setProgress((p) => p ?? { id: started.id, name: started.name, stage: 'reading', share: 0, startedAt: Date.now() });
      }
      setFile(null);
      if (fileRef.current) fileRef.current.value = '';
    } catch (err) {
      setError(err instanceof BoardError ? errorText(t, err) : String((err as Error).message ?? err));
    } finally {
      setUploading(null);
      setBusy(false);
    }
  };

  const cancel = async () => {
    setCancelling(true);
    try {
      await client.call('cities.cancelImport', {});
    } catch (err) {
      setError(errorText(t, err));
      setCancelling(false);
    }
  };

  const use = async (city: string) => {
    setError(null);
    try {
      const r = await client.call('cities.use', { name: city });
      setOutcome({ kind: 'notice', text: t('switched', { name: r.inUse }) + (r.sitesOutside > 0 ? ` ${t('sitesWarning', { outside: r.sitesOutside, sites: r.sites })}` : '') });
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  const remove = async (city: string) => {
    setError(null);
    try {
      await client.call('cities.delete', { name: city });
      setConfirmDelete(null);
      setOutcome({ kind: 'notice', text: t('deleted', { name: city }) });
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  const importGrant = grant('cities.import');
  const useGrantFor = grant('cities.use');
  const deleteGrant = grant('cities.delete');
  const share = progress ? overallShare(progress.stage, progress.share) : 0;

  return (
    <DockPanel testId="cities-panel" title={t('title')} onClose={onClose}>
      <p className="panel-note">{t('intro')}</p>
      {list?.startedWith ? <p className="panel-note warn" data-testid="cities-started-with">{t('list.startedWith', { city: list.startedWith })}</p> : null}
      {/* Said once: the summary of an import just done says it for the city it switched to. */}
      {list && list.sitesOutside > 0 && !(outcome?.kind === 'done' && outcome.sitesOutside > 0) ? (
        <p className="panel-note warn" data-testid="cities-sites-warning">
          {t('sitesWarning', { outside: list.sitesOutside, sites: list.sites })}
        </p>
      ) : null}

      <section className="panel-section">
        {list && list.cities.length === 0 ? <p className="muted">{t('list.empty')}</p> : null}
        {list && list.inUse === null && list.cities.length > 0 ? <p className="muted">{t('list.demoInUse')}</p> : null}
        {list && list.cities.length > 0 ? (
          <div className="cities-table-scroll">
          <table className="grid-table cities-table" data-testid="cities-list">
            <thead>
              <tr>
                <th>{t('list.name')}</th>
                <th className="num">{t('list.roads')}</th>
                <th className="num">{t('list.roadKm')}</th>
                <th className="num">{t('list.graphNodes')}</th>
                <th className="num">{t('list.area')}</th>
                <th className="num">{t('list.places')}</th>
                <th className="num">{t('list.took')}</th>
                <th>{t('list.importedAt')}</th>
                <th>
                  <span className="visually-hidden">{t('list.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.cities.map((c) => {
                const inUse = c.name === list.inUse;
                return (
                  <tr key={c.name} className={inUse ? 'current' : undefined} data-testid="city-row" data-city={c.name}>
                    <td>
                      <span className="mono">{c.name}</span> {inUse ? <span className="badge cities-badge" data-testid="city-in-use">{t('list.inUse')}</span> : null}
                    </td>
                    <td className="num">{c.roads.toLocaleString()}</td>
                    <td className="num">{t('units.km', { value: one(c.roadKm) })}</td>
                    <td className="num">{c.graphNodes.toLocaleString()}</td>
                    <td className="num">{t('units.km2', { value: one(c.areaKm2) })}</td>
                    <td className="num">{c.places + c.streets}</td>
                    <td className="num">{t('units.s', { value: seconds(c.ms) })}</td>
                    <td className="mono small">{new Date(c.importedAt).toLocaleString()}</td>
                    <td className="cities-actions">
                      <button
                        type="button"
                        className="action-button"
                        data-testid="city-use"
                        disabled={inUse || !useGrantFor.ok}
                        title={useGrantFor.title ?? t('list.useTitle', { name: c.name })}
                        aria-label={t('list.useTitle', { name: c.name })}
                        onClick={() => void use(c.name)}
                      >
                        {t('list.use')}
                      </button>
                      <button
                        type="button"
                        className="action-button action-button--danger"
                        data-testid="city-delete"
                        disabled={inUse || !deleteGrant.ok}
                        title={deleteGrant.title ?? (inUse ? t('list.inUseNoDelete') : t('list.deleteTitle', { name: c.name }))}
                        aria-label={t('list.deleteTitle', { name: c.name })}
                        onClick={() => setConfirmDelete(c.name)}
                      >
                        {t('list.delete')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          </div>
        ) : null}
        {confirmDelete ? (
          <div className="panel-section cities-confirm" role="alertdialog" aria-label={t('confirmDelete.title', { name: confirmDelete })} data-testid="city-delete-confirm" onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), setConfirmDelete(null))}>
            <h3 className="panel-section__title">{t('confirmDelete.title', { name: confirmDelete })}</h3>
            <p className="panel-note warn">{t('confirmDelete.hint')}</p>
            <div className="button-row">
              <button ref={confirmYes} type="button" className="action-button action-button--danger" data-testid="city-delete-yes" onClick={() => void remove(confirmDelete)}>
                {t('confirmDelete.yes')} <kbd>Enter</kbd>
              </button>
              <button type="button" className="action-button" data-testid="city-delete-no" onClick={() => setConfirmDelete(null)}>
                {t('confirmDelete.no')} <kbd>Esc</kbd>
              </button>
            </div>
          </div>
        ) : null}
      </section>

      {progress || uploading !== null ? (
        <section className="panel-section cities-progress" data-testid="city-import-progress" aria-live="polite">
          <h3 className="panel-section__title">{uploading !== null ? t('import.uploading', { percent: uploading }) : t('import.running', { name: progress?.name ?? '' })}</h3>
          <div
            className="cities-bar"
            role="progressbar"
            aria-label={t('import.running', { name: progress?.name ?? '' })}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round((uploading ?? share * 100) as number)}
            data-testid="city-import-bar"
          >
            <div className="cities-bar__fill" style={{ width: `${Math.round(uploading ?? share * 100)}%` }} />
          </div>
          {progress ? (
            <ol className="cities-stages">
              {stageSteps(progress.stage).map((s) => (
                <li key={s.stage} className={`cities-stage cities-stage--${s.state}`} data-testid="city-import-stage" data-stage={s.stage} data-state={s.state}>
                  <span aria-hidden="true">{s.state === 'done' ? '✓' : s.state === 'running' ? '▶' : '·'}</span> {t(`stage.${s.stage}`)}
                  <span className="visually-hidden"> ({t(`stageState.${s.state}`)})</span>
                </li>
              ))}
            </ol>
          ) : null}
          {progress ? (
            <div className="button-row">
              <button type="button" className="action-button action-button--warn" data-testid="city-import-cancel" disabled={cancelling || !importGrant.ok} title={importGrant.title} onClick={() => void cancel()}>
                {cancelling ? t('import.cancelling') : t('import.cancel')}
              </button>
            </div>
          ) : null}
        </section>
      ) : null}

      {outcome?.kind === 'done' ? (
        <section className="panel-section cities-summary" data-testid="city-import-summary" role="status">
          <h3 className="panel-section__title">{t('summary.title', { name: outcome.city.name })}</h3>
          <ul className="cities-summary__facts">
            <li>{t('summary.roads', { count: outcome.city.roads })}</li>
            <li>{t('summary.roadKm', { value: one(outcome.city.roadKm) })}</li>
            <li>{t('summary.graphNodes', { count: outcome.city.graphNodes })}</li>
            <li>{t('summary.area', { value: one(outcome.city.areaKm2) })}</li>
            <li>{t('summary.places', { places: outcome.city.places, streets: outcome.city.streets })}</li>
            <li>{t('summary.took', { value: seconds(outcome.city.ms) })}</li>
          </ul>
          <p className={`panel-note${outcome.sitesOutside > 0 ? ' warn' : ''}`} data-testid="city-import-sites">
            {outcome.sitesOutside > 0 ? t('summary.sitesOutside', { outside: outcome.sitesOutside, sites: outcome.sites }) : t('summary.sitesInside', { sites: outcome.sites })}
          </p>
        </section>
      ) : null}
      {outcome?.kind === 'failed' ? (
        <p className={`panel-note${outcome.code === 'cancelled' ? '' : ' warn'}`} role="alert" data-testid="city-import-failed" data-code={outcome.code} title={outcome.message}>
          {outcomeText(t, outcome)}
        </p>
      ) : null}
      {outcome?.kind === 'notice' ? (
        <p className="panel-note" role="status" data-testid="city-notice">
          {outcome.text}
        </p>
      ) : null}
      {error ? (
        <p className="inline-error" role="alert" data-testid="city-error">
          {error}
        </p>
      ) : null}

      <form className="panel-section" onSubmit={(e) => void start(e)} data-testid="city-import-form">
        <h3 className="panel-section__title">{t('import.title')}</h3>
        <div className="form-grid">
          <label htmlFor="city-file">{t('import.file')}</label>
          <div className="form-grid__field cities-file">
            {/* The browser's own button speaks the browser's language, not the board's: ours in its place. */}
            <input
              id="city-file"
              ref={fileRef}
              type="file"
              className="visually-hidden"
              accept=".pbf,.osm.pbf"
              data-testid="city-file"
              disabled={importing}
              onChange={(e) => {
                const f = e.target.files?.[0] ?? null;
                setFile(f);
                if (f && !name) setName(cityNameFromFileName(f.name));
              }}
            />
            <label htmlFor="city-file" className="action-button cities-file__button" aria-hidden="true">
              {t('import.choose')}
            </label>
            <span className={file ? 'mono' : 'muted'} data-testid="city-file-name">
              {file ? file.name : t('import.noFile')}
            </span>
          </div>
          <label htmlFor="city-path">{t('import.path')}</label>
          <div className="form-grid__field">
            <input id="city-path" data-testid="city-path" spellCheck={false} autoComplete="off" placeholder={t('import.pathHint')} value={path} disabled={importing || file !== null} onChange={(e) => setPath(e.target.value)} />
          </div>
          <label htmlFor="city-name">{t('import.name')}</label>
          <div className="form-grid__field">
            <input id="city-name" data-testid="city-name" spellCheck={false} autoComplete="off" maxLength={64} placeholder={t('import.nameHint')} aria-invalid={nameProblem} value={name} disabled={importing} onChange={(e) => setName(e.target.value)} />
          </div>
        </div>
        <div className="button-row">
          <button type="submit" className="action-button action-button--primary" data-testid="city-import-start" disabled={busy || importing || !importGrant.ok} title={importGrant.title}>
            {t('import.start')}
          </button>
        </div>
      </form>
    </DockPanel>
  );
}

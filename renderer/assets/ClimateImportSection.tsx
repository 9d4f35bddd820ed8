import { useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportProblem } from '../../shared/assets/import-files';
import type { Site } from '../../shared/domain';
import type { BoardClient } from '../api/board-client';
import { newCommandId } from '../api/commands';
import { errorText } from '../format/error-text';
import { numberFormat } from '../format/number';
import { formatTimestamp } from '../format/timestamp';
import { currentLanguage } from '../i18n';
import { useGrant } from '../ui/grant';
import { ImportError } from './ImportError';
import { readClimateFile, type ClimateChunk } from './climate-file';

type Read = { fileName: string; chunks: (ClimateChunk & { commandId: string })[]; rows: number; sites: number; from: number; to: number; gbk: boolean };

/**
 * 库房温湿度: a file of storage readings (site, time, temperature, humidity) imported for the
 * battery model, which ages a battery faster where it is kept hot or damp. The file is read and
 * checked whole here (climate-file.ts) and previewed — rows, sites, the span of time — before
 * anything is sent; confirmed, it is queued as one command per site and run of readings, each
 * with its own id (confirming again after a lost answer is the same commands), offline too, and
 * audited. A bad file is refused whole, naming its rows. Only the console's own sites are taken.
 */
export function ClimateImportSection({ client, sites, siteName }: { client: BoardClient; sites: readonly Site[]; siteName(id: string): string }) {
  const { t, i18n } = useTranslation('assets');
  const language = currentLanguage(i18n);
  const num = numberFormat(language);
  const may = useGrant()('climate.import');
  const id = useId();
  const [read, setRead] = useState<Read | null>(null);
  const [error, setError] = useState<{ text: string; problems?: ImportProblem[]; more?: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ commands: number; readings: number } | null>(null);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    setRead(null);
    setError(null);
    setDone(null);
    if (!file) return;
    // Only this console's own sites: a neighbour's, drawn read-only, is not its to record.
    const own = new Set(sites.filter((s) => !(s as { neighbour?: true }).neighbour).map((s) => s.id));
    const r = readClimateFile(new Uint8Array(await file.arrayBuffer()), { now: Date.now(), siteIds: own });
    if (!r.ok) {
      const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
      if (r.reason === 'too_big') return setError({ text: t('stocktake.tooBig', { size: mb(r.bytes), max: mb(r.max) }) });
      if (r.reason === 'encoding') return setError({ text: t('stocktake.encoding') });
      if (r.reason === 'too_many') return setError({ text: t('climate.tooMany', { count: num.format(r.count), max: num.format(r.max) }) });
      return setError({ text: t('stocktake.refused'), problems: r.problems, more: r.more });
    }
    setRead({ fileName: file.name, chunks: r.chunks.map((c) => ({ ...c, commandId: newCommandId() })), rows: r.preview.rows, sites: r.preview.sites, from: r.preview.from, to: r.preview.to, gbk: r.encoding === 'gbk' });
  };

  const confirm = async () => {
    if (!read) return;
    setBusy(true);
    setError(null);
    try {
      const r = await client.call('climate.import', { source: read.fileName.slice(0, 200), chunks: read.chunks });
      setDone({ commands: r.commands.length, readings: r.readings });
      setRead(null);
    } catch (err) {
      setError({ text: errorText(t, err) });
    } finally {
      setBusy(false);
    }
  };

  const perSite = read ? [...read.chunks.reduce((m, c) => m.set(c.siteId, (m.get(c.siteId) ?? 0) + c.readings.length), new Map<string, number>())] : [];

  return (
    <section className="panel-section climate-import" data-testid="climate-import" aria-labelledby={`${id}-title`}>
      <h3 className="panel-section__title" id={`${id}-title`}>
        {t('climate.title')}
      </h3>
      <p className="muted">{t('climate.intro')}</p>
      <div className="stocktake__pick">
        <label htmlFor={`${id}-file`}>{t('climate.file')}</label>
        <input id={`${id}-file`} data-testid="climate-file" type="file" accept=".csv,.txt,text/csv,text/plain" disabled={!may.ok || busy} title={may.title} onChange={(e) => void onFile(e)} />
      </div>
      {error ? <ImportError error={error} testId="climate-error" /> : null}
      {read ? (
        <div className="climate-import__preview" data-testid="climate-preview" data-rows={read.rows} data-sites={read.sites} data-commands={read.chunks.length}>
          <div>
            {t('climate.preview', { name: read.fileName, rows: num.format(read.rows), sites: read.sites, from: formatTimestamp(read.from), to: formatTimestamp(read.to), encoding: read.gbk ? t('stocktake.gbk') : '' })}
          </div>
          <ul className="climate-import__sites">
            {perSite.map(([siteId, n]) => (
              <li key={siteId} data-site={siteId} data-count={n}>
                {siteName(siteId)} · {t('climate.readings', { count: n })}
              </li>
            ))}
          </ul>
          <div className="button-row">
            <button type="button" className="action-button action-button--primary" data-testid="climate-confirm" disabled={!may.ok || busy} title={may.title} onClick={() => void confirm()}>
              {t('climate.confirm', { rows: num.format(read.rows) })}
            </button>
            <button type="button" className="action-button" data-testid="climate-cancel" disabled={busy} onClick={() => setRead(null)}>
              {t('climate.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {done ? (
        <div className="ok" role="status" data-testid="climate-done" data-commands={done.commands} data-readings={done.readings}>
          ✓ {t('climate.done', { readings: num.format(done.readings), commands: done.commands })}
        </div>
      ) : null}
    </section>
  );
}

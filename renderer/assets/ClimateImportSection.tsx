import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Site } from '../../shared/domain';
import type { BoardClient } from '../api/board-client';
import { newCommandId } from '../api/commands';
import { formatTimestamp } from '../format/timestamp';
import { useGrant } from '../ui/grant';
import { FileImportShell } from './FileImportShell';
import { readClimateFile, type ClimateChunk } from './climate-file';
import { useFileImport } from './use-file-import';

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
  const { t } = useTranslation('assets');
  const may = useGrant()('climate.import');
  const { num, pick, read, setRead, error, setError, busy, done, setDone, refused, during } = useFileImport<Read, { commands: number; readings: number }>();

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = pick(e);
    if (!file) return;
    // Only this console's own sites: a neighbour's, drawn read-only, is not its to record.
    const own = new Set(sites.filter((s) => !(s as { neighbour?: true }).neighbour).map((s) => s.id));
    const r = readClimateFile(new Uint8Array(await file.arrayBuffer()), { now: Date.now(), siteIds: own });
    if (!r.ok) return refused(r);
    setRead({ fileName: file.name, chunks: r.chunks.map((c) => ({ ...c, commandId: newCommandId() })), rows: r.preview.rows, sites: r.preview.sites, from: r.preview.from, to: r.preview.to, gbk: r.encoding === 'gbk' });
  };

  const confirm = async () => {
    if (!read) return;
    setError(null);
    await during(async () => {
      const r = await client.call('climate.import', { source: read.fileName.slice(0, 200), chunks: read.chunks });
      setDone({ commands: r.commands.length, readings: r.readings });
      setRead(null);
    });
  };

  const perSite = read ? [...read.chunks.reduce((m, c) => m.set(c.siteId, (m.get(c.siteId) ?? 0) + c.readings.length), new Map<string, number>())] : [];

  return (
    <FileImportShell
      testId="climate"
      grant={may}
      busy={busy}
      onFile={(e) => void onFile(e)}
      error={error}
      preview={
        read
          ? {
              data: { 'data-rows': read.rows, 'data-sites': read.sites, 'data-commands': read.chunks.length },
              body: (
                <>
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
                </>
              ),
              confirm: t('climate.confirm', { rows: num.format(read.rows) }),
              onConfirm: () => void confirm(),
              onCancel: () => setRead(null),
            }
          : null
      }
    >
      {done ? (
        <div className="ok" role="status" data-testid="climate-done" data-commands={done.commands} data-readings={done.readings}>
          ✓ {t('climate.done', { readings: num.format(done.readings), commands: done.commands })}
        </div>
      ) : null}
    </FileImportShell>
  );
}

import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodResult } from '../../shared/board-api';
import type { BoardClient } from '../api/board-client';
import { newCommandId } from '../api/commands';
import { formatTimestamp } from '../format/timestamp';
import { currentLanguage } from '../i18n';
import { useGrant } from '../ui/grant';
import { FileImportShell } from './FileImportShell';
import { readFlightLogFile } from './flight-log-file';
import { useFileImport } from './use-file-import';

type Checked = MethodResult<'cycles.check'>;
type Read = { fileName: string; rows: number; from: number; to: number; gbk: boolean; checked: Checked; commandIds: string[] };

/** Batteries listed in the preview; the rest are counted. */
const SHOWN = 30;

/**
 * 飞行日志导入: drone batteries' cycle counts from a flight-log export (battery QR code or serial,
 * date, its cycle counter), for the battery model — the count the division's old warning model
 * left out. The file is read and checked here (flight-log-file.ts), its batteries matched against
 * the ledger by the board (`cycles.check`: one not in the ledger, or not a drone battery, named by
 * row), and previewed — each battery with its count before and after — before anything is sent;
 * confirmed, it is queued as one `asset.cycles` command per battery, each with its own id
 * (confirming again after a lost answer is the same commands), offline too, and audited.
 */
export function FlightLogImportSection({ client }: { client: BoardClient }) {
  const { t, i18n } = useTranslation('assets');
  const language = currentLanguage(i18n);
  const may = useGrant()('cycles.import');
  const { num, pick, read, setRead, error, setError, busy, done, setDone, refused, during } = useFileImport<Read, { commands: number; batteries: number }>();

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = pick(e);
    if (!file) return;
    const r = readFlightLogFile(new Uint8Array(await file.arrayBuffer()), { now: Date.now() });
    if (!r.ok) return r.reason === 'flights' ? setError({ text: t('cycles.flightsOnly') }) : refused(r);
    // The batteries matched against the ledger by the board before anything is shown.
    await during(async () => {
      const checked = await client.call('cycles.check', { rows: r.rows });
      if (checked.problems.length > 0) return setError({ text: t('stocktake.refused'), problems: checked.problems, more: checked.more });
      setRead({ fileName: file.name, rows: r.preview.rows, from: r.preview.from, to: r.preview.to, gbk: r.encoding === 'gbk', checked, commandIds: checked.chunks.map(() => newCommandId()) });
    });
  };

  const confirm = async () => {
    if (!read) return;
    setError(null);
    await during(async () => {
      const chunks = read.checked.chunks.map((c, k) => ({ assetId: c.assetId, readings: c.readings, commandId: read.commandIds[k]! }));
      const r = await client.call('cycles.import', { source: read.fileName.slice(0, 200), chunks });
      setDone({ commands: r.commands.length, batteries: r.batteries });
      setRead(null);
    });
  };

  // Each battery once: its count before, and the highest the file gives.
  const batteries = read
    ? [...read.checked.chunks.reduce((m, c) => m.set(c.assetId, { qr: c.qr, typeId: c.typeId, before: c.before, after: c.readings[c.readings.length - 1]!.cycles }), new Map<string, { qr: string; typeId: string; before: number | null; after: number }>())]
    : [];
  const typeName = (typeId: string) => {
    const ty = read?.checked.types.find((x) => x.id === typeId);
    return ty ? (language === 'en' ? ty.nameEn : ty.name) : typeId;
  };

  return (
    <FileImportShell
      testId="cycles"
      grant={may}
      busy={busy}
      onFile={(e) => void onFile(e)}
      error={error}
      preview={
        read
          ? {
              data: { 'data-rows': read.rows, 'data-batteries': read.checked.batteries, 'data-commands': read.checked.chunks.length },
              body: (
                <>
                  <div>
                    {t('cycles.preview', { name: read.fileName, rows: num.format(read.rows), batteries: num.format(read.checked.batteries), from: formatTimestamp(read.from), to: formatTimestamp(read.to), encoding: read.gbk ? t('stocktake.gbk') : '' })}
                  </div>
                  <ul className="climate-import__sites">
                    {batteries.slice(0, SHOWN).map(([assetId, b]) => (
                      <li key={assetId} data-asset={assetId} data-before={b.before ?? ''} data-after={b.after}>
                        {b.qr} · {typeName(b.typeId)} · {b.before === null || b.after > b.before ? t('cycles.change', { before: b.before ?? '—', after: b.after }) : t('cycles.same', { before: b.before })}
                      </li>
                    ))}
                    {batteries.length > SHOWN ? <li>{t('cycles.more', { count: batteries.length - SHOWN })}</li> : null}
                  </ul>
                </>
              ),
              confirm: t('cycles.confirm', { batteries: num.format(read.checked.batteries) }),
              onConfirm: () => void confirm(),
              onCancel: () => setRead(null),
            }
          : null
      }
    >
      {done ? (
        <div className="ok" role="status" data-testid="cycles-done" data-commands={done.commands} data-batteries={done.batteries}>
          ✓ {t('cycles.done', { batteries: num.format(done.batteries), commands: done.commands })}
        </div>
      ) : null}
    </FileImportShell>
  );
}

import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodResult } from '../../shared/board-api';
import type { BoardClient } from '../api/board-client';
import { newCommandId } from '../api/commands';
import { currentLanguage } from '../i18n';
import { useGrant } from '../ui/grant';
import { FileImportShell } from './FileImportShell';
import { readFlightLogFile } from './flight-log-file';
import { useFileImport } from './use-file-import';

type Checked = { mode: 'cycles'; result: MethodResult<'cycles.check'> } | { mode: 'flights'; result: MethodResult<'flights.check'> };
type Read = { fileName: string; rows: number; from: string; to: string; gbk: boolean; checked: Checked; commandIds: string[] };
/** Each battery once in the preview: its count before and after, and (flights a day) the days the ledger already holds. */
type Line = { qr: string; typeId: string; before: number | null; after: number; known: number; covered: number };

/** Batteries listed in the preview; the rest are counted. */
const SHOWN = 30;

/**
 * 飞行日志导入: drone batteries' cycle counts from a flight-log export — the battery's own cycle
 * counter by date, or the flights it flew each day — for the battery model: the count the
 * division's old warning model left out. The file is read and checked here (flight-log-file.ts),
 * its batteries matched against the ledger by the board (`cycles.check` / `flights.check`: one not
 * in the ledger, or not a drone battery, named by row), and previewed — each battery with its
 * count before and after, and the days of a flights log the ledger already holds (they add
 * nothing) — before anything is sent; confirmed, it is queued as one `asset.cycles` or
 * `asset.flights` command per battery, each with its own id (confirming again after a lost answer
 * is the same commands), offline too, and audited.
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
    if (!r.ok) return refused(r);
    // The batteries matched against the ledger by the board before anything is shown.
    await during(async () => {
      const checked: Checked = r.mode === 'flights' ? { mode: 'flights', result: await client.call('flights.check', { rows: r.rows }) } : { mode: 'cycles', result: await client.call('cycles.check', { rows: r.rows }) };
      const { problems, more, chunks } = checked.result;
      if (problems.length > 0) return setError({ text: t('stocktake.refused'), problems, more });
      // The file's first and last calendar day, as its rows name them (the division's days, not UTC times).
      const days = r.rows.map((x) => x.day).sort();
      setRead({ fileName: file.name, rows: r.preview.rows, from: days[0]!, to: days[days.length - 1]!, gbk: r.encoding === 'gbk', checked, commandIds: chunks.map(() => newCommandId()) });
    });
  };

  const confirm = async () => {
    if (!read) return;
    setError(null);
    await during(async () => {
      const source = read.fileName.slice(0, 200);
      const c = read.checked;
      const r =
        c.mode === 'flights'
          ? await client.call('flights.import', { source, chunks: c.result.chunks.map((x, k) => ({ assetId: x.assetId, days: x.days, commandId: read.commandIds[k]! })) })
          : await client.call('cycles.import', { source, chunks: c.result.chunks.map((x, k) => ({ assetId: x.assetId, readings: x.readings, ...(x.day ? { day: x.day } : {}), commandId: read.commandIds[k]! })) });
      setDone({ commands: r.commands.length, batteries: r.batteries });
      setRead(null);
    });
  };

  const batteries = read ? lines(read.checked) : [];
  const typeName = (typeId: string) => {
    const ty = read?.checked.result.types.find((x) => x.id === typeId);
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
              data: { 'data-rows': read.rows, 'data-mode': read.checked.mode, 'data-batteries': read.checked.result.batteries, 'data-commands': read.checked.result.chunks.length },
              body: (
                <>
                  <div>
                    {t(read.checked.mode === 'flights' ? 'cycles.previewFlights' : 'cycles.preview', { name: read.fileName, rows: num.format(read.rows), batteries: num.format(read.checked.result.batteries), from: read.from, to: read.to, encoding: read.gbk ? t('stocktake.gbk') : '' })}
                  </div>
                  <ul className="climate-import__sites">
                    {batteries.slice(0, SHOWN).map(([assetId, b]) => (
                      <li key={assetId} data-asset={assetId} data-before={b.before ?? ''} data-after={b.after} data-known={b.known} data-covered={b.covered}>
                        {b.qr} · {typeName(b.typeId)} · {b.before === null || b.after > b.before ? t('cycles.change', { before: b.before ?? '—', after: b.after }) : t(read.checked.mode === 'flights' ? 'cycles.sameFlights' : 'cycles.same', { before: b.before })}
                        {b.known > 0 ? ` · ${t('cycles.known', { count: b.known })}` : ''}
                        {b.covered > 0 ? ` · ${t('cycles.covered', { count: b.covered })}` : ''}
                      </li>
                    ))}
                    {batteries.length > SHOWN ? <li>{t('cycles.more', { count: batteries.length - SHOWN })}</li> : null}
                  </ul>
                </>
              ),
              confirm: t(read.checked.mode === 'flights' ? 'cycles.confirmFlights' : 'cycles.confirm', { batteries: num.format(read.checked.result.batteries) }),
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

/** Each battery once: its count before the file, after it, and the days it told that the ledger already holds. */
function lines(c: Checked): [string, Line][] {
  const m = new Map<string, Line>();
  if (c.mode === 'flights') {
    for (const x of c.result.chunks) {
      const had = m.get(x.assetId);
      m.set(x.assetId, { qr: x.qr, typeId: x.typeId, before: had ? had.before : x.before, after: x.after, known: (had?.known ?? 0) + x.known, covered: (had?.covered ?? 0) + x.covered });
    }
  } else {
    for (const x of c.result.chunks) m.set(x.assetId, { qr: x.qr, typeId: x.typeId, before: x.before, after: x.readings[x.readings.length - 1]!.cycles, known: 0, covered: 0 });
  }
  return [...m];
}

import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportProblem } from '../../shared/assets/import-files';
import { errorText } from '../format/error-text';
import { numberFormat } from '../format/number';
import { currentLanguage } from '../i18n';
import type { FileRefusal } from './import-text';

export type ImportErrorState = { text: string; problems?: ImportProblem[]; more?: number };

/**
 * The state every file import on the readiness view goes through — a file read and previewed,
 * then confirmed and sent — with the refusals they share in the officer's words, and a call run
 * while the buttons wait (its failure shown as the import's error).
 */
export function useFileImport<R, D>() {
  const { t, i18n } = useTranslation('assets');
  const num = numberFormat(currentLanguage(i18n));
  const [read, setRead] = useState<R | null>(null);
  const [error, setError] = useState<ImportErrorState | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<D | null>(null);
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return {
    num,
    /** The file an input was given (the input emptied, so the same file can be chosen again), and what the last one showed gone. */
    pick: (e: ChangeEvent<HTMLInputElement>): File | null => {
      const file = e.target.files?.[0] ?? null;
      e.target.value = '';
      setRead(null);
      setError(null);
      setDone(null);
      return file;
    },
    read,
    setRead,
    error,
    setError,
    busy,
    done,
    setDone,
    refused: (r: FileRefusal) =>
      setError(
        r.reason === 'too_big'
          ? { text: t('stocktake.tooBig', { size: mb(r.bytes), max: mb(r.max) }) }
          : r.reason === 'encoding'
            ? { text: t('stocktake.encoding') }
            : r.reason === 'too_many'
              ? { text: t('climate.tooMany', { count: num.format(r.count), max: num.format(r.max) }) }
              : { text: t('stocktake.refused'), problems: r.problems, more: r.more },
      ),
    during: async (call: () => Promise<void>): Promise<void> => {
      setBusy(true);
      try {
        await call();
      } catch (err) {
        setError({ text: errorText(t, err) });
      } finally {
        setBusy(false);
      }
    },
  };
}

import { useTranslation } from 'react-i18next';
import type { ImportProblem } from '../../shared/assets/import-files';
import { currentLanguage } from '../i18n';

/** A refused import file in words: what happened, then each problem by its row and column (the header is row 1), and how many more. */
export function ImportError({ error, testId }: { error: { text: string; problems?: readonly ImportProblem[]; more?: number }; testId: string }) {
  const { t, i18n } = useTranslation('assets');
  const language = currentLanguage(i18n);
  const where = (p: ImportProblem) =>
    [p.row !== null ? t('stocktake.row', { row: p.row }) : t('stocktake.wholeFile'), p.column ? t('stocktake.column', { column: p.column }) : null].filter(Boolean).join(language === 'en' ? ', ' : '，');
  return (
    <div className="inline-error" role="alert" data-testid={testId}>
      {error.text}
      {error.problems ? (
        <ul className="stocktake__problems">
          {error.problems.map((p, i) => (
            <li key={i} data-row={p.row ?? ''}>
              {t('stocktake.problem', { where: where(p), message: p.message })}
            </li>
          ))}
          {error.more ? <li>{t('stocktake.moreProblems', { count: error.more })}</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

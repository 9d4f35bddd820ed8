import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SITE_KINDS, type Site } from '../../shared/domain';
import { DockPanel } from '../ui/DockPanel';
import { useGrant } from '../ui/grant';
import { checkNewSite, EMPTY_NEW_SITE, type NewSiteDraft, type SitePickIntent } from './site-pick';

type NewSitePanelProps = {
  sites: readonly Site[];
  /** The pick in progress (this panel's, while it is a 'place'). */
  picking: SitePickIntent | null;
  /** Goes on to the map: the site is placed where the administrator clicks (SitePickBanner confirms). */
  onPick(intent: SitePickIntent): void;
  onClose(): void;
};

/**
 * 新建站点: an administrator names a new depot, quick-pick point or police station, then
 * chooses its position on the map. The form is checked as the backend will check it, so
 * the pick starts only for a site that can be placed.
 */
export function NewSitePanel({ sites, picking, onPick, onClose }: NewSitePanelProps) {
  const { t } = useTranslation('sites');
  const may = useGrant()('site.place');
  const [draft, setDraft] = useState<NewSiteDraft>(EMPTY_NEW_SITE);
  const [problem, setProblem] = useState<string | null>(null);
  const taken = useMemo(() => new Set(sites.map((s) => s.id)), [sites]);
  const placing = picking?.kind === 'place';

  const set = (field: keyof NewSiteDraft) => (e: { target: { value: string } }) => {
    setDraft((d) => ({ ...d, [field]: e.target.value }));
    setProblem(null);
  };
  /** A label and its text input, one row of the form (disabled while the site is being placed). */
  const textField = (field: Exclude<keyof NewSiteDraft, 'kind'>, id: string, label: string, placeholder?: string) => (
    <>
      <label htmlFor={id}>{label}</label>
      <div className="form-grid__field">
        <input id={id} data-testid={id} type="text" autoComplete="off" placeholder={placeholder} value={draft[field]} onChange={set(field)} disabled={placing} />
      </div>
    </>
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkNewSite(draft, taken);
    if (!checked.ok) {
      setProblem(t(`newSite.problem.${checked.problem}`));
      return;
    }
    onPick({ kind: 'place', site: checked.site });
  };

  return (
    <DockPanel testId="new-site-panel" title={t('newSite.title')} onClose={onClose}>
      <form className="panel-section new-site" onSubmit={submit} noValidate aria-label={t('newSite.title')}>
        <div className="form-grid">
          {textField('id', 'new-site-id', t('newSite.id'), t('newSite.idPlaceholder'))}
          {textField('name', 'new-site-name', t('newSite.name'))}
          {textField('nameEn', 'new-site-name-en', t('newSite.nameEn'), t('newSite.nameEnPlaceholder'))}
          <label htmlFor="new-site-kind">{t('newSite.kind')}</label>
          <div className="form-grid__field">
            <select id="new-site-kind" data-testid="new-site-kind" value={draft.kind} onChange={set('kind')} disabled={placing}>
              <option value="">{t('newSite.kindChoose')}</option>
              {SITE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`format:siteKind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          {textField('address', 'new-site-address', t('newSite.address'))}
        </div>
        <div className="button-row">
          <button type="submit" className="action-button action-button--primary" data-testid="new-site-pick" disabled={!may.ok || placing} title={may.title}>
            {t('newSite.pick')}
          </button>
          {placing ? (
            <span className="warn small" role="status">
              {t('newSite.picking')}
            </span>
          ) : null}
        </div>
        {problem ? (
          <div className="inline-error" role="alert" data-testid="new-site-problem">
            {problem}
          </div>
        ) : null}
      </form>
    </DockPanel>
  );
}

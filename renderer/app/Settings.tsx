import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LinkStatus } from '../../shared/board-api';
import type { BoardClient } from '../api/board-client';
import { currentLanguage, type Language } from '../i18n';
import { IdleLockSetting } from '../people/IdleLockSetting';
import { WallSettings } from '../wall/WallSettings';
import { useDismiss } from '../ui/use-dismiss';
import { BaseMapSettings } from './BaseMapSettings';
import { GearIcon } from './icons';
import type { ConsoleViews } from './views';

type SettingsProps = {
  client: BoardClient;
  link: LinkStatus | null;
  /** The wall's rotation only for who may change it; the idle lock for everyone (changed or only shown). */
  views: ConsoleViews;
  /** Opens Settings → Cities (a dock panel: the list and the import need the room); offered to who holds cities.admin. */
  onOpenCities?(): void;
  /** Opens Settings → 值班设置 (a dock panel); offered to who holds duty.settings. */
  onOpenDutySettings?(): void;
};

const LANGS: { lang: Language; label: string; testId: string }[] = [
  { lang: 'zh-CN', label: '中文', testId: 'lang-zh' },
  { lang: 'en', label: 'English', testId: 'lang-en' },
];

/** Settings popover: language, the idle lock, the connection facts an officer reads out to support, the wall's rotation. */
export function Settings({ client, link, views, onOpenCities, onOpenDutySettings }: SettingsProps) {
  const { t, i18n } = useTranslation('app');
  const language = currentLanguage(i18n);
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);

  // Close the popover first; the side panel waits for the next Escape.
  useDismiss(open, rootRef, () => setOpen(false));

  const stats = client.stats();
  return (
    <div className="popover-anchor" ref={rootRef}>
      <button
        type="button"
        className="tool-button"
        data-testid="settings-button"
        aria-expanded={open}
        aria-haspopup="dialog"
        title={t('toolbar.settings')}
        onClick={() => setOpen((v) => !v)}
      >
        <GearIcon /> <span className="tool-button__text">{t('toolbar.settings')}</span>
      </button>
      {open ? (
        <div className="popover" role="dialog" aria-label={t('settings.title')} data-testid="settings-panel">
          <div className="popover__section">
            <div className="popover__label">{t('settings.language')}</div>
            <div className="segmented">
              {LANGS.map(({ lang, label, testId }) => (
                <button
                  key={lang}
                  type="button"
                  className="toggle"
                  lang={lang}
                  aria-pressed={language === lang}
                  data-testid={testId}
                  onClick={() => void i18n.changeLanguage(lang)}
                >
                  {label}
                </button>
              ))}
            </div>
          </div>
          <div className="popover__section">
            <IdleLockSetting client={client} />
          </div>
          <div className="popover__section">
            <div className="popover__label">{t('settings.connection')}</div>
            <dl className="facts facts--compact">
              <dt>{t('settings.transport')}</dt>
              <dd className="mono">{client.transportKind}</dd>
              <dt>{t('settings.endpoint')}</dt>
              <dd className="mono">{link?.endpoint || '—'}</dd>
              <dt>{t('settings.cursor')}</dt>
              <dd className="mono">{link?.cursor ?? '—'}</dd>
              <dt>{t('settings.invalidMessages')}</dt>
              <dd className="mono">{stats.invalidMessages + stats.invalidFrames}</dd>
            </dl>
          </div>
          {/* The base map's source: shown to who may change it (an administrator, a shift leader). */}
          {views.baseMapSource ? (
            <div className="popover__section">
              <BaseMapSettings client={client} />
            </div>
          ) : null}
          {views.dockPanels.includes('cities') && onOpenCities ? (
            <div className="popover__section">
              <div className="popover__label">{t('cities:title')}</div>
              <button
                type="button"
                className="action-button"
                data-testid="open-cities"
                onClick={() => {
                  setOpen(false);
                  onOpenCities?.();
                }}
              >
                {t('settings.cities')}
              </button>
            </div>
          ) : null}
          {views.dockPanels.includes('duty-settings') && onOpenDutySettings ? (
            <div className="popover__section">
              <div className="popover__label">{t('duty:settings.title')}</div>
              <button
                type="button"
                className="action-button"
                data-testid="open-duty-settings"
                onClick={() => {
                  setOpen(false);
                  onOpenDutySettings();
                }}
              >
                {t('duty:settings.open')}
              </button>
            </div>
          ) : null}
          {/* The wall's rotation is set here and kept by the backend, so every wall follows it. */}
          {views.wallSchedule ? (
            <div className="popover__section">
              <WallSettings client={client} />
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

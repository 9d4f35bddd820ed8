import { useTranslation } from 'react-i18next';
import type { LinkStatus } from '../../shared/board-api';
import { formatAge } from '../format/age';
import type { Language } from '../i18n';
import { WALL_NAMESPACE } from '../i18n/wall';
import type { ScheduledScene } from './scenes';

type WallHeaderProps = {
  /** Scene title on screen ('interrupt' shows the alert's own heading in its panel). */
  sceneId: string;
  schedule: readonly ScheduledScene[];
  link: LinkStatus | null;
  hostLost: boolean;
  now: number;
  language: Language;
};

/**
 * Title, where the rotation is, the link in one word, the data's age and a ticking clock:
 * the clock is how the hall sees the wall is alive, not frozen.
 */
export function WallHeader({ sceneId, schedule, link, hostLost, now, language }: WallHeaderProps) {
  const { t } = useTranslation(WALL_NAMESPACE);
  const { t: tc } = useTranslation();
  const state = hostLost ? 'offline' : (link?.state ?? 'reconnecting');
  const date = new Intl.DateTimeFormat(language, { month: '2-digit', day: '2-digit', weekday: 'short' }).format(now);
  const time = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(now);
  return (
    <header className="wall-header">
      {/* The page's heading: a screen reader, or a hall PC's browser tab, says what this is. */}
      <h1 className="wall-header__title">
        {t('title')}
        <span className="wall-header__subtitle">{t('subtitle')}</span>
      </h1>
      <div className="wall-header__scene">
        <span data-testid="wall-scene-title">{sceneId === 'interrupt' ? '' : t(`scene.${sceneId}`)}</span>
        <span className="wall-steps" aria-hidden="true">
          {schedule.map((s) => (
            <span key={s.id} className={`wall-step${s.id === sceneId ? ' wall-step--on' : ''}`} />
          ))}
        </span>
      </div>
      <div className={`wall-header__link wall-link-state--${state}`} data-testid="wall-link-state" data-state={state}>
        <span className="wall-dot" aria-hidden="true" />
        {tc('format:link.label')} {tc(`format:link.${state}`)}
        <span className="wall-header__age">{t('dataAge', { age: formatAge(tc, link?.lastPullAt ?? null, now) })}</span>
      </div>
      <div className="wall-header__clock">
        <span className="wall-header__date">{date}</span>
        <span className="wall-header__time" data-testid="wall-clock">
          {time}
        </span>
      </div>
    </header>
  );
}

type WallOutageProps = { link: LinkStatus | null; hostLost: boolean; now: number };

/** Says plainly that the wall is not live, and how old what it shows is (ticking). */
export function WallOutage({ link, hostLost, now }: WallOutageProps) {
  const { t } = useTranslation(WALL_NAMESPACE);
  const { t: tc } = useTranslation();
  const title = hostLost ? t('outage.hostLost') : link?.cut ? t('outage.titleCut') : t('outage.title');
  return (
    <div className="wall-outage" role="alert" data-testid="wall-outage" data-host-lost={hostLost ? 'true' : 'false'}>
      <span className="wall-outage__icon" aria-hidden="true">
        ⚠
      </span>
      <strong>{title}</strong>
      <span data-testid="wall-outage-age">{t('outage.age', { age: formatAge(tc, link?.lastPullAt ?? null, now) })}</span>
      <span className="wall-outage__local">{t('outage.local')}</span>
      {link && link.queueDepth > 0 ? <span className="wall-outage__queued">{t('outage.queued', { count: link.queueDepth })}</span> : null}
    </div>
  );
}

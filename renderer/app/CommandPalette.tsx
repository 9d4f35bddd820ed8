import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { moveHighlight } from '../ui/highlight';
import { searchPalette, type PaletteEntry } from './palette';
import { loadPinyin, pinyinLoaded } from './pinyin';

type CommandPaletteProps = {
  entries: readonly PaletteEntry[];
  onRun(entry: PaletteEntry): void;
  onClose(): void;
};

/**
 * Ctrl+K: one field that finds any action, site, vehicle (by plate) or request, and runs
 * or opens it. ↑/↓ move, Enter runs, Esc closes; the board underneath keeps updating.
 */
export function CommandPalette({ entries, onRun, onClose }: CommandPaletteProps) {
  const { t } = useTranslation('app');
  const [query, setQuery] = useState('');
  const [highlight, setHighlight] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  // Pinyin matching arrives with its dictionary, a moment after the first opening.
  const [pinyin, setPinyin] = useState(pinyinLoaded);
  useEffect(() => {
    let live = true;
    loadPinyin().then(
      () => live && setPinyin(true),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  const results = useMemo(() => searchPalette(entries, query, 14), [entries, query, pinyin]);
  const active = results.length ? Math.min(highlight, results.length - 1) : -1;

  useEffect(() => inputRef.current?.focus(), []);
  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setHighlight((h) => moveHighlight(h, e.key === 'ArrowDown' ? 1 : -1, results.length));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (active >= 0) onRun(results[active]!);
    } else if (e.key === 'Escape') {
      // The palette closes alone; panels behind it stay.
      e.preventDefault();
      e.stopPropagation();
      onClose();
    }
  };

  return (
    <div className="palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="palette" role="dialog" aria-modal="true" aria-label={t('palette.title')} data-testid="command-palette" onKeyDown={onKeyDown}>
        <input
          ref={inputRef}
          className="palette__input"
          data-testid="palette-input"
          type="text"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-results"
          aria-activedescendant={active >= 0 ? `palette-${active}` : undefined}
          autoComplete="off"
          spellCheck={false}
          placeholder={t('palette.placeholder')}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setHighlight(0);
          }}
        />
        <ul className="palette__list" id="palette-results" role="listbox" ref={listRef}>
          {results.length === 0 ? <li className="palette__empty">{t('palette.none')}</li> : null}
          {results.map((entry, i) => (
            <li
              key={entry.id}
              id={`palette-${i}`}
              role="option"
              aria-selected={i === active}
              data-testid="palette-option"
              data-entry-id={entry.id}
              className={`palette__option${i === active ? ' palette__option--active' : ''}`}
              onMouseEnter={() => setHighlight(i)}
              onMouseDown={(e) => {
                e.preventDefault();
                onRun(entry);
              }}
            >
              <span className={`palette__kind palette__kind--${entry.kind}`}>{t(`palette.kind.${entry.kind}`)}</span>
              <span className="palette__label" lang={entry.lang}>
                {entry.label}
              </span>
              <span className="palette__detail muted small">{entry.detail}</span>
            </li>
          ))}
        </ul>
        <div className="palette__foot muted small">{t('palette.keys')}</div>
      </div>
    </div>
  );
}

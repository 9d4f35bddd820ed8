import { useId, useState, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { moveHighlight } from '../ui/highlight';

type ComboboxProps<T> = {
  id: string;
  testId: string;
  value: string;
  onChange(text: string): void;
  /** Suggestions for the current text, best first. */
  options: readonly T[];
  optionKey(option: T): string;
  renderOption(option: T): ReactNode;
  onChoose(option: T): void;
  /** Shown in the open list when nothing matches. */
  emptyText?: string;
  placeholder?: string;
  invalid?: boolean;
  describedBy?: string;
  inputRef?: Ref<HTMLInputElement>;
  className?: string;
};

/**
 * A text field with a suggestion list (ARIA combobox): type to filter, ↑/↓ to move,
 * Enter to choose, Esc to close the list. Enter with the list closed, or with nothing to
 * choose, is left to the form (it submits), so the whole form works from the keyboard.
 */
export function Combobox<T>(props: ComboboxProps<T>) {
  const { id, options } = props;
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [highlight, setHighlight] = useState(0);
  const active = open && options.length > 0 ? Math.min(highlight, options.length - 1) : -1;

  const choose = (option: T) => {
    setOpen(false);
    props.onChoose(option);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        setHighlight(0);
      } else setHighlight((h) => moveHighlight(h, e.key === 'ArrowDown' ? 1 : -1, options.length));
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      choose(options[active]!);
    } else if (e.key === 'Escape' && open) {
      // Closes the list only; the next Esc cancels the form.
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };

  return (
    <div className={`combobox ${props.className ?? ''}`}>
      <input
        id={id}
        ref={props.inputRef}
        data-testid={props.testId}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={props.invalid ? true : undefined}
        aria-describedby={props.describedBy}
        placeholder={props.placeholder}
        value={props.value}
        onChange={(e) => {
          props.onChange(e.target.value);
          setOpen(e.target.value.trim() !== '');
          setHighlight(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      {open && (options.length > 0 || props.emptyText) ? (
        <ul className="combobox__list" id={listId} role="listbox" data-testid={`${props.testId}-options`}>
          {options.length === 0 && props.emptyText ? <li className="combobox__empty">{props.emptyText}</li> : null}
          {options.map((o, i) => (
            <li
              key={props.optionKey(o)}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'combobox__option combobox__option--active' : 'combobox__option'}
              // mousedown, not click: the input's blur would close the list first.
              onMouseDown={(e) => {
                e.preventDefault();
                choose(o);
              }}
              onMouseEnter={() => setHighlight(i)}
            >
              {props.renderOption(o)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

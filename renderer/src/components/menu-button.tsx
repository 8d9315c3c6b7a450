// A button that opens a menu (WAI-ARIA menu button pattern): arrow keys move between items,
// Escape and Tab close it, choosing an item closes it and gives focus back to the button
// before the item's action runs, so a dialog opened by the item returns focus there. A menu
// may start with a group of choices (menuitemradio, the chosen one aria-checked), such as
// the saved servers of the account menu.

import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Icon, type IconName } from './icons';

export interface MenuItem {
  id: string;
  label: string;
  icon: IconName;
  onSelect: () => void;
  tone?: 'default' | 'danger';
}

/** One of a group of choices: exactly one is checked (the server shown). */
export interface MenuChoice {
  id: string;
  label: string;
  /** Shown under the label ("media.example.com · Signed in"). */
  detail: string;
  /** What a screen reader hears: the label and the same details (checked is said by aria-checked). */
  accessibleName: string;
  checked: boolean;
  onSelect: () => void;
}

interface MenuButtonProps {
  /** Accessible name of the trigger: starts with what it shows, then says what it is. */
  label: string;
  /** Accessible name of the menu itself, e.g. "Account". */
  menuLabel: string;
  trigger: ReactNode;
  header?: ReactNode;
  items: readonly MenuItem[];
  /** A group of choices above the items, with its visible title (and accessible name). */
  choices?: { label: string; items: readonly MenuChoice[] };
  className?: string;
}

const ITEM_SELECTOR = '[role="menuitem"], [role="menuitemradio"]';

export function MenuButton(props: MenuButtonProps) {
  const { label, trigger, header, items, choices } = props;
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const itemElements = () => [...(menuRef.current?.querySelectorAll<HTMLElement>(ITEM_SELECTOR) ?? [])];

  useEffect(() => {
    if (!open) return;
    itemElements()[0]?.focus();
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node | null;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const elements = itemElements();
    const index = elements.indexOf(document.activeElement as HTMLElement);
    const focusAt = (i: number) => elements[(i + elements.length) % elements.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        focusAt(index + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        focusAt(index - 1);
        break;
      case 'Home':
        event.preventDefault();
        focusAt(0);
        break;
      case 'End':
        event.preventDefault();
        focusAt(elements.length - 1);
        break;
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        close();
        break;
      case 'Tab':
        setOpen(false);
        break;
    }
  };

  return (
    <div className={`menu-anchor ${props.className ?? ''}`}>
      <button
        ref={buttonRef}
        type="button"
        className="menu-trigger"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        {trigger}
        <Icon name="chevron-down" size={14} className="menu-chevron" />
      </button>
      {open && (
        <div ref={menuRef} id={menuId} role="menu" aria-label={props.menuLabel} className="menu" onKeyDown={onMenuKeyDown}>
          {header !== undefined && (
            <div role="none" className="menu-header">
              {header}
            </div>
          )}
          {choices !== undefined && choices.items.length > 0 && (
            <>
              <div role="group" aria-label={choices.label} className="menu-group">
                <div className="menu-group-title" aria-hidden="true">
                  {choices.label}
                </div>
                {choices.items.map((choice) => (
                  <button
                    key={choice.id}
                    type="button"
                    role="menuitemradio"
                    aria-checked={choice.checked}
                    aria-label={choice.accessibleName}
                    tabIndex={-1}
                    className={`menu-item menu-choice${choice.checked ? ' menu-choice-checked' : ''}`}
                    onClick={() => {
                      close();
                      if (!choice.checked) choice.onSelect();
                    }}
                  >
                    <span className="menu-choice-mark" aria-hidden="true">
                      {choice.checked && <Icon name="check" size={14} />}
                    </span>
                    <span className="menu-choice-text">
                      <bdi dir="auto" className="menu-choice-label">
                        {choice.label}
                      </bdi>
                      <span className="menu-choice-detail">{choice.detail}</span>
                    </span>
                  </button>
                ))}
              </div>
              <div role="separator" className="menu-separator" />
            </>
          )}
          {items.map((item) => (
            <button
              key={item.id}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={`menu-item${item.tone === 'danger' ? ' menu-item-danger' : ''}`}
              onClick={() => {
                close();
                item.onSelect();
              }}
            >
              <Icon name={item.icon} />
              <span>{item.label}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

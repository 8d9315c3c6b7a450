// A button that opens a menu (WAI-ARIA menu button pattern): arrow keys move between items,
// Escape and Tab close it, choosing an item closes it and gives focus back to the button
// before the item's action runs, so a dialog opened by the item returns focus there.

import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Icon, type IconName } from './icons';

export interface MenuItem {
  id: string;
  label: string;
  icon: IconName;
  onSelect: () => void;
  tone?: 'default' | 'danger';
}

interface MenuButtonProps {
  /** Accessible name of the trigger: starts with what it shows, then says what it is. */
  label: string;
  /** Accessible name of the menu itself, e.g. "Account". */
  menuLabel: string;
  trigger: ReactNode;
  header?: ReactNode;
  items: readonly MenuItem[];
  className?: string;
}

export function MenuButton(props: MenuButtonProps) {
  const { label, trigger, header, items } = props;
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const itemElements = () => [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];

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

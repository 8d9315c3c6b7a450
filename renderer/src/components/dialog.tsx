// A modal dialog: role=dialog + aria-modal, labelled by its title, focus moved inside on
// open, Tab kept inside, Escape closes (the caller decides what closing means), and focus
// returned to where it was. The rest of the window is made inert by <App> while it is open.

import {
  useEffect,
  useId,
  useRef,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { useI18n } from '../i18n/use-i18n';
import { IconButton } from './button';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => !el.hasAttribute('inert') && el.closest('[inert]') === null,
  );
}

interface DialogProps {
  title: ReactNode;
  /** Shown under the title. */
  description?: ReactNode;
  /** Escape, the close button and "Cancel"-like buttons call this. */
  onClose: () => void;
  closeLabel?: string;
  size?: 'sm' | 'md' | 'lg';
  /** Shown left of the title, e.g. a tinted icon. */
  icon?: ReactNode;
  children: ReactNode;
  footer: ReactNode;
  /** When given, body and footer form one <form> and a submit button in the footer works. */
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  className?: string;
  /** alertdialog for a question that interrupts (a confirmation). */
  role?: 'dialog' | 'alertdialog';
}

export function Dialog(props: DialogProps) {
  const { title, description, onClose, closeLabel, size = 'md', icon, children, footer, role = 'dialog' } = props;
  const { t } = useI18n();
  const panelRef = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const panel = panelRef.current;
    if (panel !== null) {
      // [data-autofocus] marks the field a person most likely wants first.
      const preferred = panel.querySelector<HTMLElement>('[data-autofocus]');
      const target = preferred ?? focusables(panel).find((el) => !el.matches('.dialog-close')) ?? panel;
      target.focus();
    }
    return () => {
      if (returnTo !== null && returnTo.isConnected) returnTo.focus();
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || panelRef.current === null) return;
    const items = focusables(panelRef.current);
    const first = items[0];
    const last = items.at(-1);
    if (first === undefined || last === undefined) {
      event.preventDefault();
      return;
    }
    const active = document.activeElement;
    if (event.shiftKey && (active === first || !panelRef.current.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !panelRef.current.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="dialog-backdrop">
      <div
        ref={panelRef}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description !== undefined ? descriptionId : undefined}
        tabIndex={-1}
        className={`dialog dialog-${size}${props.className ? ` ${props.className}` : ''}`}
        onKeyDown={onKeyDown}
      >
        <header className="dialog-header">
          {icon}
          <div className="dialog-heading">
            <h2 id={titleId} className="dialog-title">
              {title}
            </h2>
            {description !== undefined && (
              <p id={descriptionId} className="dialog-description">
                {description}
              </p>
            )}
          </div>
          <IconButton icon="x" label={closeLabel ?? t('common.close')} className="dialog-close" onClick={onClose} />
        </header>
        {props.onSubmit !== undefined ? (
          <form className="dialog-form" noValidate onSubmit={props.onSubmit}>
            <div className="dialog-body">{children}</div>
            <footer className="dialog-footer">{footer}</footer>
          </form>
        ) : (
          <>
            <div className="dialog-body">{children}</div>
            <footer className="dialog-footer">{footer}</footer>
          </>
        )}
      </div>
    </div>
  );
}

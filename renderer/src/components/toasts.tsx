// Toasts, bottom right. Not a live region: what they say is announced once through the
// app's single aria-live region (see notify()). Errors stay until dismissed; the rest fade.

import { useEffect } from 'react';
import { useApp } from '../app-context';
import { useStore } from '../hooks/use-store';
import type { Toast, ToastLevel } from '../store/toast-store';
import { IconButton } from './button';
import { Icon, type IconName } from './icons';

const selectToasts = (toasts: readonly Toast[]) => toasts;

function levelIcon(level: ToastLevel): IconName {
  switch (level) {
    case 'info':
      return 'info';
    case 'success':
      return 'check';
    case 'warning':
      return 'warning';
    case 'error':
      return 'alert';
  }
}

/** Milliseconds before a toast leaves by itself; null = it stays until dismissed. */
function lifetime(level: ToastLevel): number | null {
  switch (level) {
    case 'info':
    case 'success':
      return 5000;
    case 'warning':
      return 9000;
    case 'error':
      return null;
  }
}

function ToastItem(props: { toast: Toast; onDismiss: (id: number) => void }) {
  const { toast, onDismiss } = props;
  const ms = lifetime(toast.level);
  useEffect(() => {
    if (ms === null) return;
    const timer = setTimeout(() => onDismiss(toast.id), ms);
    return () => clearTimeout(timer);
    // A repeat bumps `revision` and restarts the timer.
  }, [ms, onDismiss, toast.id, toast.revision]);

  return (
    <li className={`toast toast-${toast.level}`}>
      <span className="toast-icon">
        <Icon name={levelIcon(toast.level)} size={16} />
      </span>
      <p className="toast-message">
        {toast.message}
        {toast.count > 1 && <span className="toast-count"> ×{toast.count}</span>}
      </p>
      <IconButton icon="x" label="Dismiss notification" className="toast-close" onClick={() => onDismiss(toast.id)} />
    </li>
  );
}

export function Toasts() {
  const { stores } = useApp();
  const toasts = useStore(stores.toasts, selectToasts);
  if (toasts.length === 0) return null;
  return (
    <section className="toasts" aria-label="Notifications">
      <ol>
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} onDismiss={stores.toasts.dismiss} />
        ))}
      </ol>
    </section>
  );
}

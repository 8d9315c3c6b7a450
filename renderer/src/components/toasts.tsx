// Toasts, in a strip of their own at the bottom of the window: they take layout space, so
// they never cover a row's buttons, and under a dialog's backdrop they never cover the
// dialog. Not a live region: what they say is announced once through the app's single
// aria-live region (see notify()). Each may carry one action: the fix (Sign in, Open
// settings), or the way to the file it is about. Errors stay for 15 s (each repeat or
// grouped update restarts that), or until dismissed.

import { useEffect } from 'react';
import { useApp } from '../app-context';
import { useStore } from '../hooks/use-store';
import type { MessageId } from '../i18n/catalog-en';
import { useI18n } from '../i18n/use-i18n';
import type { Toast, ToastAction, ToastLevel } from '../store/toast-store';
import { Button, IconButton } from './button';
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

/** Milliseconds before a toast leaves by itself: long enough to read twice, errors longest. */
function lifetime(level: ToastLevel): number {
  switch (level) {
    case 'info':
    case 'success':
      return 6000;
    case 'warning':
      return 10_000;
    case 'error':
      return 15_000;
  }
}

export function actionText(action: ToastAction): MessageId {
  switch (action.kind) {
    case 'sign-in':
      return 'toast.action.sign-in';
    case 'open-settings':
      return 'toast.action.open-settings';
    case 'show-job':
      return 'toast.action.show-job';
    case 'details':
      return 'toast.action.details';
    case 'show-failed':
      return 'toast.action.show-failed';
    case 'upload-again':
      return 'toast.action.upload-again';
  }
}

function ToastItem(props: { toast: Toast; onDismiss: (id: number) => void; onAction: (action: ToastAction) => void }) {
  const { toast, onDismiss, onAction } = props;
  const { t, f } = useI18n();
  const ms = lifetime(toast.level);
  useEffect(() => {
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
        {toast.count > 1 && <span className="toast-count"> ×{f.count(toast.count)}</span>}
      </p>
      {toast.action !== undefined && (
        <Button
          size="sm"
          className="toast-action"
          onClick={() => {
            if (toast.action !== undefined) onAction(toast.action);
            onDismiss(toast.id);
          }}
        >
          {t(actionText(toast.action))}
        </Button>
      )}
      <IconButton icon="x" label={t('toast.dismiss')} className="toast-close" onClick={() => onDismiss(toast.id)} />
    </li>
  );
}

export function Toasts(props: { onAction: (action: ToastAction) => void }) {
  const { stores } = useApp();
  const { t } = useI18n();
  const toasts = useStore(stores.toasts, selectToasts);
  if (toasts.length === 0) return null;
  return (
    <section className="toasts" aria-label={t('toast.region')}>
      <ol>
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} onDismiss={stores.toasts.dismiss} onAction={props.onAction} />
        ))}
      </ol>
    </section>
  );
}

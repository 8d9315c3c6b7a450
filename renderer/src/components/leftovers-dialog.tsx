// Lists the server's unfinished uploads by file name (from their asset; the asset id when
// the server cannot say) and lets the person discard them, which deletes their uploaded
// parts on the server: "Discard all" asks first. Focus stays in the list as items go.

import { useRef, useState } from 'react';
import type { LeftoverUpload } from '../../../preload/contract';
import type { I18n } from '../i18n/i18n';
import { useI18n } from '../i18n/use-i18n';
import { Button } from './button';
import { Dialog } from './dialog';
import { FileName } from './file-name';
import { Icon } from './icons';

function describe(item: LeftoverUpload, { t, f }: I18n): string {
  const parts = [
    item.contentLength !== null ? f.bytes(item.contentLength) : t('leftovers.size-unknown'),
    t('leftovers.parts', { done: item.partsConfirmed, total: item.partsTotal, doneText: f.count(item.partsConfirmed), totalText: f.count(item.partsTotal) }),
  ];
  if (item.startDate !== null) {
    const started = new Date(item.startDate);
    if (!Number.isNaN(started.getTime())) parts.push(t('leftovers.started', { date: f.dateTime(started.getTime()) }));
  }
  return parts.join(' · ');
}

interface LeftoversDialogProps {
  items: readonly LeftoverUpload[];
  onDiscard: (uploadId: string) => Promise<void>;
  onDiscardAll: () => Promise<void>;
  onClose: () => void;
}

export function LeftoversDialog(props: LeftoversDialogProps) {
  const { items, onDiscard, onDiscardAll, onClose } = props;
  const i18n = useI18n();
  const { t } = i18n;
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);
  const listRef = useRef<HTMLUListElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  const discard = async (uploadId: string, index: number) => {
    setBusy(uploadId);
    await onDiscard(uploadId);
    setBusy(null);
    // The pressed button left with its item: focus the next one, or Close when none is left.
    requestAnimationFrame(() => {
      const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>('.leftover button') ?? [];
      (buttons[Math.min(index, buttons.length - 1)] ?? closeRef.current)?.focus();
    });
  };

  const discardAll = async () => {
    setConfirmAll(false);
    setBusy('all');
    await onDiscardAll();
    setBusy(null);
    requestAnimationFrame(() => closeRef.current?.focus());
  };

  return (
    <Dialog
      title={t('leftovers.title')}
      description={t('leftovers.description')}
      icon={
        <span className="dialog-icon tone-attention">
          <Icon name="upload-cloud" size={22} />
        </span>
      }
      onClose={onClose}
      footer={
        confirmAll ? (
          <>
            <p className="footer-question" role="alert">
              {t('leftovers.confirm-all', { count: items.length })}
            </p>
            <span className="footer-spacer" />
            <Button data-autofocus onClick={() => setConfirmAll(false)}>
              {t('common.keep')}
            </Button>
            <Button variant="danger" icon="trash" onClick={() => void discardAll()}>
              {t('leftovers.discard-all-confirm', { count: items.length })}
            </Button>
          </>
        ) : (
          <>
            <span className="footer-spacer" />
            <Button ref={closeRef} onClick={onClose}>
              {t('common.close')}
            </Button>
            <Button variant="danger" icon="trash" disabled={items.length === 0 || busy !== null} onClick={() => setConfirmAll(true)}>
              {t('leftovers.discard-all')}
            </Button>
          </>
        )
      }
    >
      {items.length === 0 ? (
        <p className="field-hint">{t('leftovers.none')}</p>
      ) : (
        <ul ref={listRef} className="leftover-list" aria-label={t('leftovers.list')}>
          {items.map((item, index) => {
            const name = item.displayName ?? t('leftovers.asset', { id: item.assetId });
            return (
              <li key={item.uploadId} className="leftover">
                <div className="leftover-text">
                  <span className="leftover-title">
                    {item.displayName !== null ? <FileName name={item.displayName} /> : <code>{name}</code>}
                  </span>
                  <span className="leftover-meta">{describe(item, i18n)}</span>
                  {item.displayName !== null && <span className="leftover-meta">{t('leftovers.asset', { id: item.assetId })}</span>}
                </div>
                <Button
                  size="sm"
                  variant="ghost"
                  className="btn-danger-ghost"
                  disabled={busy !== null}
                  onClick={() => void discard(item.uploadId, index)}
                >
                  {t('leftovers.discard')}
                  <span className="visually-hidden"> {name}</span>
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </Dialog>
  );
}

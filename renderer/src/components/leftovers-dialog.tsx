// Lists the server's unfinished uploads and lets the person discard them (which deletes
// their uploaded parts on the server).

import { useState } from 'react';
import type { LeftoverUpload } from '../../../preload/contract';
import { formatBytes, formatCount, plural } from '../format/format';
import { Button } from './button';
import { Dialog } from './dialog';
import { Icon } from './icons';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function describe(item: LeftoverUpload): string {
  const parts = [
    item.contentLength !== null ? formatBytes(item.contentLength) : 'Size unknown',
    `${formatCount(item.partsConfirmed)} of ${plural(item.partsTotal, 'part', 'parts')} uploaded`,
  ];
  if (item.startDate !== null) {
    const started = new Date(item.startDate);
    if (!Number.isNaN(started.getTime())) parts.push(`started ${dateFormat.format(started)}`);
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
  const [busy, setBusy] = useState<string | null>(null);

  const discard = async (uploadId: string) => {
    setBusy(uploadId);
    await onDiscard(uploadId);
    setBusy(null);
  };

  return (
    <Dialog
      title="Unfinished uploads on the server"
      description="No file in this queue continues these uploads. To resume one, add the same file again and choose Continue when asked. Discarding one deletes its uploaded parts from the server; the files on your computer are not touched."
      icon={
        <span className="dialog-icon tone-attention">
          <Icon name="upload-cloud" size={22} />
        </span>
      }
      onClose={onClose}
      footer={
        <>
          <span className="footer-spacer" />
          <Button onClick={onClose}>Close</Button>
          <Button
            variant="danger"
            icon="trash"
            disabled={items.length === 0 || busy !== null}
            onClick={() => {
              setBusy('all');
              void onDiscardAll().then(() => setBusy(null));
            }}
          >
            Discard all
          </Button>
        </>
      }
    >
      {items.length === 0 ? (
        <p className="field-hint">Nothing left to clean up.</p>
      ) : (
        <ul className="leftover-list" aria-label="Unfinished uploads">
          {items.map((item) => (
            <li key={item.uploadId} className="leftover">
              <div className="leftover-text">
                <span className="leftover-title">
                  Asset <code>{item.assetId}</code>
                </span>
                <span className="leftover-meta">{describe(item)}</span>
              </div>
              <Button
                size="sm"
                variant="ghost"
                className="btn-danger-ghost"
                disabled={busy !== null}
                aria-label={`Discard upload of asset ${item.assetId}`}
                onClick={() => void discard(item.uploadId)}
              >
                Discard
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}

// "<name> already exists on the server": one job at a time, with what the server said, the
// four possible answers, the replace options, and whether the answer applies to all.

import { useCallback, useId, useState, type FormEvent } from 'react';
import type { ConflictAction, JobView, UploadReplaceOption } from '../../../preload/contract';
import { useApp } from '../app-context';
import { formatBytes, plural } from '../format/format';
import { useCommand } from '../hooks/use-command';
import { useStore } from '../hooks/use-store';
import { Button } from './button';
import { Dialog } from './dialog';
import { Icon } from './icons';
import { ReplaceOptionsFieldset } from './replace-options-fieldset';

interface Choice {
  action: ConflictAction;
  title: string;
  description: string;
  /** Text of the confirm button when this choice is selected. */
  confirm: string;
}

const CHOICES: readonly Choice[] = [
  {
    action: 'continue',
    title: 'Continue',
    description: 'Resume the upload already on the server; only the missing parts are sent.',
    confirm: 'Continue upload',
  },
  {
    action: 'replace',
    title: 'Replace',
    description: 'Upload this file in place of the one on the server.',
    confirm: 'Replace',
  },
  {
    action: 'asset-replace',
    title: 'Replace asset',
    description: 'Replace the content of the existing asset, keeping the asset and its id.',
    confirm: 'Replace asset',
  },
  {
    action: 'skip',
    title: 'Skip',
    description: 'Keep what is on the server and do not upload this file.',
    confirm: 'Skip file',
  },
];

function usesReplaceOptions(action: ConflictAction): boolean {
  switch (action) {
    case 'replace':
    case 'asset-replace':
      return true;
    case 'continue':
    case 'skip':
      return false;
  }
}

interface ConflictDialogProps {
  job: JobView;
  moreWaiting: number;
  /** Escape / "Decide later": close without deciding. */
  onDecideLater: () => void;
  /** Called as the answer is sent, so the question is not asked again meanwhile. */
  onAnswer: (applyToAll: boolean) => void;
  /** The engine refused the answer: ask again. */
  onAnswerFailed: (applyToAll: boolean) => void;
}

export function ConflictDialog(props: ConflictDialogProps) {
  const { job, moreWaiting, onDecideLater, onAnswer, onAnswerFailed } = props;
  const { stores } = useApp();
  const run = useCommand();
  const defaults = useStore(
    stores.session,
    useCallback((s) => s.settings?.replaceOptions, []),
  );
  // Continue only makes sense when the server has an unfinished upload of this file; a
  // finished asset can only be replaced (or kept), so Replace is the better default then.
  const [action, setAction] = useState<ConflictAction>(job.conflict?.uploadId ? 'continue' : 'replace');
  const [replaceOptions, setReplaceOptions] = useState<readonly UploadReplaceOption[]>(defaults ?? []);
  const [applyToAll, setApplyToAll] = useState(false);
  const [busy, setBusy] = useState(false);
  const groupName = useId();
  const canAssetReplace = job.conflict?.assetId != null;
  const confirmLabel = CHOICES.find((c) => c.action === action)?.confirm ?? 'Confirm';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    onAnswer(applyToAll);
    const result = await run('resolveConflict', {
      id: job.id,
      action,
      // Replace options only mean something when replacing.
      replaceOptions: usesReplaceOptions(action) ? [...replaceOptions] : [],
      applyToAll,
    });
    if (!result.ok) {
      setBusy(false);
      onAnswerFailed(applyToAll);
    }
  };

  return (
    <Dialog
      title={`“${job.name}” already exists on the server`}
      description={
        <>
          {job.relativePath} · {formatBytes(job.size)}
          {moreWaiting > 0 && (
            <span className="pill tone-attention">{plural(moreWaiting, 'more file', 'more files')} waiting</span>
          )}
        </>
      }
      icon={
        <span className="dialog-icon tone-attention">
          <Icon name="warning" size={22} />
        </span>
      }
      closeLabel="Close and decide later"
      onClose={onDecideLater}
      onSubmit={(event) => void submit(event)}
      size="md"
      footer={
        <>
          <Button variant="ghost" onClick={onDecideLater}>
            Decide later
          </Button>
          <span className="footer-spacer" />
          <Button type="submit" variant={action === 'skip' ? 'secondary' : 'primary'} disabled={busy}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {job.conflict !== null && (
        <div className="server-note">
          <Icon name="info" size={14} />
          <div>
            <p>{job.conflict.detail}</p>
            {job.conflict.assetId !== null && (
              <p className="server-note-id">
                Existing asset <code>{job.conflict.assetId}</code>
              </p>
            )}
          </div>
        </div>
      )}
      <fieldset className="fieldset">
        <legend className="field-label">What should happen?</legend>
        <div className="choice-grid">
          {CHOICES.map((c) => {
            const disabled = c.action === 'asset-replace' && !canAssetReplace;
            const titleId = `${groupName}-${c.action}-title`;
            const descriptionId = `${groupName}-${c.action}-description`;
            return (
              <label key={c.action} className={`choice${disabled ? ' choice-disabled' : ''}`}>
                <input
                  type="radio"
                  name={groupName}
                  value={c.action}
                  checked={action === c.action}
                  disabled={disabled}
                  aria-labelledby={titleId}
                  aria-describedby={descriptionId}
                  data-autofocus={action === c.action ? true : undefined}
                  onChange={() => setAction(c.action)}
                />
                <span className="choice-text">
                  <span id={titleId} className="choice-title">
                    {c.title}
                  </span>
                  <span id={descriptionId} className="choice-description">
                    {disabled ? 'Not available: the server did not say which asset exists.' : c.description}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
      </fieldset>
      <ReplaceOptionsFieldset
        legend="When replacing"
        hint={usesReplaceOptions(action) ? undefined : 'Only used by Replace and Replace asset.'}
        value={replaceOptions}
        onChange={setReplaceOptions}
        disabled={!usesReplaceOptions(action)}
        columns={3}
      />
      <label className="checkbox apply-all">
        <input type="checkbox" checked={applyToAll} onChange={(event) => setApplyToAll(event.target.checked)} />
        <span>
          Apply to all
          <span className="field-hint">
            {' '}
            — use this answer for every file that already exists in this queue
            {moreWaiting > 0 ? ` (${plural(moreWaiting, 'other', 'others')} now)` : ''}
          </span>
        </span>
      </label>
    </Dialog>
  );
}

// "<name> already exists on the server": one job at a time, with what the server said, the
// four possible answers, the replace options, and whether the answer applies to all.

import { useCallback, useId, useState, type FormEvent } from 'react';
import type { ConflictAction, JobView, UploadReplaceOption } from '../../../preload/contract';
import { useApp } from '../app-context';
import { useCommand } from '../hooks/use-command';
import { useStore } from '../hooks/use-store';
import type { MessageId } from '../i18n/catalog-en';
import { useI18n } from '../i18n/use-i18n';
import { FileName } from './file-name';
import { Button } from './button';
import { Dialog } from './dialog';
import { Icon } from './icons';
import { ReplaceOptionsFieldset } from './replace-options-fieldset';

interface Choice {
  action: ConflictAction;
  title: MessageId;
  description: MessageId;
  /** Text of the confirm button when this choice is selected. */
  confirm: MessageId;
}

const CHOICES: readonly Choice[] = [
  { action: 'continue', title: 'conflict.continue', description: 'conflict.continue.hint', confirm: 'conflict.continue.confirm' },
  { action: 'replace', title: 'conflict.replace', description: 'conflict.replace.hint', confirm: 'conflict.replace.confirm' },
  { action: 'asset-replace', title: 'conflict.asset-replace', description: 'conflict.asset-replace.hint', confirm: 'conflict.asset-replace.confirm' },
  { action: 'skip', title: 'conflict.skip', description: 'conflict.skip.hint', confirm: 'conflict.skip.confirm' },
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
  const { t, f } = useI18n();
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
  // The engine says what it can do with this conflict (Replace asset only when it knows which
  // asset); the dialog offers exactly that, never a choice the engine would refuse.
  const offered = (choice: ConflictAction): boolean => job.conflict?.choices.includes(choice) ?? choice !== 'asset-replace';
  const confirmLabel = t(CHOICES.find((c) => c.action === action)?.confirm ?? 'conflict.replace.confirm');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    onAnswer(applyToAll);
    const result = await run(
      'resolveConflict',
      {
      id: job.id,
      action,
      // Replace options only mean something when replacing.
      replaceOptions: usesReplaceOptions(action) ? [...replaceOptions] : [],
      applyToAll,
      },
      { jobId: job.id },
    );
    if (!result.ok) {
      setBusy(false);
      onAnswerFailed(applyToAll);
    }
  };

  return (
    <Dialog
      title={t('conflict.title', { name: job.name })}
      description={
        <>
          <FileName name={job.relativePath} /> · {f.bytes(job.size)}
          {moreWaiting > 0 && <span className="pill tone-attention">{t('conflict.more-waiting', { count: moreWaiting })}</span>}
        </>
      }
      icon={
        <span className="dialog-icon tone-attention">
          <Icon name="warning" size={22} />
        </span>
      }
      closeLabel={t('conflict.close')}
      onClose={onDecideLater}
      onSubmit={(event) => void submit(event)}
      size="md"
      footer={
        <>
          <Button variant="ghost" onClick={onDecideLater}>
            {t('conflict.later')}
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
            {job.conflict.reason !== null && <p className="server-note-reason">{job.conflict.reason}</p>}
            {job.conflict.assetId !== null && (
              <p className="server-note-id">
                {t('conflict.existing-asset')} <code>{job.conflict.assetId}</code>
              </p>
            )}
          </div>
        </div>
      )}
      <fieldset className="fieldset">
        <legend className="field-label">{t('conflict.question')}</legend>
        <div className="choice-grid">
          {CHOICES.map((c) => {
            const disabled = !offered(c.action);
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
                    {t(c.title)}
                  </span>
                  <span id={descriptionId} className="choice-description">
                    {disabled ? t('conflict.asset-replace.unavailable') : t(c.description)}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
      </fieldset>
      <ReplaceOptionsFieldset
        legend={t('conflict.when-replacing')}
        hint={usesReplaceOptions(action) ? undefined : t('conflict.replace-options-hint')}
        value={replaceOptions}
        onChange={setReplaceOptions}
        disabled={!usesReplaceOptions(action)}
        columns={3}
      />
      <label className="checkbox apply-all">
        <input type="checkbox" checked={applyToAll} onChange={(event) => setApplyToAll(event.target.checked)} />
        <span>
          {t('conflict.apply-all')}
          <span className="field-hint"> {t('conflict.apply-all.hint', { count: moreWaiting })}</span>
        </span>
      </label>
    </Dialog>
  );
}

// Shown while files are ticked: how many, and what can be done to all of them at once.
// Cancel and Remove delete uploaded parts on the server, so they ask first.

import { useApp } from '../app-context';
import { useCommand } from '../hooks/use-command';
import { useStore } from '../hooks/use-store';
import { useI18n } from '../i18n/use-i18n';
import type { JobAction } from '../../../preload/contract';
import { Button } from './button';
import { useQueueContext } from './queue-context';

const selectSelection = (s: ReadonlySet<string>) => s;

export function SelectionBar() {
  const { stores } = useApp();
  const { t } = useI18n();
  const queue = useQueueContext();
  const run = useCommand();
  const selection = useStore(stores.selection, selectSelection);
  if (selection.size === 0) return null;
  const ids = [...selection];
  const count = ids.length;

  const apply = async (action: JobAction) => {
    if (action === 'cancel' || action === 'remove') {
      const yes = await queue.confirm({
        title: t(action === 'cancel' ? 'confirm.cancel.title' : 'confirm.remove.title', { count }),
        body: t(action === 'cancel' ? 'confirm.cancel.body' : 'confirm.remove.body', { count }),
        confirmLabel: t(action === 'cancel' ? 'confirm.cancel.confirm' : 'confirm.remove.confirm', { count }),
      });
      if (!yes) return;
    }
    const result = await run('applyToJobs', { action, ids });
    if (!result.ok) return;
    stores.announcer.announce(t('announce.bulk', { action, count: result.value.affected }));
    if (action === 'remove') stores.selection.clear();
  };

  return (
    <section className="selection-bar" aria-label={t('selection.region')}>
      <p className="selection-count" role="status">
        {t('selection.count', { count })}
      </p>
      <div className="selection-actions">
        <Button size="sm" icon="pause" onClick={() => void apply('pause')}>
          {t('selection.pause')}
        </Button>
        <Button size="sm" icon="play" disabled={queue.signedOut} onClick={() => void apply('resume')}>
          {t('selection.resume')}
        </Button>
        <Button size="sm" icon="retry" disabled={queue.signedOut} onClick={() => void apply('retry')}>
          {t('selection.retry')}
        </Button>
        <Button size="sm" icon="x" onClick={() => void apply('cancel')}>
          {t('selection.cancel')}
        </Button>
        <Button size="sm" icon="trash" onClick={() => void apply('remove')}>
          {t('selection.remove')}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => stores.selection.clear()}>
          {t('selection.clear')}
        </Button>
      </div>
    </section>
  );
}

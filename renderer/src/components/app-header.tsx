// The title bar of the window: product, destination, the two ways to add files, Settings
// and the account menu. It wraps onto two lines in a narrow window instead of scrolling.

import { useApp } from '../app-context';
import { useAddFromDialog } from '../hooks/use-add-from-dialog';
import { useStore } from '../hooks/use-store';
import { useI18n } from '../i18n/use-i18n';
import type { SessionState } from '../store/session-store';
import { AccountMenu } from './account-menu';
import { Button } from './button';
import { TargetBadge } from './target-badge';

const selectAccount = (s: SessionState) => s.account;

interface AppHeaderProps {
  onOpenSettings: () => void;
  onOpenHistory: () => void;
  onOpenWatches: () => void;
  onSignIn: () => void;
  onAddServer: () => void;
  onManageServers: () => void;
  settingsReady: boolean;
}

function ProductMark() {
  return (
    <svg className="product-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" className="product-mark-bg" />
      <path d="M9 22.5V10l14 12.5V10" className="product-mark-n" />
    </svg>
  );
}

export function AppHeader(props: AppHeaderProps) {
  const { stores } = useApp();
  const { t } = useI18n();
  const account = useStore(stores.session, selectAccount);
  const add = useAddFromDialog();

  return (
    <header className="app-header">
      <div className="brand">
        <ProductMark />
        <h1 className="brand-name">{t('app.name')}</h1>
      </div>
      <TargetBadge account={account} />
      <span className="header-spacer" />
      <div className="header-actions">
        <Button variant="primary" icon="file-plus" onClick={() => add('files')}>
          {t('add.files')}
        </Button>
        <Button icon="folder-plus" onClick={() => add('folder')}>
          {t('add.folder')}
        </Button>
        <span className="header-divider" aria-hidden="true" />
        <Button variant="ghost" icon="retry" onClick={props.onOpenHistory}>
          {t('history.open')}
        </Button>
        <Button variant="ghost" icon="eye" onClick={props.onOpenWatches}>
          {t('watches.open')}
        </Button>
        <Button
          variant="ghost"
          icon="settings"
          className="settings-button"
          onClick={props.onOpenSettings}
          disabled={!props.settingsReady}
          title={props.settingsReady ? t('settings.title') : t('settings.loading')}
        >
          <span className="settings-label">{t('settings.title')}</span>
        </Button>
        <AccountMenu account={account} onSignIn={props.onSignIn} onAddServer={props.onAddServer} onManageServers={props.onManageServers} />
      </div>
    </header>
  );
}

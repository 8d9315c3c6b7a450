// Where uploads go, always visible in the header. The sandbox is labelled unmistakably as
// local so nobody believes their files reached a server.

import type { AccountView } from '../../../preload/contract';
import { useI18n } from '../i18n/use-i18n';
import { hostOf } from '../model/target';
import { Icon } from './icons';

export function TargetBadge(props: { account: AccountView | null }) {
  const { account } = props;
  const { t } = useI18n();
  if (account === null) {
    return (
      <span className="target-badge tone-muted">
        <Icon name="spinner" size={14} className="spin" />
        {t('target.connecting')}
      </span>
    );
  }
  switch (account.target.kind) {
    case 'sandbox':
      return (
        <span className="target-badge target-sandbox" title={t('target.sandbox-hint')}>
          <Icon name="laptop" size={14} />
          <span className="target-host">{t('target.sandbox')}</span>
        </span>
      );
    case 'server': {
      const { url } = account.target;
      return account.signedIn ? (
        <span className="target-badge target-server" title={url}>
          <Icon name="globe" size={14} />
          <span className="target-host">{hostOf(url)}</span>
          {account.userName !== null && <span className="target-user">{account.userName}</span>}
        </span>
      ) : (
        <span className="target-badge target-signed-out" title={url}>
          <Icon name="warning" size={14} />
          <span className="target-host">{hostOf(url)}</span>
          <span className="target-user">{t('target.signed-out')}</span>
        </span>
      );
    }
  }
}

// Signed out (or logged out by the server) with uploads kept: they wait, and this says so
// with the way to continue right there.

import { useI18n } from '../i18n/use-i18n';
import { Button } from './button';
import { Icon } from './icons';

export function SignedOutBanner(props: { host: string; waiting: number; onSignIn: () => void }) {
  const { t } = useI18n();
  return (
    <section className="banner tone-attention" aria-label={t('signed-out.region')}>
      <Icon name="warning" size={16} />
      <p className="banner-text">{t('signed-out.text', { host: props.host, count: props.waiting })}</p>
      <Button size="sm" variant="primary" icon="log-in" onClick={props.onSignIn}>
        {t('signed-out.sign-in')}
      </Button>
    </section>
  );
}

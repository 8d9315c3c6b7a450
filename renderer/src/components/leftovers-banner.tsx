// A quiet notice that the server holds unfinished uploads nobody here will continue.

import { useI18n } from '../i18n/use-i18n';
import { Button, IconButton } from './button';
import { Icon } from './icons';

interface LeftoversBannerProps {
  count: number;
  onReview: () => void;
  onHide: () => void;
}

export function LeftoversBanner(props: LeftoversBannerProps) {
  const { t } = useI18n();
  return (
    <section className="banner tone-attention" aria-label={t('leftovers.title')}>
      <Icon name="info" size={16} />
      <p className="banner-text">{t('leftovers.banner', { count: props.count })}</p>
      <Button size="sm" onClick={props.onReview}>
        {t('leftovers.review')}
      </Button>
      <IconButton icon="x" label={t('leftovers.hide')} onClick={props.onHide} />
    </section>
  );
}

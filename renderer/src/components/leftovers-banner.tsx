// A quiet notice that the server holds unfinished uploads nobody here will continue.

import { plural } from '../format/format';
import { Button, IconButton } from './button';
import { Icon } from './icons';

interface LeftoversBannerProps {
  count: number;
  onReview: () => void;
  onHide: () => void;
}

export function LeftoversBanner(props: LeftoversBannerProps) {
  return (
    <section className="banner tone-attention" aria-label="Unfinished uploads on the server">
      <Icon name="info" size={16} />
      <p className="banner-text">
        {plural(props.count, 'unfinished upload', 'unfinished uploads')} from an earlier session{' '}
        {props.count === 1 ? 'is' : 'are'} still open on the server and take up space there.
      </p>
      <Button size="sm" onClick={props.onReview}>
        Review…
      </Button>
      <IconButton icon="x" label="Hide this notice" onClick={props.onHide} />
    </section>
  );
}

// The state of a job as colour + icon + text, never colour alone.

import type { JobStateKind } from '../../../preload/contract';
import { stateInfo } from '../model/job-state';
import { Icon } from './icons';

export function StateBadge(props: { state: JobStateKind }) {
  const info = stateInfo(props.state);
  return (
    <span className={`badge tone-${info.tone}`} data-state={props.state}>
      <Icon name={info.icon} size={13} className={info.icon === 'spinner' ? 'spin' : undefined} />
      {info.label}
    </span>
  );
}

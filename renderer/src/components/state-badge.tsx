// The state of a job as colour + icon + text, never colour alone.

import type { JobStateKind } from '../../../preload/contract';
import { useI18n } from '../i18n/use-i18n';
import { stateInfo } from '../model/job-state';
import { Icon } from './icons';

export function StateBadge(props: { state: JobStateKind }) {
  const { t } = useI18n();
  const info = stateInfo(props.state);
  return (
    <span className={`badge tone-${info.tone}`} data-state={props.state}>
      <Icon name={info.icon} size={13} className={info.icon === 'spinner' ? 'spin' : undefined} />
      {t(info.label)}
    </span>
  );
}

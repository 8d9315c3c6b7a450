// Shown over the whole window while files are dragged over it; says where they will go.
// pointer-events: none, so the drag events keep reaching the window underneath.

import { useI18n } from '../i18n/use-i18n';
import { Icon } from './icons';

export function DropOverlay(props: { destination: string }) {
  const { t } = useI18n();
  return (
    <div className="drop-overlay" aria-hidden="true">
      <div className="drop-card">
        <span className="drop-icon">
          <Icon name="upload-cloud" size={36} />
        </span>
        <p className="drop-title">{t('drop.title')}</p>
        <p className="drop-destination">{t('drop.destination', { destination: props.destination })}</p>
      </div>
    </div>
  );
}

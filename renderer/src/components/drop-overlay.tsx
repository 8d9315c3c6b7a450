// Shown over the whole window while files are dragged over it; says where they will go.
// pointer-events: none, so the drag events keep reaching the window underneath. The lower
// band is the per-drop "Choose folder…": a drop that lands on it (by position, see
// isOnChooseFolder) opens the folder browser before anything is queued.

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
      <div className="drop-choose" data-drop-choose="">
        <Icon name="folder" size={20} />
        {t('drop.choose-folder')}
      </div>
    </div>
  );
}

/** Whether a drop at (x, y) landed on the overlay's "Choose folder…" band. */
export function isOnChooseFolder(x: number, y: number): boolean {
  const band = document.querySelector('[data-drop-choose]');
  if (band === null) return false;
  const r = band.getBoundingClientRect();
  return x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
}

// Shown over the whole window while files are dragged over it; says where they will go.
// pointer-events: none, so the drag events keep reaching the window underneath.

import { Icon } from './icons';

export function DropOverlay(props: { destination: string }) {
  return (
    <div className="drop-overlay" aria-hidden="true">
      <div className="drop-card">
        <span className="drop-icon">
          <Icon name="upload-cloud" size={36} />
        </span>
        <p className="drop-title">Drop to upload</p>
        <p className="drop-destination">to {props.destination}</p>
      </div>
    </div>
  );
}

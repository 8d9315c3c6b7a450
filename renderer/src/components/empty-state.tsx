// What a new user sees: where files will go and the two ways to add them. The artwork is
// inline SVG (the CSP allows no external images).

import { useAddFromDialog } from '../hooks/use-add-from-dialog';
import { useQueueContext } from './queue-context';
import { useI18n } from '../i18n/use-i18n';
import { Button } from './button';
import { Icon } from './icons';

function DropArt() {
  return (
    <svg className="empty-art" viewBox="0 0 240 160" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id="empty-card" x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" className="art-card-top" />
          <stop offset="1" className="art-card-bottom" />
        </linearGradient>
      </defs>
      <ellipse cx="120" cy="84" rx="92" ry="62" className="art-glow" />
      <g transform="translate(66 52) rotate(-9)">
        <rect width="52" height="66" rx="8" fill="url(#empty-card)" className="art-card" />
        <rect x="10" y="14" width="32" height="22" rx="4" className="art-thumb-a" />
        <rect x="10" y="44" width="24" height="4" rx="2" className="art-line" />
        <rect x="10" y="53" width="16" height="4" rx="2" className="art-line" />
      </g>
      <g transform="translate(122 46) rotate(7)">
        <rect width="52" height="66" rx="8" fill="url(#empty-card)" className="art-card" />
        <path d="M12 34 l9 -10 l8 8 l5 -5 l8 7 v4 h-30 z" className="art-thumb-b" />
        <circle cx="33" cy="19" r="4" className="art-thumb-b" />
        <rect x="10" y="46" width="28" height="4" rx="2" className="art-line" />
      </g>
      <circle cx="120" cy="118" r="20" className="art-badge" />
      <path d="M120 128 v-19 M112 116 l8 -8 l8 8" className="art-arrow" />
    </svg>
  );
}

export function EmptyState(props: { destination: string }) {
  const add = useAddFromDialog();
  const { onChooseFolder } = useQueueContext();
  const { t, rich } = useI18n();
  return (
    <div className="empty-state">
      <DropArt />
      <h2 className="empty-title" tabIndex={-1}>
        {t('empty.title')}
      </h2>
      <p className="empty-text">
        {rich('empty.text', { destination: props.destination, strong: (chunks) => <strong>{chunks}</strong> })}
      </p>
      <div className="empty-actions">
        <Button variant="primary" icon="file-plus" onClick={() => add('files')}>
          {t('add.files')}
        </Button>
        <Button icon="folder-plus" onClick={() => add('folder')}>
          {t('add.folder')}
        </Button>
        <Button variant="ghost" icon="folder" onClick={onChooseFolder}>
          {t('empty.choose-folder')}
        </Button>
      </div>
      <ul className="empty-facts" aria-label={t('empty.facts')}>
        <li>
          <Icon name="pause" size={14} /> {t('empty.fact.pause')}
        </li>
        <li>
          <Icon name="retry" size={14} /> {t('empty.fact.resume')}
        </li>
        <li>
          <Icon name="check" size={14} /> {t('empty.fact.verified')}
        </li>
      </ul>
    </div>
  );
}

// The window's one aria-live region. Milestones (started, uploaded, failed, all finished)
// and toast messages are added here as new paragraphs; progress ticks never are.

import { useApp } from '../app-context';
import { useStore } from '../hooks/use-store';
import type { Announcement } from '../store/announcer-store';

const selectAll = (items: readonly Announcement[]) => items;

export function LiveAnnouncer() {
  const { stores } = useApp();
  const announcements = useStore(stores.announcer, selectAll);
  return (
    <div className="visually-hidden" aria-live="polite">
      {announcements.map((a) => (
        <p key={a.id}>{a.text}</p>
      ))}
    </div>
  );
}

// Totals of an empty queue: what the window and the tray show with no queue attached. The
// engine defines them (one definition for the queue, the service and the tray).

export { emptyTotals } from '../engine/totals';

// What each state of an upload job is and what a person may do in it, decided once. The
// engine's command guards, the queue's count of active jobs, the CLI's end of a run, the
// tray's status line and the renderer's row actions and filters all read this table, so a
// new state (or a new rule) is one edit here and a compile error everywhere it matters.
// Imports nothing: the renderer (no Node) and the main process both take it as it is.

export const JOB_STATES = [
  'queued',
  'starting',
  'awaiting-decision',
  'uploading',
  'paused',
  'completing',
  'done',
  'skipped',
  'failed',
  'cancelled',
] as const;
export type JobStateKind = (typeof JOB_STATES)[number];

/** What a person can ask of one job. */
export type JobCommand = 'decide' | 'pause' | 'resume' | 'retry' | 'cancel' | 'remove';

/**
 * - `waiting`: its turn has not come (the queue activates it when there is room).
 * - `active`: holds one of the queue's active places; requests are in flight or due.
 * - `held`: waits for a person (a decision, a resume) or for the system's wake.
 * - `finished`: nothing more happens by itself.
 */
export type JobPhase = 'waiting' | 'active' | 'held' | 'finished';

export interface JobStateRule {
  readonly phase: JobPhase;
  /** Finished with nothing left to do, so "Clear finished" takes it away. A failure is not
   *  settled: it stays until the person retries or removes it. */
  readonly settled: boolean;
  /** What a person may do in this state, in the order a row offers it. */
  readonly commands: readonly JobCommand[];
}

export const JOB_STATE_RULES: { readonly [K in JobStateKind]: JobStateRule } = {
  queued: { phase: 'waiting', settled: false, commands: ['pause', 'cancel'] },
  starting: { phase: 'active', settled: false, commands: ['pause', 'cancel'] },
  // Pausing a question changes nothing (no request is in flight): answer or cancel it.
  'awaiting-decision': { phase: 'held', settled: false, commands: ['decide', 'cancel'] },
  uploading: { phase: 'active', settled: false, commands: ['pause', 'cancel'] },
  paused: { phase: 'held', settled: false, commands: ['resume', 'cancel'] },
  // Every part is stored; pausing now would only make the person wait longer.
  completing: { phase: 'active', settled: false, commands: ['cancel'] },
  done: { phase: 'finished', settled: true, commands: ['remove'] },
  // "Already on the server" was the person's answer; uploading it anyway is a new drop.
  skipped: { phase: 'finished', settled: true, commands: ['remove'] },
  failed: { phase: 'finished', settled: false, commands: ['retry', 'remove'] },
  cancelled: { phase: 'finished', settled: true, commands: ['retry', 'remove'] },
};

export function allows(state: JobStateKind, command: JobCommand): boolean {
  return JOB_STATE_RULES[state].commands.includes(command);
}

export function phaseOf(state: JobStateKind): JobPhase {
  return JOB_STATE_RULES[state].phase;
}

export function isFinishedState(state: JobStateKind): boolean {
  return JOB_STATE_RULES[state].phase === 'finished';
}

/** The states in a phase, in the table's order (for counts and filters). */
export function statesIn(...phases: readonly JobPhase[]): JobStateKind[] {
  return JOB_STATES.filter((state) => phases.includes(JOB_STATE_RULES[state].phase));
}

export const FINISHED_STATES: readonly JobStateKind[] = statesIn('finished');
export const SETTLED_STATES: readonly JobStateKind[] = JOB_STATES.filter((state) => JOB_STATE_RULES[state].settled);

// Runs a command and turns a failed Result into an error toast that carries its fix (Sign
// in, Open settings) or the way to the file it was about. For commands whose errors belong
// inside a form (sign-in, settings) call invoke() directly instead.

import { useCallback } from 'react';
import type { CommandName, CommandPayload, CommandResult, Result, ResultError } from '../../../preload/contract';
import { useApp } from '../app-context';
import { invoke } from '../commands/invoke';
import { errorText, failureHelp } from '../model/failure-help';
import { notify } from '../store/app-stores';
import type { ToastAction } from '../store/toast-store';

export type RunCommand = <K extends CommandName>(
  name: K,
  payload: CommandPayload<K>,
  /** The job the command was about: its error toast links back to it. */
  about?: { jobId: string },
) => Promise<Result<CommandResult<K>>>;

export function errorAction(error: ResultError, jobId?: string): ToastAction | undefined {
  switch (failureHelp(error.code, error).fix) {
    case 'sign-in':
      return { kind: 'sign-in' };
    case 'open-settings':
    case 'choose-folder':
      return { kind: 'open-settings' };
    case 'locate-file':
    case 'retry':
      return jobId !== undefined ? { kind: 'show-job', id: jobId } : undefined;
  }
}

export function useCommand(): RunCommand {
  const { api, stores } = useApp();
  return useCallback(
    async (name, payload, about) => {
      const result = await invoke(api, name, payload);
      if (!result.ok) {
        const action = errorAction(result.error, about?.jobId);
        notify(stores, { level: 'error', message: errorText(stores.i18n.getState(), result.error), ...(action ? { action } : {}) });
      }
      return result;
    },
    [api, stores],
  );
}

// Runs a command and turns a failed Result into an error toast. For commands whose errors
// belong inside a form (sign-in, settings) call invoke() directly instead.

import { useCallback } from 'react';
import type { CommandName, CommandPayload, CommandResult, Result } from '../../../preload/contract';
import { useApp } from '../app-context';
import { invoke } from '../commands/invoke';
import { notify } from '../store/app-stores';

export type RunCommand = <K extends CommandName>(
  name: K,
  payload: CommandPayload<K>,
) => Promise<Result<CommandResult<K>>>;

export function useCommand(): RunCommand {
  const { api, stores } = useApp();
  return useCallback(
    async (name, payload) => {
      const result = await invoke(api, name, payload);
      if (!result.ok) notify(stores, 'error', result.error.message);
      return result;
    },
    [api, stores],
  );
}

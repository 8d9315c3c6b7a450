// Calls one command of the contract. Commands report errors as Results, but a broken
// bridge can still reject; that becomes a Result too, so callers handle one shape.

import type {
  CommandHandlers,
  CommandName,
  CommandPayload,
  CommandResult,
  Result,
  UploaderApi,
} from '../../../preload/contract';

export async function invoke<K extends CommandName>(
  api: UploaderApi,
  name: K,
  payload: CommandPayload<K>,
): Promise<Result<CommandResult<K>>> {
  // Through the mapped type, so TypeScript keeps the link between `name` and its payload.
  const handlers: CommandHandlers = api;
  const command: (p: CommandPayload<K>) => Promise<Result<CommandResult<K>>> = handlers[name];
  try {
    return await command.call(api, payload);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: {
        code: 'bridge-failed',
        message: `The app could not reach its upload service (${detail}). Try again.`,
        retryable: true,
      },
    };
  }
}

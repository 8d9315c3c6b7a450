// `nomad-upload login`: signs in by the method given (password, two-factor code or setup, new
// password, API key, single sign-on), says as whom and for how long, then signs out again.
// The CLI keeps no token on disk (there is no OS keychain it could use without a native
// module, and a token file in plain text is what this project never writes): every command
// signs in for its own run, so this command is the check that a sign-in method works.

import { forTerminal, jsonLine } from '../../shared/visible-text';
import type { LoginArgs } from './args';
import { formatDuration } from './format';
import type { CliIo } from './run-upload';
import { signIn, type SandboxStarter } from './sign-in';
import type { Prompter } from './terminal-prompt';

/** The CLI's streams, and optionally who answers its questions (tests script it; default: the terminal). */
export type PromptingIo = CliIo & { prompter?: Prompter };

export async function runLogin(args: LoginArgs, io: PromptingIo, startSandbox: SandboxStarter, now: () => number = Date.now): Promise<number> {
  const say = (stream: 'stdout' | 'stderr', text: string): void => void io[stream].write(`${forTerminal(text)}\n`);
  const result = await signIn(args, (message) => say('stderr', message), startSandbox, undefined, io.prompter);
  try {
    if (!result.ok) {
      if (args.json) io.stdout.write(`${jsonLine({ event: 'login', ok: false, message: result.message })}\n`);
      say('stderr', `nomad-upload: ${result.message}`);
      return 1;
    }
    const { api, method } = result;
    const session = api.session;
    const host = new URL(api.baseUrl).host;
    const lifetimeS = session ? Math.round((session.expiresAt - now()) / 1000) : null;
    const user = result.userName ?? 'an account the server did not name';
    if (args.json) {
      io.stdout.write(
        `${jsonLine({
          event: 'login',
          ok: true,
          server: host,
          user: result.userName,
          method,
          tokenLifetimeSeconds: lifetimeS,
          refreshable: session ? session.refreshToken !== '' : false,
          userSessionId: session?.userSessionId ?? null,
          kept: false,
        })}\n`,
      );
    } else {
      say('stdout', `Signed in to ${host} as ${user} (${method}).`);
      if (lifetimeS !== null) say('stdout', `The access token is valid for ${formatDuration(lifetimeS)}${session?.refreshToken ? ' and can be refreshed' : ''}.`);
      else say('stdout', 'An API key does not expire with a session; it works until an administrator revokes it.');
      say('stdout', 'Nothing was saved: every nomad-upload command signs in for its own run. Signed out again.');
    }
    return 0;
  } finally {
    if (result.ok) await result.api.logout();
    await result.sandbox?.close();
  }
}

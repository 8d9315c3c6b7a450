// How long an idle connection to the server or storage is kept for the next request. undici's
// default is 4 s (less whatever the server's Keep-Alive hint says): a 192 MiB file on a 500 ms
// link sends its parts for 13 s and confirms none meanwhile, so every part-complete at the end
// opened a new connection and paid one more round trip for its handshake — the last one on the
// critical path (the WAN bench's timeline, vpn). 60 s is the idle timeout of the load
// balancers in front of most servers (AWS ALB's default); a server that hints less
// (`Keep-Alive: timeout=5`) is still believed, and one that closes earlier without saying so
// costs one retried request, as it did at 4 s.

import { Agent, setGlobalDispatcher } from 'undici';

const IDLE_CONNECTION_MS = 60_000;
/** The most a server's own Keep-Alive hint is believed for. */
const MAX_IDLE_CONNECTION_MS = 10 * 60_000;

/** For the process entries (CLI, desktop app): every request not given its own dispatcher goes through this. */
export function useKeepAliveDispatcher(): void {
  setGlobalDispatcher(new Agent({ keepAliveTimeout: IDLE_CONNECTION_MS, keepAliveMaxTimeout: MAX_IDLE_CONNECTION_MS }));
}

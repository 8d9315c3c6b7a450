// Before the WAN runs: the round trip of each profile as a client through the emulator
// measures it (an echo behind the link, small messages on one warm connection), so the
// report can show the emulator delivers the delay it claims on this machine, at this load.

import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { Link } from '../link/link';
import type { LinkProfile } from '../link/profiles';

export interface LinkCheck {
  profile: string;
  expectedRttMs: number;
  rttMs: { min: number; median: number; max: number; samples: number };
}

const PINGS = 10;

export async function checkLinkProfiles(profiles: LinkProfile[]): Promise<LinkCheck[]> {
  const server = createServer((socket) => socket.pipe(socket).on('error', () => {}));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  try {
    const checks: LinkCheck[] = [];
    for (const profile of profiles) checks.push(await check(profile, port));
    return checks;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function check(profile: LinkProfile, port: number): Promise<LinkCheck> {
  // No resets here: this measures delay only.
  const link = new Link({ profile: { ...profile, resetEveryBytes: null }, observeHttp: false });
  try {
    const forward = await link.forward('echo', { host: '127.0.0.1', port });
    const socket = connect(forward.port, '127.0.0.1');
    await once(socket, 'connect');
    const ping = async (): Promise<number> => {
      const sent = performance.now();
      socket.write(Buffer.alloc(64));
      for (let got = 0; got < 64; ) got += ((await once(socket, 'data')) as [Buffer])[0].length;
      return performance.now() - sent;
    };
    await ping(); // the handshake's round trip goes with the first
    const rtts: number[] = [];
    for (let i = 0; i < PINGS; i += 1) rtts.push(await ping());
    socket.destroy();
    rtts.sort((a, b) => a - b);
    const r = (v: number) => Math.round(v * 10) / 10;
    return {
      profile: profile.name,
      expectedRttMs: 2 * profile.oneWayDelayMs,
      rttMs: { min: r(rtts[0]!), median: r(rtts[Math.floor(rtts.length / 2)]!), max: r(rtts.at(-1)!), samples: rtts.length },
    };
  } finally {
    await link.close();
  }
}

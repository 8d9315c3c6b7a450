// `node out/bench/link-selftest.js [--profile lan] [--mb 256]`: one bulk transfer through the
// link emulator, sender and receiver in a child process so this process's CPU is the
// emulator's alone. Prints the throughput the receiver saw and the emulator's CPU per GB.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Link } from './link/link';
import { isLinkProfileName, LINK_PROFILES } from './link/profiles';

const { values } = parseArgs({ options: { profile: { type: 'string', default: 'lan' }, mb: { type: 'string', default: '256' } } });
if (!isLinkProfileName(values.profile!)) throw new Error(`unknown profile ${values.profile}`);
const profile = { ...LINK_PROFILES[values.profile], resetEveryBytes: null };
const bytes = Number(values.mb) * 1e6;

// The child: a sink server (prints its port), then on "go PORT" sends `bytes` to PORT and
// prints when the sink has received them all.
const childCode = `
const net = require('node:net');
const total = ${bytes};
let got = 0, first = 0;
const sink = net.createServer((s) => s.on('data', (d) => { if (!first) first = performance.now(); got += d.length; if (got >= total) { console.log('done ' + (performance.now() - first)); } }));
sink.listen(0, '127.0.0.1', () => console.log('sink ' + sink.address().port));
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const port = Number(line.split(' ')[1]);
  const c = net.connect(port, '127.0.0.1');
  const block = Buffer.alloc(1 << 20, 1);
  let left = total;
  const write = () => { while (left > 0) { const n = Math.min(left, block.length); left -= n; if (!c.write(n === block.length ? block : block.subarray(0, n))) return c.once('drain', write); } };
  c.on('connect', write);
});
`;
const child = spawn(process.execPath, ['-e', childCode], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: child.stdout! });
const next = async (): Promise<string> => ((await once(lines, 'line')) as [string])[0];
const sinkPort = Number((await next()).split(' ')[1]);
const link = new Link({ profile, observeHttp: true });
const forward = await link.forward('bulk', { host: '127.0.0.1', port: sinkPort });
const cpu0 = process.cpuUsage();
child.stdin!.write(`go ${forward.port}\n`);
const receivedMs = Number((await next()).split(' ')[1]);
const cpu = process.cpuUsage(cpu0);
const report = link.report();
await link.close();
child.kill();
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const rate = profile.rateBitsPerSecond / 8;
console.log(
  JSON.stringify({
    profile: profile.name,
    megabytes: bytes / 1e6,
    receiverMBps: Math.round((bytes / 1e6 / (receivedMs / 1000)) * 10) / 10,
    ofRate: Math.round((bytes / (receivedMs / 1000) / rate) * 1000) / 1000,
    cpuSecondsPerGB: Math.round((cpuSeconds / (bytes / 1e9)) * 100) / 100,
    lateness: report.up.lateness,
    // On the link's own schedule: the share of the time from first admission to last
    // delivery the bottleneck was busy, and where it sat idle.
    scheduleBusyShare: Math.round((report.up.busyMs / (report.up.lastDeliverMs! - report.up.firstAdmitMs! - profile.oneWayDelayMs)) * 1000) / 1000,
    idleGaps: report.up.idleGaps.map(([at, ms]) => [Math.round(at), Math.round(ms)]),
  }),
);

// A bulk sender in a process of its own, as the benchmark's clients are: the link under test
// then shares its event loop with nothing but the receiver, and the sender's pace is its own.

import { spawn } from 'node:child_process';

const SENDER = `
const net = require('node:net');
const [port, total] = process.argv.slice(1).map(Number);
const socket = net.connect(port, '127.0.0.1');
const block = Buffer.alloc(1 << 20, 7);
let left = total;
const write = () => {
  while (left > 0) {
    const n = Math.min(left, block.length);
    left -= n;
    if (!socket.write(n === block.length ? block : block.subarray(0, n))) return socket.once('drain', write);
  }
  socket.end();
};
socket.on('connect', write);
socket.on('close', () => process.exit(0));
`;

/** Sends `bytes` to 127.0.0.1:`port` from a child process; resolves when it has closed. */
export function sendFromChild(port: number, bytes: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', SENDER, String(port), String(bytes)], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bulk sender exited with ${code}`))));
  });
}

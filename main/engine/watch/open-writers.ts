// "Still open for writing?" where the OS can tell without a native module: on Linux every
// process's descriptors are under /proc/<pid>/fd (links to the files) and their open flags
// under /proc/<pid>/fdinfo. A render that pauses longer than the quiet period between two
// writes keeps its file open, and is then not taken half-written. Only processes of the same
// user (or all, as root) can be seen; elsewhere (macOS, Windows) the quiet period alone decides.

import { readFile, readdir, readlink } from 'node:fs/promises';

/** The flags' access mode bits: O_WRONLY = 1, O_RDWR = 2. */
const WRITE_ACCESS = 0o3;
/** One look at /proc serves every file settling within this window. */
const REFRESH_MS = 1_000;

export type OpenForWriting = (path: string) => Promise<boolean>;

/** Null where the platform cannot tell. */
export function openWritersProbe(platform: NodeJS.Platform = process.platform, proc = '/proc', now: () => number = () => performance.now()): OpenForWriting | null {
  if (platform !== 'linux') return null;
  let links: Promise<Map<string, string[]>> | null = null;
  let takenAt = Number.NEGATIVE_INFINITY;
  return async (path) => {
    if (links === null || now() - takenAt > REFRESH_MS) {
      takenAt = now();
      links = openLinks(proc);
    }
    const holders = (await links).get(path) ?? [];
    for (const fdinfo of holders) {
      const text = await readFile(fdinfo, 'utf8').catch(() => '');
      const flags = /^flags:\s*([0-7]+)/m.exec(text);
      if (flags && (Number.parseInt(flags[1]!, 8) & WRITE_ACCESS) !== 0) return true;
    }
    return false;
  };
}

/** Link target → the fdinfo files of the descriptors pointing at it, for every visible process. */
async function openLinks(proc: string): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  const pids = (await readdir(proc).catch(() => [] as string[])).filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid);
  await Promise.all(
    pids.map(async (pid) => {
      const fds = await readdir(`${proc}/${pid}/fd`).catch(() => [] as string[]);
      for (const fd of fds) {
        const target = await readlink(`${proc}/${pid}/fd/${fd}`).catch(() => null);
        if (target === null || !target.startsWith('/')) continue;
        const list = map.get(target) ?? [];
        list.push(`${proc}/${pid}/fdinfo/${fd}`);
        map.set(target, list);
      }
    }),
  );
  return map;
}

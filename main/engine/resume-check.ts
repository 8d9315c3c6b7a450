// Before a resumed upload sends another byte, the file on disk must still hold what was sent
// before. Size, mtime, device and inode say so almost always; a file rewritten in place with
// its mtime put back (`touch -r`) does not, and would end as an asset made of two versions.
// So a sample of the parts already sent is read again and checked against the MD5 the
// journal kept for each — the first, the last and a few between — or every one of them
// when asked (`--verify-resume full`) or when the file's ctime says something touched it.

import { UploadError } from './errors';
import type { LedgerPart, PartLedger } from './part-ledger';
import { md5OfRange, type OpenFile } from './source';

export type ResumeCheck = 'sample' | 'full';

/** Parts checked besides the first and the last in a sample: a few cost ~24 MiB of reading. */
const SAMPLE_BETWEEN = 3;

export function partsToCheck(ledger: PartLedger, mode: ResumeCheck, random: () => number = Math.random): LedgerPart[] {
  const sent = ledger.parts().filter((p) => p.status !== 'pending' && p.md5 !== null && p.length > 0);
  if (mode === 'full' || sent.length <= SAMPLE_BETWEEN + 2) return sent;
  const chosen = new Set([sent[0]!, sent.at(-1)!]);
  const between = sent.slice(1, -1);
  while (chosen.size < SAMPLE_BETWEEN + 2 && between.length > 0) {
    chosen.add(between.splice(Math.floor(random() * between.length), 1)[0]!);
  }
  return [...chosen].sort((a, b) => a.partNumber - b.partNumber);
}

/** Throws file-changed, naming the file and the first part that differs. */
export async function checkSentParts(file: OpenFile, parts: readonly LedgerPart[]): Promise<void> {
  for (const part of parts) {
    const { md5: actual } = await md5OfRange(file, part.start, part.end);
    if (actual !== part.md5) {
      const name = file.path.split(/[\\/]/).pop() || file.path;
      throw new UploadError(
        'file-changed',
        `${name} no longer holds what was uploaded of it (part ${part.partNumber} differs); nothing more was sent into the old upload. Upload it again as a new version (Replace).`,
        { path: file.path, partNumber: part.partNumber },
      );
    }
  }
}

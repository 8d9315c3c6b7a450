import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createRequire } from 'node:module';
import type { IncomingMessage } from 'node:http';
import type S3rver from 's3rver';
import { BAD_DIGEST_MESSAGE, INVALID_DIGEST_MESSAGE, parseContentMd5 } from './content-md5';
import { makeDirs } from '../engine/make-dirs';

/** s3rver's own error class (lib/models/error.js), so its error handler answers with the right S3 XML and status. */
const S3rverError = createRequire(import.meta.url)('s3rver/lib/models/error') as new (code: string, message: string) => Error;

/** The part of s3rver 3.7.1's FilesystemStore (lib/stores/filesystem.js) this module relies on. */
interface FilesystemStore {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  putPart(bucket: string, uploadId: string, partNumber: string | number, content: Readable): Promise<{ size: number; md5: string }>;
}

/**
 * Replaces UploadPart's storage step on one s3rver instance.
 *
 * s3rver 3.7.1's FilesystemStore.putPart truncates the part file in place and pipes the request
 * into it with `.pipe()`, which ignores a request that breaks off. Two consequences: a failed
 * re-upload of a part destroys the part that was there (real S3 keeps the previous part until a
 * new one is complete), and every broken-off part leaks an open file handle forever. Clients of
 * the sandbox break off parts on purpose (pause, stall detection, the fault matrix), so both
 * matter. This version writes to a temporary file with stream.pipeline (which closes it on
 * error) and renames it into place only when the whole body has arrived, answering with the
 * same { size, md5 } and writing the same `.md5` side file as the original. It also verifies
 * Content-MD5 when the request carries one, as S3 does (s3rver does not).
 */
export function installAtomicPartWrites(server: S3rver): void {
  const store = (server as unknown as { store?: Partial<FilesystemStore> }).store;
  if (typeof store?.putPart !== 'function' || typeof store.getResourcePath !== 'function') {
    throw new Error('s3rver has no FilesystemStore.putPart/getResourcePath: the sandbox expects s3rver 3.7.1');
  }
  const resourcePath = store.getResourcePath.bind(store);
  store.putPart = async (bucket, uploadId, partNumber, content) => {
    const partPath = join(resourcePath(bucket, undefined, 'uploads'), uploadId, String(partNumber));
    await makeDirs(dirname(partPath));
    // Concurrent PUTs of the same part each get their own temporary file; the last to finish wins, as in S3.
    const temporary = `${partPath}.${randomBytes(6).toString('hex')}.partial`;
    const md5 = createHash('md5');
    let size = 0;
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        md5.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      await pipeline(content, hashing, createWriteStream(temporary));
      const digest = md5.digest('hex');
      // s3rver ignores Content-MD5; S3 checks it before keeping the part (and keeps the previous one).
      const declared = parseContentMd5((content as Partial<IncomingMessage>).headers?.['content-md5']);
      if (declared.kind === 'malformed') throw new S3rverError('InvalidDigest', INVALID_DIGEST_MESSAGE);
      if (declared.kind === 'expected' && declared.hex !== digest) throw new S3rverError('BadDigest', BAD_DIGEST_MESSAGE);
      // Written before the rename and naming the file's inode: it can only ever describe the
      // exact bytes now at partPath (see readPartRecord).
      const info = await stat(temporary, { bigint: true });
      const record: PartRecordFile = { md5: digest, size, ino: String(info.ino), mtimeNs: String(info.mtimeNs) };
      await writeFile(`${partPath}${PART_RECORD_SUFFIX}`, JSON.stringify(record));
      await rename(temporary, partPath);
      await writeFile(`${partPath}.md5`, digest);
      return { size, md5: digest };
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  };
}

/** Side file next to each part: what putPart hashed, tied to the file it hashed. */
const PART_RECORD_SUFFIX = '.record.json';

interface PartRecordFile {
  md5: string;
  size: number;
  ino: string;
  mtimeNs: string;
}

/**
 * The MD5 and size putPart computed while writing the part at `partPath`, if that record
 * still describes the file there: same inode (a later PUT renames a new file into place) and
 * same mtime (an in-place change of the bytes moves it). Null when there is no such record
 * (a part written before records existed, a PUT racing this call, a tampered file): the
 * caller then hashes the bytes, as before. This spares part-complete a re-read and re-hash of
 * every part — on a 2-core machine that was a third of the sandbox's CPU during an upload,
 * and real S3's ListParts likewise reports the ETag computed when the part was stored.
 */
export async function readPartRecord(partPath: string): Promise<{ etag: string; size: number } | null> {
  let text: string;
  let info;
  try {
    [text, info] = await Promise.all([readFile(`${partPath}${PART_RECORD_SUFFIX}`, 'utf8'), stat(partPath, { bigint: true })]);
  } catch {
    return null;
  }
  let record: Partial<PartRecordFile>;
  try {
    record = JSON.parse(text) as Partial<PartRecordFile>;
  } catch {
    return null;
  }
  if (record.ino !== String(info.ino) || record.mtimeNs !== String(info.mtimeNs) || record.size !== Number(info.size)) return null;
  if (typeof record.md5 !== 'string' || !/^[0-9a-f]{32}$/.test(record.md5)) return null;
  return { etag: record.md5, size: record.size };
}

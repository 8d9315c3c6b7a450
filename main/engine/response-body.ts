// The text of an API answer, decompressed when the server compressed it. We ask for gzip
// (Accept-Encoding) because a start's answer carries one pre-signed URL per part, ≈ 600 bytes
// each: 24 parts already exceed TCP's initial window of 10 segments, so the answer's tail
// waited one more round trip (500 ms on the WAN bench's vpn link, before any byte was sent),
// and a 200 GB file's 25,000 URLs are 15 MB. Presigned URLs share their whole prefix, so gzip
// shrinks them ≈ 5×. A server that ignores the header answers plain text, as before.

import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { UploadError } from './errors';

export const ACCEPT_ENCODING = 'gzip, deflate, br';

const DECODERS: Record<string, (input: Buffer) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

export async function responseText(response: Dispatcher.ResponseData, context: { request: string; status: number }): Promise<string> {
  const header = response.headers['content-encoding'];
  const encodings = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '' && e !== 'identity');
  if (encodings.length === 0) return response.body.text();
  let bytes: Buffer = Buffer.from(await response.body.arrayBuffer());
  // Content-Encoding lists the codings in the order they were applied: undo them last first.
  for (const encoding of encodings.reverse()) {
    const decode = DECODERS[encoding];
    if (!decode) {
      throw new UploadError('invalid-response', `The server answered ${context.request} in an encoding we did not ask for (${encoding}).`, { ...context, detail: encoding });
    }
    try {
      bytes = await decode(bytes);
    } catch (error) {
      throw new UploadError('invalid-response', `The server's ${encoding} answer to ${context.request} could not be decompressed.`, { ...context, detail: encoding }, { cause: error });
    }
  }
  return bytes.toString('utf8');
}

// The ledger: which part is where, and the counters the views show. Pure, so every branch is a
// plain assertion.

import { describe, expect, it } from 'vitest';
import type { ParsedPart } from '../../../main/engine/api';
import { PartLedger } from '../../../main/engine/part-ledger';

const part = (n: number, start: number, end: number, isCompleted = false): ParsedPart => ({
  id: `p${n}`,
  url: `https://s3.test/k?partNumber=${n}`,
  partNumber: n,
  startingPosition: start,
  endingPosition: end,
  isCompleted,
});
const plan = [part(1, 0, 9), part(2, 10, 19), part(3, 20, 24)];

describe('PartLedger', () => {
  it('hands out parts in order, once each, and none that the server says are completed', () => {
    const ledger = PartLedger.fromServer([part(2, 10, 19, true), part(1, 0, 9), part(3, 20, 24)], 25);
    expect(ledger.take()!.partNumber).toBe(1);
    expect(ledger.take()!.partNumber).toBe(3);
    expect(ledger.take()).toBeNull();
    expect(ledger).toMatchObject({ partsTotal: 3, partsConfirmed: 1, bytesConfirmed: 10, allConfirmed: false });
  });

  it('counts bytes as storage acknowledges them and the server confirms them; sending is apart', () => {
    const ledger = PartLedger.fromServer(plan, 25);
    const first = ledger.take()!;
    ledger.addSending(first, 6);
    expect(ledger).toMatchObject({ bytesSending: 6, bytesAcked: 0, bytesConfirmed: 0 });
    ledger.acked(first, 'e1', 'md5-e1');
    expect(ledger).toMatchObject({ bytesSending: 0, bytesAcked: 10, bytesConfirmed: 0 });
    ledger.confirmed(first);
    expect(ledger).toMatchObject({ bytesSending: 0, bytesAcked: 0, bytesConfirmed: 10, partsConfirmed: 1 });
  });

  it('an ETag the server refuses puts the part back to be sent; its bytes leave the count', () => {
    const ledger = PartLedger.fromServer(plan, 25);
    const first = ledger.take()!;
    ledger.acked(first, 'e1', 'md5-e1');
    ledger.unacked(first);
    expect(first).toMatchObject({ status: 'pending', etag: null });
    expect(ledger.bytesAcked).toBe(0);
  });

  it('parts the journal saw acked keep their ETag: they are confirmed, not sent again', () => {
    const ledger = PartLedger.fromServer(plan, 25, [{ partNumber: 2, etag: 'e2', md5: 'm2', confirmed: false }]);
    ledger.take();
    const second = ledger.take()!;
    expect(second).toMatchObject({ partNumber: 2, status: 'acked', etag: 'e2' });
    expect(ledger.bytesAcked).toBe(10);
  });

  it('when the run ends every claim is given up and in-flight bytes are forgotten', () => {
    const ledger = PartLedger.fromServer(plan, 25);
    const first = ledger.take()!;
    ledger.addSending(first, 4);
    ledger.take();
    ledger.releaseAll();
    expect(ledger.bytesSending).toBe(0);
    expect(ledger.unclaimed).toBe(3);
    expect(ledger.take()!.partNumber).toBe(1);
  });

  it('fresh URLs replace the old ones by part number', () => {
    const ledger = PartLedger.fromServer(plan, 25);
    const fresh = plan.map((p) => ({ ...p, url: `${p.url}&fresh=1` }));
    expect(ledger.updateUrls(fresh)).toBe(3);
    expect(ledger.parts().every((p) => p.url!.endsWith('fresh=1'))).toBe(true);
  });

  it('refuses a server plan that does not tile the file', () => {
    expect(() => PartLedger.fromServer([part(1, 0, 9), part(2, 11, 24)], 25)).toThrow(expect.objectContaining({ code: 'plan-mismatch' }));
  });

  it('knows what the journal must keep: acked and confirmed parts with their ETags', () => {
    const ledger = PartLedger.fromServer(plan, 25);
    const [a, b] = [ledger.take()!, ledger.take()!];
    ledger.acked(a, 'ea', 'md5-ea');
    ledger.acked(b, 'eb', 'md5-eb');
    ledger.confirmed(a);
    expect(ledger.known()).toEqual([
      { partNumber: 1, etag: 'ea', md5: 'md5-ea', confirmed: true },
      { partNumber: 2, etag: 'eb', md5: 'md5-eb', confirmed: false },
    ]);
  });
});

describe('PartLedger from a resume listing that names only some parts', () => {
  const resumed = { omittedAreCompleted: true, chunkSize: 10 };

  it('parts left out are the ones the server has: confirmed, with ranges of the server\'s own part size', () => {
    const ledger = PartLedger.fromServer([part(2, 10, 19), part(4, 30, 34)], 35, [], resumed);
    expect(ledger.parts().map((p) => [p.partNumber, p.start, p.end, p.status])).toEqual([
      [1, 0, 9, 'confirmed'],
      [2, 10, 19, 'pending'],
      [3, 20, 29, 'confirmed'],
      [4, 30, 34, 'pending'],
    ]);
    expect(ledger).toMatchObject({ partsTotal: 4, partsConfirmed: 2, bytesConfirmed: 20 });
  });

  it('the server\'s part size wins over the one we asked for', () => {
    const ledger = PartLedger.fromServer([part(3, 16, 23)], 30, [], resumed);
    expect(ledger.parts().map((p) => [p.partNumber, p.start, p.end])).toEqual([
      [1, 0, 7],
      [2, 8, 15],
      [3, 16, 23],
      [4, 24, 29],
    ]);
  });

  it('what the journal knows of a part left out is kept (its ETag and MD5 for the resume check)', () => {
    const ledger = PartLedger.fromServer([part(2, 10, 19)], 20, [{ partNumber: 1, etag: 'e1', md5: 'm1', confirmed: false }], resumed);
    expect(ledger.parts()[0]).toMatchObject({ partNumber: 1, status: 'confirmed', etag: 'e1', md5: 'm1' });
  });

  it('a gap of several parts that does not divide into the part size is a guess: never read back against the journal', () => {
    const ledger = PartLedger.fromServer([part(4, 25, 34), part(5, 35, 44)], 45, [{ partNumber: 2, etag: 'e2', md5: 'm2', confirmed: true }], resumed);
    expect(ledger.parts().slice(0, 3).map((p) => [p.partNumber, p.status, p.md5])).toEqual([
      [1, 'confirmed', null],
      [2, 'confirmed', null],
      [3, 'confirmed', null],
    ]);
    expect(ledger.bytesConfirmed).toBe(25);
  });

  it('an empty listing of a resumed upload: every byte is on the server', () => {
    const ledger = PartLedger.fromServer([], 25, [], resumed);
    expect(ledger).toMatchObject({ allConfirmed: true, bytesConfirmed: 25, partsTotal: 3 });
  });

  it('parts that do not fit the gaps they leave (bytes with no part number, or numbers with no bytes) are a plan mismatch', () => {
    expect(() => PartLedger.fromServer([part(1, 0, 9), part(2, 15, 24)], 25, [], resumed)).toThrow(expect.objectContaining({ code: 'plan-mismatch' }));
    expect(() => PartLedger.fromServer([part(1, 0, 9), part(3, 10, 24)], 25, [], resumed)).toThrow(expect.objectContaining({ code: 'plan-mismatch' }));
    expect(() => PartLedger.fromServer([part(1, 0, 9), part(2, 10, 29)], 25, [], resumed)).toThrow(expect.objectContaining({ code: 'plan-mismatch' }));
  });

  it('a fresh start that names only some parts is a plan mismatch: nothing can be on the server yet', () => {
    expect(() => PartLedger.fromServer([part(2, 10, 19), part(3, 20, 24)], 25)).toThrow(expect.objectContaining({ code: 'plan-mismatch' }));
  });

  it('a 0-byte file: one part [0, -1], none, or one part [0, 0] (sent empty)', () => {
    expect(PartLedger.fromServer([part(1, 0, -1)], 0).parts().map((p) => [p.start, p.end, p.length])).toEqual([[0, -1, 0]]);
    expect(PartLedger.fromServer([], 0)).toMatchObject({ partsTotal: 0, allConfirmed: true });
    expect(PartLedger.fromServer([part(1, 0, 0)], 0).parts().map((p) => [p.start, p.end, p.length])).toEqual([[0, -1, 0]]);
    expect(() => PartLedger.fromServer([part(1, 0, 7)], 0)).toThrow(expect.objectContaining({ code: 'plan-mismatch' }));
  });
});

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AssetDigests } from './asset-digests';
import { FaultInputError, type FaultQueue } from './faults';
import { MAX_API_BODY_BYTES, parseJson, readBody, sendJson, sendProblem } from './http-io';
import { storedAssets, storedFolders } from './inventory';
import { badRequest, forbidden, notFound } from './problem';
import { Router } from './router';
import type { SandboxState } from './state-store';
import type { StatsCounter } from './stats';

export interface InspectionDeps {
  state: SandboxState;
  stats: StatsCounter;
  faults: FaultQueue;
  digests: AssetDigests;
  /** Makes immediate faults (expired tokens, URL cut-off) durable before answering. */
  commit: () => Promise<void>;
}

type Inspection = 'assets' | 'folders' | 'stats' | 'stats-reset' | 'faults-list' | 'faults-add' | 'faults-clear';

const router = new Router<{ method: string; pattern: string; name: Inspection }>([
  { method: 'GET', pattern: '/_sandbox/assets', name: 'assets' },
  { method: 'GET', pattern: '/_sandbox/folders', name: 'folders' },
  { method: 'GET', pattern: '/_sandbox/stats', name: 'stats' },
  { method: 'POST', pattern: '/_sandbox/stats/reset', name: 'stats-reset' },
  { method: 'GET', pattern: '/_sandbox/faults', name: 'faults-list' },
  { method: 'POST', pattern: '/_sandbox/faults', name: 'faults-add' },
  { method: 'DELETE', pattern: '/_sandbox/faults', name: 'faults-clear' },
]);

/** Loopback peers only: these routes have no auth and can break uploads on purpose. */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** Test and inspection routes under /_sandbox. */
export class InspectionHandler {
  readonly #deps: InspectionDeps;

  constructor(deps: InspectionDeps) {
    this.#deps = deps;
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!LOOPBACK.test(req.socket.remoteAddress ?? '')) {
      sendProblem(res, forbidden('/_sandbox routes answer loopback clients only'));
      return;
    }
    const match = router.match(req.method ?? 'GET', url.pathname);
    if (match.kind === 'not-found') {
      sendProblem(res, notFound(`no sandbox route ${req.method} ${url.pathname}`));
      return;
    }
    if (match.kind === 'method-not-allowed') {
      sendProblem(res, { status: 405, title: 'Method Not Allowed', detail: `use ${match.allow.join(' or ')}` }, { allow: match.allow.join(', ') });
      return;
    }
    const { state, stats, faults, digests, commit } = this.#deps;
    switch (match.route.name) {
      case 'assets':
        sendJson(res, 200, storedAssets(state, await digests.of(state.assets.values())));
        return;
      case 'folders':
        sendJson(res, 200, storedFolders(state));
        return;
      case 'stats':
        sendJson(res, 200, stats.snapshot());
        return;
      case 'stats-reset':
        stats.reset();
        sendJson(res, 200, stats.snapshot());
        return;
      case 'faults-list':
        sendJson(res, 200, faults.pending());
        return;
      case 'faults-clear':
        sendJson(res, 200, { cleared: faults.clear() });
        return;
      case 'faults-add': {
        const read = await readBody(req, MAX_API_BODY_BYTES);
        if (read.kind === 'aborted') return;
        if (read.kind === 'too-large') {
          sendProblem(res, { status: 413, title: 'Payload Too Large', detail: `request bodies are limited to ${MAX_API_BODY_BYTES} bytes` });
          return;
        }
        const parsed = parseJson(read.bytes);
        if (parsed.kind !== 'json') {
          sendProblem(res, badRequest(parsed.kind === 'empty' ? 'a fault object or an array of them is required' : `The request body is not valid JSON: ${parsed.reason}`));
          return;
        }
        try {
          const added = faults.add(parsed.value);
          await commit();
          sendJson(res, 200, { added, pending: faults.pending() });
        } catch (error) {
          if (!(error instanceof FaultInputError)) throw error;
          sendProblem(res, badRequest(error.message));
        }
        return;
      }
    }
  }
}

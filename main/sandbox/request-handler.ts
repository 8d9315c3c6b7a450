import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiHandler } from './api-handler';
import { sendProblem } from './http-io';
import type { InspectionHandler } from './inspection-routes';
import { badRequest, notFound } from './problem';
import { STORAGE_PREFIX, type StorageGateway } from './storage-gateway';

export interface Handlers {
  api: ApiHandler;
  inspection: InspectionHandler;
  gateway: StorageGateway;
  log: (line: string) => void;
}

/**
 * Routes a request to the API, the inspection routes or the storage gateway, logs it without
 * query strings (pre-signed URLs carry their signature there), and turns an unexpected error
 * into a 500 instead of a crash. Returns a promise that settles when the handler is done, so
 * close() can wait for handlers still writing state.
 */
export function createRequestHandler(handlers: Handlers): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const started = performance.now();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    } catch {
      sendProblem(res, badRequest('malformed request target'));
      return;
    }
    res.on('close', () => {
      const status = res.headersSent ? res.statusCode : 'no answer';
      handlers.log(`${req.method} ${url.pathname} ${status} ${Math.round(performance.now() - started)}ms`);
    });
    try {
      if (url.pathname.startsWith(`${STORAGE_PREFIX}/`)) await handlers.gateway.handle(req, res, url);
      else if (url.pathname === '/_sandbox' || url.pathname.startsWith('/_sandbox/')) await handlers.inspection.handle(req, res, url);
      else if (url.pathname === '/api' || url.pathname.startsWith('/api/')) await handlers.api.handle(req, res, url);
      else sendProblem(res, notFound(`nothing at ${url.pathname}; the API base is /api`));
    } catch (error) {
      handlers.log(`error handling ${req.method} ${url.pathname}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) {
        sendProblem(res, { status: 500, title: 'Internal Server Error', detail: 'the sandbox failed to handle this request; see its log' }, { connection: 'close' });
      } else {
        res.destroy();
      }
    }
  };
}

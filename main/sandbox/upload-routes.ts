import { z } from 'zod';
import { empty, json, problem, reply, type ApiRoute } from './api-route';
import { badRequest } from './problem';
import { parseRelatedStartRequest, parseStartRequest } from './start-request';
import type { UploadService } from './upload-service';

export interface UploadRouteDeps {
  uploads: UploadService;
}

const partCompleteSchema = z.object({ etag: z.string().nullish() });

/** The upload protocol: /asset/upload/* and the admin listings of uploads. */
export function uploadRoutes({ uploads }: UploadRouteDeps): ApiRoute[] {
  return [
      {
        method: 'POST',
        pattern: '/api/asset/upload/start',
        auth: true,
        body: 'json',
        fault: 'start',
        handle: async ({ body }, principal) => {
          const command = parseStartRequest(body);
          if (!command.ok) return problem(command.problem);
          return reply(await uploads.start(principal.userName, command.value), json);
        },
      },
      {
        method: 'POST',
        pattern: '/api/asset/upload/start-related-asset',
        auth: true,
        body: 'json',
        fault: 'start',
        handle: async ({ body }, principal) => {
          const command = parseRelatedStartRequest(body);
          if (!command.ok) return problem(command.problem);
          return reply(await uploads.start(principal.userName, command.value), json);
        },
      },
      {
        method: 'POST',
        pattern: '/api/asset/upload/part/{id:uuid}/complete',
        auth: true,
        body: 'json',
        fault: 'part-complete',
        handle: async ({ body, params }, principal) => {
          const parsed = partCompleteSchema.safeParse(body);
          const etag = parsed.success ? parsed.data.etag : null;
          if (typeof etag !== 'string' || etag.trim() === '') return problem(badRequest('etag is required: the ETag storage answered to the part PUT'));
          return reply(await uploads.completePart(principal.userName, params.id ?? '', etag), () => empty);
        },
      },
      {
        method: 'POST',
        pattern: '/api/asset/upload/{id:uuid}/complete',
        auth: true,
        body: 'ignored',
        fault: 'complete',
        handle: async ({ params }, principal) => reply(await uploads.complete(principal.userName, params.id ?? ''), json),
      },
      {
        method: 'POST',
        pattern: '/api/asset/upload/{id:uuid}/cancel',
        auth: true,
        body: 'ignored',
        handle: async ({ params, query }, principal) =>
          reply(await uploads.cancel(principal.userName, params.id ?? '', query.get('message')), () => empty),
      },
      {
        method: 'GET',
        pattern: '/api/admin/asset/upload',
        auth: true,
        body: 'ignored',
        fault: 'admin-upload',
        handle: async ({ query }, principal) => {
          const flag = query.get('includeCompletedUploads');
          if (flag !== null && !/^(true|false)$/i.test(flag)) return problem(badRequest('includeCompletedUploads must be true or false'));
          return json(await uploads.list(principal.userName, flag?.toLowerCase() === 'true'));
        },
      },
      {
        method: 'GET',
        pattern: '/api/admin/asset/upload/{id:uuid}',
        auth: true,
        body: 'ignored',
        fault: 'admin-upload',
        handle: async ({ params }, principal) => reply(await uploads.parts(principal.userName, params.id ?? ''), json),
      },
  ];
}

// Run-time shapes of the server's answers. A server that answers something else (an HTML
// error page from a proxy, a truncated body, a field of the wrong type) must become a clear
// `invalid-response` error at the boundary, not an undefined deep inside the engine.

import { z } from 'zod';

const partSchema = z.object({
  id: z.string().min(1),
  url: z.string().nullable().optional().transform((v) => v ?? null),
  partNumber: z.number().int().positive(),
  startingPosition: z.number().int().nonnegative(),
  endingPosition: z.number().int().min(-1),
  isCompleted: z.boolean().optional().transform((v) => v ?? false),
});

export const assetUploadSchema = z.object({
  id: z.string().min(1),
  assetId: z.string().min(1),
  etag: z.string().nullable().optional(),
  contentLength: z.number().int().nonnegative().optional(),
  startDate: z.string().optional(),
  parts: z.array(partSchema).nullable().optional().transform((v) => v ?? null),
});

export const assetUploadListSchema = z.array(assetUploadSchema);
export const partListSchema = z.array(partSchema);

export const problemDetailsSchema = z
  .object({
    title: z.string().nullable().optional(),
    detail: z.string().nullable().optional(),
    status: z.number().nullable().optional(),
    assetId: z.string().nullable().optional(),
    uploadId: z.string().nullable().optional(),
  })
  .passthrough();

export type ParsedAssetUpload = z.infer<typeof assetUploadSchema>;
export type ParsedPart = z.infer<typeof partSchema>;
export type ParsedProblem = z.infer<typeof problemDetailsSchema>;

// What a job needs of the Nomad API: the upload routes and who is signed in. NomadApi is it;
// tests on a fake clock give an in-memory server with the same shape.

import type { NomadApi } from './api';

export type JobApi = Pick<
  NomadApi,
  'startUpload' | 'getUploadParts' | 'completePart' | 'completeUpload' | 'cancelUpload' | 'listUploads' | 'reachable' | 'session'
>;

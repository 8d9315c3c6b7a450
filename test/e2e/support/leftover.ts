// An upload the server holds open that no job in the app continues (started elsewhere, or
// before the journal was lost): made with the engine's own API client, as another computer
// would.

import { NomadApi } from '../../../main/engine/api';

export async function openLeftoverUpload(serverUrl: string, name: string, size: number): Promise<string> {
  const api = new NomadApi({ serverUrl });
  await api.login({ userName: 'demo', password: 'demo' });
  const upload = await api.startUpload({
    displayName: name,
    relativePath: name,
    contentLength: size,
    chunkSize: 8 * 1024 * 1024,
    uploadOverwriteOption: 'Replace',
  });
  return upload.id;
}

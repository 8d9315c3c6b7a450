// A settings patch from the window, checked and applied: validated by the schema, a new default
// folder confirmed by the server (and named by its path) before it is saved. Profiles are not
// settings a patch may change: the account menu's verbs add, switch, rename and remove them.

import type { NomadApi } from '../engine/api';
import { UploadError } from '../engine/errors';
import type { Settings } from '../../preload/contract';
import { checkFolder } from './account-checks';
import { AppError } from './app-errors';
import { withDestinationPath } from './destinations';
import { activate } from './profiles';
import { SANDBOX_PROFILE_ID, settingsPatchSchema, settingsSchema } from './settings';
import type { UploadExtras } from './upload-extras';

/** The settings after `patch`; `toSandbox` when the patch chose the sandbox as the target. `api`: the shown profile's signed-in client, if any. */
export async function nextSettings(current: Settings, patch: unknown, api: NomadApi | null, extras: UploadExtras | null): Promise<{ settings: Settings; toSandbox: boolean }> {
  const parsed = settingsPatchSchema.safeParse(patch);
  if (!parsed.success) {
    throw new UploadError('bad-request', parsed.error.issues[0]?.message ?? 'Invalid settings.');
  }
  if (parsed.data.profiles !== undefined || parsed.data.activeProfileId !== undefined) {
    throw new UploadError('bad-request', 'Servers are added, switched, renamed and removed from the account menu.');
  }
  const next = settingsSchema.parse({ ...current, ...parsed.data });
  if (next.defaultParentId !== null && next.defaultParentId !== current.defaultParentId) {
    // A folder id is saved only once the server confirmed it names a folder.
    if (api === null) throw new AppError('signed-out', 'Sign in first: the server has to confirm the folder before it is saved.');
    await checkFolder(api, next.defaultParentId);
  }
  const located = api && extras ? await withDestinationPath(api, extras.paths, current, next) : next;
  const targetChanged = JSON.stringify(next.target) !== JSON.stringify(current.target);
  if (targetChanged && next.target.kind === 'server') {
    throw new UploadError('bad-request', 'Sign in to switch to a server.');
  }
  return { settings: targetChanged ? activate(located, SANDBOX_PROFILE_ID) : located, toSandbox: targetChanged };
}

// What a saved server's name and address must be: the settings schema (main), the command's
// payload check (main) and the Add server… / Rename forms (renderer) all ask here, so the
// window refuses exactly what main would, in the person's language, before sending anything.
// Imports nothing.

/** A name fits one line of the account menu and the tray ("Production", "Staging (EU)"). */
export const PROFILE_NAME_MAX = 80;
/** An address longer than this is no address a person typed (URLs are capped at 2 KiB everywhere in the app). */
export const SERVER_URL_MAX = 2048;

export type ProfileNameProblem = 'missing' | 'too-long';
export type ServerAddressProblem = 'missing' | 'too-long' | 'not-web-address';

export function profileNameProblem(name: string): ProfileNameProblem | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'missing';
  return trimmed.length > PROFILE_NAME_MAX ? 'too-long' : null;
}

/** An http(s) address with a host: what the app can sign in to. */
export function serverAddressProblem(url: string): ServerAddressProblem | null {
  const trimmed = url.trim();
  if (trimmed === '') return 'missing';
  if (trimmed.length > SERVER_URL_MAX) return 'too-long';
  try {
    const parsed = new URL(trimmed);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '' ? null : 'not-web-address';
  } catch {
    return 'not-web-address';
  }
}

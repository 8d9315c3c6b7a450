import { nameBasedId } from './ids';

/** ISO 639-1 code and English name of the languages the sandbox offers (Nomad's own list is not in the spec). */
const LANGUAGE_NAMES: readonly (readonly [string, string])[] = [
  ['ar', 'Arabic'], ['zh', 'Chinese'], ['cs', 'Czech'], ['da', 'Danish'], ['nl', 'Dutch'], ['en', 'English'],
  ['fi', 'Finnish'], ['fr', 'French'], ['de', 'German'], ['el', 'Greek'], ['he', 'Hebrew'], ['hi', 'Hindi'],
  ['hu', 'Hungarian'], ['id', 'Indonesian'], ['it', 'Italian'], ['ja', 'Japanese'], ['ko', 'Korean'], ['no', 'Norwegian'],
  ['pl', 'Polish'], ['pt', 'Portuguese'], ['ro', 'Romanian'], ['ru', 'Russian'], ['es', 'Spanish'], ['sv', 'Swedish'],
  ['th', 'Thai'], ['tr', 'Turkish'], ['uk', 'Ukrainian'], ['vi', 'Vietnamese'],
];

export interface Language {
  id: string;
  code: string;
  name: string;
}

/** Stable ids (name-based UUIDs), so a languageId chosen today means the same language after a restart. */
export const LANGUAGES: readonly Language[] = LANGUAGE_NAMES.map(([code, name]) => ({ id: nameBasedId(`nomad-sandbox-language:${code}`), code, name }));


// What a person may choose when a file of the same name is already on the server: the wire
// values of Nomad's start endpoint (../shared/spec/nomad-upload-openapi.json). Imports nothing:
// the engine sends them, the sandbox accepts them, the CLI parses them and the renderer shows
// them, all from this one list.

export const UPLOAD_OVERWRITE_OPTIONS = ['Cancel', 'Continue', 'Replace', 'AssetReplace'] as const;
export type UploadOverwriteOption = (typeof UPLOAD_OVERWRITE_OPTIONS)[number];

export const UPLOAD_REPLACE_OPTIONS = [
  'ReplaceDisplayName',
  'ReplaceDisplayDate',
  'ReplaceLanguage',
  'RecreateThumbnail',
  'RecreatePreview',
  'RecreateSubtitles',
  'RecreateTranscodes',
] as const;
export type UploadReplaceOption = (typeof UPLOAD_REPLACE_OPTIONS)[number];

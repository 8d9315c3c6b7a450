// What a server said when it refused a request, whatever its error model. Nomad's published
// spec declares ASP.NET ProblemDetails (`title`, `detail`, and `errors` as a field → messages
// map for validation failures); Nomad's own services answer `{errors: [{code, field,
// message}]}`; proxies and other stacks answer `{message}`, a bare JSON string or plain text.
// Whatever the shape, the person must read the server's own words, and the engine must be
// able to tell "already exists" from any other refusal.

import { problemDetailsSchema } from './api-schemas';

export interface ServerWords {
  /** One line for the person: the server's own words (not yet redacted), or undefined if it said nothing readable. */
  summary: string | undefined;
  /** Every readable text of the answer (detail, title, messages): what a classifier looks at. */
  texts: string[];
  /** Machine codes from error models that carry them (`errors[].code`), in order. */
  codes: string[];
  /** ProblemDetails extensions some servers add to a conflict. */
  assetId: string | null;
  uploadId: string | null;
}

/** A server's words can be long (a stack trace in `detail`): a person reads one sentence or two. */
const MAX_SUMMARY = 400;

const NOTHING: ServerWords = { summary: undefined, texts: [], codes: [], assetId: null, uploadId: null };

export function readServerWords(body: string): ServerWords {
  const trimmed = body.trim();
  if (trimmed === '') return NOTHING;
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    // An HTML page (a proxy's or the web app's) is markup, not words; other text is what the server said.
    if (/^<(!doctype|html|\?xml|[a-z]+[\s>])/i.test(trimmed)) return NOTHING;
    return fromTexts([trimmed], [], trimmed);
  }
  if (typeof json === 'string') return fromTexts([json], [], json);
  if (Array.isArray(json)) return fromErrorList(json, undefined);
  if (json === null || typeof json !== 'object') return NOTHING;
  return fromObject(json as Record<string, unknown>);
}

function fromObject(body: Record<string, unknown>): ServerWords {
  const problem = problemDetailsSchema.safeParse(body);
  const fields = problem.success ? problem.data : {};
  const detail = text(fields.detail);
  const title = text(fields.title);
  const message = text(body.message) ?? text(body.Message) ?? text(body.error_description) ?? text(body.error);
  const errors = body.errors ?? body.Errors;
  const listed = Array.isArray(errors) ? errorList(errors) : isRecord(errors) ? validationMap(errors) : { texts: [], codes: [] };
  const ids = {
    assetId: text(fields.assetId) ?? text(body.existingAssetId) ?? null,
    uploadId: text(fields.uploadId) ?? null,
  };
  const said = unique([detail, message, ...listed.texts]);
  const words = fromTexts([...said, ...(title ? [title] : [])], listed.codes, said.length > 0 ? said.join('; ') : title);
  return { ...words, ...ids };
}

function fromErrorList(items: unknown[], title: string | undefined): ServerWords {
  const listed = errorList(items);
  return fromTexts(listed.texts, listed.codes, listed.texts.length > 0 ? listed.texts.join('; ') : title);
}

/** Nomad's `[{code, field, message}]`: "message (field)". */
function errorList(items: unknown[]): { texts: string[]; codes: string[] } {
  const texts: string[] = [];
  const codes: string[] = [];
  for (const item of items) {
    if (typeof item === 'string') {
      texts.push(item);
      continue;
    }
    if (!isRecord(item)) continue;
    const message = text(item.message) ?? text(item.Message) ?? text(item.description);
    const field = text(item.field) ?? text(item.Field);
    const code = text(item.code) ?? text(item.Code);
    if (message) texts.push(field && !message.includes(field) ? `${message} (${field})` : message);
    if (code) codes.push(code);
  }
  return { texts, codes };
}

/** ASP.NET validation problems: `{"chunkSize": ["must be at least 5 MiB"]}` → "chunkSize: must be at least 5 MiB". */
function validationMap(errors: Record<string, unknown>): { texts: string[]; codes: string[] } {
  const texts: string[] = [];
  for (const [field, value] of Object.entries(errors)) {
    const messages = (Array.isArray(value) ? value : [value]).map(text).filter((m): m is string => m !== undefined);
    for (const message of messages) texts.push(field === '' || message.includes(field) ? message : `${field}: ${message}`);
  }
  return { texts, codes: [] };
}

function fromTexts(texts: readonly string[], codes: string[], summary: string | undefined): ServerWords {
  return {
    summary: summary === undefined ? undefined : shorten(summary.replace(/\s+/g, ' ').trim()),
    texts: [...texts],
    codes,
    assetId: null,
    uploadId: null,
  };
}

function shorten(value: string): string {
  return value.length <= MAX_SUMMARY ? value : `${value.slice(0, MAX_SUMMARY - 1)}…`;
}

/** Drops empty entries and any entry another one already contains (a detail repeating its message). */
function unique(values: Array<string | undefined>): string[] {
  const present = values.filter((v): v is string => v !== undefined);
  return present.filter((value, index) => !present.some((other, j) => j !== index && other.includes(value) && (other !== value || j < index)));
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

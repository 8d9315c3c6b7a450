import { z } from 'zod';
import { assetTypeOf, childrenOf, entryName, entryParentId, type CatalogEntry } from './asset-catalog';
import { badRequest, fail, ok, type Outcome } from './problem';
import type { SandboxState } from './state-store';

// SearchModel enums travel as names or as their integer values (the spec gives both: x-enumNames).
const OPERATORS = ['Equals', 'NotEquals', 'Contains', 'NotContains', 'Like', 'NotLike', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals', 'Prefix'] as const;
type Operator = (typeof OPERATORS)[number];
const enumOf = <T extends readonly string[]>(names: T) =>
  z.union([z.enum(names), z.number().int().min(0).max(names.length - 1).transform((index) => names[index] as T[number])]);

const searchSchema = z.object({
  pageSize: z.number().int().min(1).max(1000).nullish(),
  pageOffset: z.number().int().min(0).nullish(),
  searchQuery: z.string().nullish(),
  filters: z
    .array(z.object({ fieldName: z.string().min(1), operator: enumOf(OPERATORS).nullish(), values: z.unknown(), includeNull: z.boolean().nullish() }))
    .nullish(),
  filterBinder: enumOf(['And', 'Or'] as const).nullish(),
  sortFields: z.array(z.object({ fieldName: z.string().min(1), sortType: enumOf(['Ascending', 'Descending'] as const).nullish(), position: z.number().int().nullish() })).nullish(),
});

/** The fields the sandbox's index knows; the spec does not list Nomad's, these are the ones a folder browser filters on. */
const FIELDS: Record<string, (entry: CatalogEntry) => string> = {
  parentid: entryParentId,
  assettype: (entry) => assetTypeOf(entry),
  title: entryName,
  displayname: entryName,
  name: entryName,
};
/** Default page size when the model gives none (getAssetChildNodes' default is 200; search keeps to a browser page). */
const DEFAULT_PAGE_SIZE = 100;

export interface SearchPage {
  entries: CatalogEntry[];
  totalItemCount: number;
  nextPageOffset: number | null;
}

/** `POST /admin/search` over the sandbox's folders and completed files. */
export function search(state: SandboxState, body: unknown): Outcome<SearchPage> {
  const parsed = searchSchema.safeParse(body);
  if (!parsed.success) {
    return fail(badRequest(`Invalid search model: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`));
  }
  const model = parsed.data;
  const tests: ((entry: CatalogEntry) => boolean)[] = [];
  let parentFilter: string | null = null;
  for (const filter of model.filters ?? []) {
    const field = FIELDS[filter.fieldName.toLowerCase()];
    if (!field) return fail(badRequest(`filter field "${filter.fieldName}" is not indexed by the sandbox; it knows ${Object.keys(FIELDS).join(', ')}`));
    const operator: Operator = filter.operator ?? 'Equals';
    const values = (Array.isArray(filter.values) ? filter.values : [filter.values]).map((value) => String(value ?? '').toLowerCase());
    const match = matcher(operator);
    if (!match) return fail(badRequest(`operator ${operator} is not supported on "${filter.fieldName}" by the sandbox (text fields only)`));
    if (filter.fieldName.toLowerCase() === 'parentid' && operator === 'Equals' && values.length === 1) parentFilter = values[0] ?? null;
    // A list of values means "any of them"; for a negated operator, "none of them".
    const negated = operator.startsWith('Not');
    tests.push((entry) => (negated ? values.every : values.some).call(values, (value: string) => match(field(entry).toLowerCase(), value)));
  }
  const query = model.searchQuery?.trim().toLowerCase() ?? '';
  // A parent filter narrows the candidates first, as an index would; otherwise everything is a candidate.
  const candidates =
    parentFilter !== null
      ? childrenOf(state, parentFilter)
      : [...[...state.folders.values()].map((folder): CatalogEntry => ({ kind: 'folder', folder })), ...[...state.assets.values()].map((asset): CatalogEntry => ({ kind: 'file', asset }))];
  const binder = model.filterBinder ?? 'And';
  const found = candidates.filter(
    (entry) =>
      (tests.length === 0 || (binder === 'And' ? tests.every((test) => test(entry)) : tests.some((test) => test(entry)))) &&
      (query === '' || entryName(entry).toLowerCase().includes(query)),
  );

  const sorts = [...(model.sortFields ?? [])].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  for (const sort of sorts) if (!FIELDS[sort.fieldName.toLowerCase()]) return fail(badRequest(`sort field "${sort.fieldName}" is not indexed by the sandbox`));
  const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  found.sort((a, b) => {
    for (const sort of sorts) {
      const field = FIELDS[sort.fieldName.toLowerCase()] ?? entryName;
      const order = collator.compare(field(a), field(b));
      if (order !== 0) return sort.sortType === 'Descending' ? -order : order;
    }
    return 0;
  });

  const pageSize = model.pageSize ?? DEFAULT_PAGE_SIZE;
  const offset = model.pageOffset ?? 0;
  const entries = found.slice(offset * pageSize, (offset + 1) * pageSize);
  return ok({ entries, totalItemCount: found.length, nextPageOffset: (offset + 1) * pageSize < found.length ? offset + 1 : null });
}

function matcher(operator: Operator): ((field: string, value: string) => boolean) | null {
  switch (operator) {
    case 'Equals':
      return (field, value) => field === value;
    case 'NotEquals':
      return (field, value) => field !== value;
    case 'Contains':
    case 'Like':
      return (field, value) => field.includes(value);
    case 'NotContains':
    case 'NotLike':
      return (field, value) => !field.includes(value);
    case 'Prefix':
      return (field, value) => field.startsWith(value);
    case 'LessThan':
    case 'GreaterThan':
    case 'LessThanEquals':
    case 'GreaterThanEquals':
      return null;
  }
}

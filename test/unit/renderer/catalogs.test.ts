// The window speaks English and German completely: every message id in both catalogues,
// the same arguments (a translation that drops {name} would show a sentence about nothing),
// no German message left in English, and no text in the components that bypasses the
// catalogues (a literal in JSX or in an aria-label would never be translated).

import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { UI_LOCALES } from '../../../preload/contract';
import { en, type MessageId } from '../../../renderer/src/i18n/catalog-en';
import { CATALOGS } from '../../../renderer/src/i18n/locales';

const RENDERER = join(import.meta.dirname, '../../../renderer/src');

/** Argument names and kinds a message uses, at any depth (plurals nest messages). */
function argumentsOf(elements: MessageFormatElement[], found = new Set<string>()): Set<string> {
  for (const element of elements) {
    switch (element.type) {
      case TYPE.argument:
      case TYPE.number:
      case TYPE.date:
      case TYPE.time:
        found.add(`${element.value}:${element.type === TYPE.argument ? 'text' : TYPE[element.type]}`);
        break;
      case TYPE.select:
      case TYPE.plural:
        found.add(`${element.value}:${element.type === TYPE.plural ? 'plural' : 'select'}`);
        for (const option of Object.values(element.options)) argumentsOf(option.value, found);
        break;
      case TYPE.tag:
        found.add(`<${element.value}>`);
        argumentsOf(element.children, found);
        break;
      case TYPE.literal:
      case TYPE.pound:
        break;
    }
  }
  return found;
}

/**
 * German messages that are rightly the same as the English ones: names, units, shared
 * loanwords, and messages made only of arguments.
 */
const SAME_IN_GERMAN: ReadonlySet<MessageId> = new Set<MessageId>([
  'app.name', // the product's name
  'profiles.item', // "{name}, {details}": no words of its own
  'profiles.add.name', // "Name" is the German word too
  'profiles.add.url.placeholder', // an example address
  'account.sandbox', // "Sandbox" is the German word too
  'column.name',
  'column.status',
  'sort.name',
  'sort.state',
  'row.details',
  'toast.action.details',
  'leftovers.asset', // "Asset" is Nomad's own term in German too
  'settings.bandwidth.kbps', // units
  'settings.bandwidth.mbps',
  'unit.bytes-per-second',
  'caption.uploading', // arguments only
  'signin.address.placeholder', // an example address
]);

describe('catalogues', () => {
  it.each(UI_LOCALES)('%s has exactly the English ids', (locale) => {
    expect(Object.keys(CATALOGS[locale]).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(UI_LOCALES)('%s: every message parses and uses the same arguments as the English one', (locale) => {
    for (const id of Object.keys(en) as MessageId[]) {
      const english = argumentsOf(parse(en[id]));
      const translated = argumentsOf(parse(CATALOGS[locale][id]));
      expect([...translated].sort(), `${locale} ${id}`).toEqual([...english].sort());
    }
  });

  it('leaves nothing in English in the German catalogue', () => {
    const untranslated = (Object.keys(en) as MessageId[]).filter((id) => CATALOGS.de[id] === en[id] && !SAME_IN_GERMAN.has(id));
    expect(untranslated).toEqual([]);
    // The allow-list itself stays true: an entry that was translated after all comes off it.
    for (const id of SAME_IN_GERMAN) expect(CATALOGS.de[id], id).toBe(en[id]);
  });

  it('has no message that no component uses', () => {
    const source = sourceFiles().map((file) => readFileSync(file, 'utf8')).join('\n');
    const unused = Object.keys(en).filter((id) => !source.includes(`'${id}'`));
    expect(unused).toEqual([]);
  });
});

function sourceFiles(dir = RENDERER): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    if (!/\.tsx?$/.test(entry.name) || /catalog-/.test(entry.name)) return [];
    return [path];
  });
}

/** Attributes whose value a person reads or hears. */
const SPOKEN_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'legend', 'hint', 'description', 'confirmLabel', 'closeLabel', 'menuLabel', 'valueText']);

/**
 * Object properties that become words on screen (a confirmation's title, a menu item's
 * label). `message` is not one: Result errors carry main's English sentence as the fallback
 * of their code (model/failure-help.ts words the code).
 */
const SPOKEN_PROPERTIES = new Set(['title', 'body', 'label', 'confirmLabel', 'text']);

/** Text in JSX that no catalogue wording reaches: literal words between tags or in spoken attributes. */
function literalTextIn(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && /\p{L}/u.test(node.text)) found.push(node.text.trim());
    if (ts.isJsxAttribute(node) && SPOKEN_ATTRIBUTES.has(node.name.getText(source))) {
      const value = node.initializer;
      const text = value === undefined ? '' : ts.isStringLiteral(value) ? value.text : ts.isJsxExpression(value) && value.expression && (ts.isStringLiteral(value.expression) || ts.isNoSubstitutionTemplateLiteral(value.expression)) ? value.expression.text : '';
      if (/\p{L}/u.test(text)) found.push(`${node.name.getText(source)}="${text}"`);
    }
    if (ts.isPropertyAssignment(node) && SPOKEN_PROPERTIES.has(node.name.getText(source))) {
      const value = node.initializer;
      const isMessageId = ts.isStringLiteral(value) && Object.hasOwn(en, value.text);
      if (!isMessageId && (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value) || ts.isTemplateExpression(value)) && /\p{L}/u.test(value.getText(source))) {
        found.push(`${node.name.getText(source)}: ${value.getText(source)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('components', () => {
  it('show no text that is not in the catalogues', () => {
    const literals = sourceFiles()
      .flatMap((file) => literalTextIn(file).map((text) => `${relative(RENDERER, file)}: ${text}`));
    expect(literals).toEqual([]);
  });
});

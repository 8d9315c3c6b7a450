// Prints the axe results of the last e2e run (test-results/axe/results.jsonl) as a table:
// one line per UI state and colour scheme, with its violations by impact.
//
//   node scripts/axe-summary.mjs [results.jsonl]

import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results/axe/results.jsonl';
const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
const impacts = ['critical', 'serious', 'moderate', 'minor'];
console.log(['state', 'scheme', ...impacts, 'elements', 'rules'].join('\t'));
for (const { state, colorScheme, findings } of lines) {
  const count = (impact) => findings.filter((f) => f.impact === impact).length;
  const elements = findings.reduce((sum, f) => sum + f.nodes, 0);
  const rules = findings.map((f) => `${f.rule}(${f.nodes})`).join(' ') || '—';
  console.log([state, colorScheme, ...impacts.map(count), elements, rules].join('\t'));
}

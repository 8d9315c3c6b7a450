#!/usr/bin/env node
// Electronegativity over the app's Electron code: main/, preload/ and renderer/ (the
// TypeScript sources: its TS parser reads them whole, while its JS path cannot parse the
// built out/main bundle, which uses private class fields). Fails on any HIGH or MEDIUM
// finding that security/electronegativity-allowlist.json does not explain, on a file it
// could not parse (an unparsed file is an unscanned file), and on allowlist entries that no
// longer match anything (so the list stays reviewed, not accumulated).
//
//   node scripts/security-scan.mjs            summary on stdout, report in test-results/
//
// Offline: the check that downloads Electron's release list is skipped (the Electron
// version is pinned in package.json and reviewed on upgrades); translations fall back to
// the bundled English after a 1 s attempt.

import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const runnerModule = require('@doyensec/electronegativity/dist/runner.js');
const runElectronegativity = runnerModule.default ?? runnerModule;

const SCANNED = ['main', 'preload', 'renderer'];
/** Needs the network (raw.githubusercontent.com); see the header. */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const BLOCKING = new Set(['HIGH', 'MEDIUM']);
const allowlistPath = join(root, 'security/electronegativity-allowlist.json');

const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const electronVersion = String(pkg.devDependencies?.electron ?? '').replace(/^[^\d]*/, '');
const allowlist = JSON.parse(await readFile(allowlistPath, 'utf8'));
for (const entry of allowlist) {
  if (!entry.check || !entry.file || !entry.reason || entry.reason.length < 20) {
    throw new Error(`allowlist entry needs check, file and a real reason: ${JSON.stringify(entry)}`);
  }
}

// Stage exactly what ships from source, plus package.json (Electronegativity reads the
// Electron version there); nothing from node_modules, tests or tooling.
const stage = await mkdtemp(join(tmpdir(), 'nomad-electronegativity-'));
let result;
try {
  for (const dir of SCANNED) await cp(join(root, dir), join(stage, dir), { recursive: true, filter: (src) => !src.includes('node_modules') });
  await cp(join(root, 'package.json'), join(stage, 'package.json'));
  result = await runElectronegativity({
    input: stage,
    isRelative: true,
    excludeFromScan: EXCLUDED_CHECKS,
    electronVersionOverride: electronVersion,
  });
} finally {
  await rm(stage, { recursive: true, force: true });
}

const relative = (file) => file.replace(/^\/+/, '');
const findings = result.issues.map((issue) => ({
  check: issue.id,
  severity: issue.severity.name,
  confidence: issue.confidence.name,
  file: relative(issue.file),
  line: issue.location?.line ?? 0,
  description: issue.description,
}));
const explained = (finding) => allowlist.find((entry) => entry.check === finding.check && entry.file === finding.file);
const blocking = findings.filter((f) => BLOCKING.has(f.severity) && !explained(f));
const allowed = findings.filter((f) => BLOCKING.has(f.severity) && explained(f));
const stale = allowlist.filter((entry) => !findings.some((f) => f.check === entry.check && f.file === entry.file));
const parseErrors = result.errors.filter((e) => !e.tolerable);

console.log(`Electronegativity ${require('@doyensec/electronegativity/package.json').version}: ${result.atomicChecks} atomic + ${result.globalChecks} global checks on ${SCANNED.join(', ')} (Electron ${electronVersion})`);
for (const f of findings) {
  const mark = !BLOCKING.has(f.severity) ? '  info ' : explained(f) ? '  allow' : '  FAIL ';
  console.log(`${mark} ${f.severity.padEnd(13)} ${f.check.padEnd(40)} ${f.file}:${f.line}`);
}
for (const e of parseErrors) console.log(`  FAIL  could not parse ${relative(e.file)}: ${e.message}`);
for (const entry of stale) console.log(`  FAIL  allowlist entry matches nothing (remove it): ${entry.check} ${entry.file}`);
console.log(
  `${findings.length} findings: ${blocking.length} unexplained high/medium, ${allowed.length} allowlisted, ${findings.length - blocking.length - allowed.length} low/informational; ${parseErrors.length} parse errors; ${stale.length} stale allowlist entries`,
);

await mkdir(join(root, 'test-results'), { recursive: true });
await writeFile(
  join(root, 'test-results/electronegativity.json'),
  `${JSON.stringify({ electronVersion, findings, blocking, allowlisted: allowed, parseErrors, staleAllowlist: stale }, null, 2)}\n`,
);
process.exitCode = blocking.length > 0 || parseErrors.length > 0 || stale.length > 0 ? 1 : 0;

// Repository folders the e2e run reads (the built app) and writes (README screenshots).

import { fileURLToPath } from 'node:url';

const repoPath = (relative: string): string => fileURLToPath(new URL(`../../../${relative}`, import.meta.url));

export const RENDERER_DIR = repoPath('out/renderer/');
export const MAIN_ENTRY = repoPath('out/main/index.js');
export const DOCS_DIR = repoPath('docs/');

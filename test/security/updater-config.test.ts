// The updater's configuration, checked offline like the rest of the builder config: the
// `publish` block passes electron-builder's own schema, names the project's repository over
// HTTPS, and is what electron-updater itself turns into its GitHub provider (the class that
// reads the releases feed and the sha512 of each download).

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');

interface GitHubPublish {
  provider: string;
  owner: string;
  repo: string;
  releaseType?: string;
  private?: boolean;
  token?: string;
}

let publish: GitHubPublish;
let pkg: { homepage: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

beforeAll(async () => {
  publish = (parse(await readFile(join(root, 'electron-builder.yml'), 'utf8')) as { publish: GitHubPublish }).publish;
  pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as typeof pkg;
});

describe('the update feed in electron-builder.yml', () => {
  it('passes electron-builder’s schema, and a broken publish block does not', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      getConfig(projectDir: string, configPath: string | null, fromOptions: unknown): Promise<Record<string, unknown>>;
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    const loaded = await getConfig(root, null, null);
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...loaded, publish: { provider: 'github', owner: 'nomad-media', repo: 'nomad-uploader', notAPublishOption: true } }, new DebugLogger(false))).rejects.toThrow(/publish/);
  });

  it('is the project’s public GitHub releases, with no token in the config', () => {
    const repository = new URL(pkg.homepage);
    expect(repository.hostname).toBe('github.com');
    expect(publish).toEqual({ provider: 'github', owner: repository.pathname.split('/')[1], repo: repository.pathname.split('/')[2], releaseType: 'release' });
    expect(publish.token).toBeUndefined();
    expect(publish.private).toBeUndefined();
  });

  it('is what electron-updater makes its GitHub provider from, reading the feed over HTTPS', () => {
    const { createClient } = require('electron-updater/out/providerFactory.js') as {
      createClient(data: unknown, updater: unknown, runtimeOptions: unknown): { constructor: { name: string }; baseUrl: URL };
    };
    const client = createClient(publish, { channel: null, allowPrerelease: false }, { isUseMultipleRangeRequest: true, platform: 'linux', executor: {} });
    expect(client.constructor.name).toBe('GitHubProvider');
    expect(client.baseUrl.protocol).toBe('https:');
    expect(client.baseUrl.hostname).toBe('github.com');
  });

  it('ships electron-updater as a production dependency (it runs in the packaged app)', () => {
    expect(Object.keys(pkg.dependencies)).toContain('electron-updater');
    expect(Object.keys(pkg.devDependencies)).not.toContain('electron-updater');
  });
});

// The uploaders the WAN benchmark compares, each run as its user would run it (its default
// concurrency and part size), against the same sandbox (embedded s3rver, direct URLs) through
// the same emulated link. Each says how to invoke it, and which exchange on the link confirms
// a part (the end of "first byte sent → last part confirmed") and a file.

import { existsSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CONCURRENCY_LIMITS } from '../../shared/limits';
import type { HttpExchange } from '../link/http-observer';
import { kindOf, succeeded } from './exchange-kinds';

export type ClientName = 'engine' | 'baseline' | 'aws' | 'rclone' | 'lean';

export type Workload = { kind: 'big'; path: string; bytes: number } | { kind: 'small'; dir: string; files: number; bytes: number };

export interface RunTarget {
  /** Origin of the sandbox's API, through the link. */
  apiUrl: string;
  /** Origin of storage (the sandbox's embedded s3rver), through the link. */
  storageUrl: string;
  bucket: string;
  /** A fresh scratch directory for this run (journal, config files, the client's HOME). */
  scratch: string;
  /** Unique per run: the key prefix of peers' objects. */
  runId: string;
}

export interface Invocation {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Where the client writes its event-loop delay (our clients only). */
  eventLoopFile: string | null;
}

export interface ClientSpec {
  name: ClientName;
  label: string;
  /** The settings it runs with, in its own terms (as the report states them). */
  settings: string;
  workloads: readonly Workload['kind'][];
  /** Null when it can run here, else why not. */
  unavailable(): string | null;
  invocation(target: RunTarget, workload: Workload): Invocation;
  /** The exchange confirms a part of the upload to the uploader (goodput's clock stops at the last). */
  confirmsPart(e: HttpExchange): boolean;
  /** The exchange confirms a whole file (files per second). */
  confirmsFile(e: HttpExchange): boolean;
}

export interface BenchPaths {
  cliJs: string;
  /** The CLI built from another commit (`--baseline-cli`), to measure an engine change in the same run. */
  baselineCliJs: string | null;
  /** Extra CLI arguments for the baseline (`--baseline-args`), e.g. another --concurrency. */
  baselineArgs: string[];
  referenceJs: string;
  eventLoopProbeJs: string;
}

/** Only what a child needs: this machine's environment carries CA-bundle settings that make rclone refuse plain-HTTP S3. */
function engineNodeArgs(): string[] {
  return process.env.BENCH_ENGINE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
}

function cleanEnv(scratch: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: '/usr/bin:/bin', HOME: scratch, LANG: 'C.UTF-8', ...extra };
}

/** s3rver's fixed key pair (public, not a secret): the embedded storage's guard checks signatures made with it. */
const S3RVER_KEY = { id: 'S3RVER', secret: 'S3RVER' };

const isS3Part = (e: HttpExchange): boolean => {
  const kind = kindOf(e);
  return (kind === 'upload-part' || kind === 'put-object') && succeeded(e);
};
const isS3File = (e: HttpExchange): boolean => {
  const kind = kindOf(e);
  return (kind === 'put-object' || kind === 'complete-multipart') && succeeded(e);
};

export function clientSpecs(paths: BenchPaths): Record<ClientName, ClientSpec> {
  return {
    engine: engineSpec('engine', 'nomad-upload (engine)', paths.cliJs, paths),
    baseline: paths.baselineCliJs
      ? engineSpec('baseline', `nomad-upload: ${[paths.baselineCliJs, ...paths.baselineArgs].join(' ')}`, paths.baselineCliJs, paths, paths.baselineArgs)
      : { ...engineSpec('baseline', 'nomad-upload (baseline)', '', paths, []), unavailable: () => 'no --baseline-cli given' },
    lean: {
      name: 'lean',
      label: 'lean undici client (raw limit)',
      settings: 'Nomad start, then 8 part PUTs in flight (8 MiB), no hashing, a part re-sent after a reset',
      workloads: ['big'],
      unavailable: () => (existsSync(paths.referenceJs) ? null : `${paths.referenceJs} is not built`),
      invocation(target, workload) {
        if (workload.kind !== 'big') throw new Error('the lean client uploads one file');
        return {
          command: process.execPath,
          args: [paths.referenceJs, '--server', target.apiUrl, '--path', workload.path, '--concurrency', '8'],
          env: cleanEnv(target.scratch, {}),
          eventLoopFile: null,
        };
      },
      confirmsPart: isS3Part,
      confirmsFile: (e) => kindOf(e) === 'complete' && succeeded(e),
    },
    aws: {
      name: 'aws',
      label: 'AWS CLI 2.9 (/usr/bin/aws)',
      settings: 'defaults: max_concurrent_requests 10, multipart_chunksize 8 MiB',
      workloads: ['big', 'small'],
      // The Debian package; /root/.pyenv/shims/aws is an older 1.x.
      unavailable: () => (existsSync('/usr/bin/aws') ? null : '/usr/bin/aws is not installed (Debian package awscli)'),
      invocation(target, workload) {
        const config = join(target.scratch, 'aws-config');
        writeFileSync(config, '');
        const source = workload.kind === 'big' ? workload.path : workload.dir;
        const destination = `s3://${target.bucket}/aws-${target.runId}/${workload.kind === 'big' ? basename(workload.path) : ''}`;
        return {
          command: '/usr/bin/aws',
          args: ['--endpoint-url', target.storageUrl, 's3', 'cp', source, destination, ...(workload.kind === 'small' ? ['--recursive'] : []), '--no-progress', '--only-show-errors'],
          env: cleanEnv(target.scratch, {
            AWS_ACCESS_KEY_ID: S3RVER_KEY.id,
            AWS_SECRET_ACCESS_KEY: S3RVER_KEY.secret,
            AWS_DEFAULT_REGION: 'us-east-1',
            AWS_CONFIG_FILE: config,
            AWS_SHARED_CREDENTIALS_FILE: config,
            AWS_EC2_METADATA_DISABLED: 'true',
            AWS_PAGER: '',
          }),
          eventLoopFile: null,
        };
      },
      confirmsPart: isS3Part,
      confirmsFile: isS3File,
    },
    rclone: {
      name: 'rclone',
      label: 'rclone 1.60 (/usr/bin/rclone)',
      settings: 'defaults: --transfers 4, --s3-upload-concurrency 4, --s3-chunk-size 5 MiB (multipart above 200 MiB)',
      workloads: ['big', 'small'],
      unavailable: () => (existsSync('/usr/bin/rclone') ? null : '/usr/bin/rclone is not installed (Debian package rclone)'),
      invocation(target, workload) {
        const config = join(target.scratch, 'rclone.conf');
        writeFileSync(config, '');
        const prefix = `bench:${target.bucket}/rclone-${target.runId}`;
        const args = workload.kind === 'big' ? ['copyto', workload.path, `${prefix}/${basename(workload.path)}`] : ['copy', workload.dir, prefix];
        return {
          command: '/usr/bin/rclone',
          args: [...args, '--config', config],
          env: cleanEnv(target.scratch, {
            RCLONE_CONFIG_BENCH_TYPE: 's3',
            RCLONE_CONFIG_BENCH_PROVIDER: 'Other',
            RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: S3RVER_KEY.id,
            RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: S3RVER_KEY.secret,
            RCLONE_CONFIG_BENCH_ENDPOINT: target.storageUrl,
            RCLONE_CONFIG_BENCH_REGION: 'us-east-1',
          }),
          eventLoopFile: null,
        };
      },
      confirmsPart: isS3Part,
      confirmsFile: isS3File,
    },
  };
}

/** Our CLI, as its user runs it; `cliJs` may be another build of it (the baseline). */
function engineSpec(name: 'engine' | 'baseline', label: string, cliJs: string, paths: BenchPaths, extraArgs: string[] = []): ClientSpec {
  return {
    name,
    label,
    settings: `CLI defaults (--concurrency ${CONCURRENCY_LIMITS.default}: parts in flight from ${CONCURRENCY_LIMITS.start}, more while goodput rises; 8 MiB parts until parts have gone), --journal`,
    workloads: ['big', 'small'],
    unavailable: () => (existsSync(cliJs) ? null : `${cliJs} is not built`),
    invocation(target, workload) {
      const eventLoopFile = join(target.scratch, 'event-loop.json');
      const path = workload.kind === 'big' ? workload.path : workload.dir;
      return {
        command: process.execPath,
        // BENCH_ENGINE_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=DIR") is for diagnosis, as the sandbox's is.
        args: [...engineNodeArgs(), '--import', paths.eventLoopProbeJs, cliJs, 'upload', '--server', target.apiUrl, '--user', 'demo', '--journal', join(target.scratch, 'journal'), '--json', ...extraArgs, path],
        env: cleanEnv(target.scratch, { NOMAD_PASSWORD: 'demo', BENCH_EVENT_LOOP_FILE: eventLoopFile }),
        eventLoopFile,
      };
    },
    confirmsPart: (e) => kindOf(e) === 'part-complete' && succeeded(e),
    confirmsFile: (e) => kindOf(e) === 'complete' && succeeded(e),
  };
}

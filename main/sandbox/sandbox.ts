import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { accountRoutes } from './account-routes';
import { ApiHandler } from './api-handler';
import { Accounts } from './accounts';
import { AuthService } from './auth';
import { AssetDigests } from './asset-digests';
import { createStorage } from './create-storage';
import { DataDirLock } from './data-dir-lock';
import { FaultQueue, type FaultController } from './faults';
import { InspectionHandler } from './inspection-routes';
import { storedAssets, type StoredAsset } from './inventory';
import { resolveOptions, type SandboxOptions } from './options';
import { createRequestHandler } from './request-handler';
import { folderRoutes } from './folder-routes';
import { lookupRoutes } from './lookup-routes';
import { ssoRoutes } from './sso-routes';
import { StateJournal } from './state-journal';
import { StatsCounter, type SandboxStats } from './stats';
import type { StorageBackend } from './storage-backend';
import { StorageGateway } from './storage-gateway';
import { uploadRoutes } from './upload-routes';
import { UploadService } from './upload-service';
import { UploadViews } from './upload-views';
import { UrlExpiry } from './url-expiry';
import { urlHost } from './url-host';
import { Variants, type SandboxVariant } from './variants';
import { makeDirs } from '../engine/make-dirs';

export interface Sandbox {
  /** Listen origin, e.g. http://127.0.0.1:40123 (the API base is `${url}/api`). */
  readonly url: string;
  readonly apiUrl: string;
  /** Base of the URLs the sandbox hands out that lead back to it: the publicUrl option, or `url`. */
  readonly publicUrl: string;
  /** Where parts are stored: the S3 endpoint (the embedded s3rver's, or the configured one; null for discard) and bucket. */
  readonly storage: { kind: StorageBackend['kind']; url: string | null; bucket: string };
  /** Whether part URLs point straight at storage (directUrls) or at the sandbox's gateway. */
  readonly partUrls: 'direct' | 'gateway';
  /** The variants in force (variants.ts), in their canonical order. */
  readonly variants: SandboxVariant[];
  readonly faults: FaultController;
  stats(): SandboxStats;
  assets(): Promise<StoredAsset[]>;
  /** Closes the HTTP server, open sockets and storage; idempotent. */
  close(): Promise<void>;
}

export { STATE_FILE } from './state-journal';

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const resolved = resolveOptions(options);
  const { dataDir, log } = resolved;
  await makeDirs(dataDir);
  const lock = await DataDirLock.acquire(dataDir);
  let storage: StorageBackend | null = null;
  let journal: StateJournal | null = null;
  try {
    const variants = new Variants(resolved.variants);
    const opened = await StateJournal.open(dataDir, { log });
    journal = opened;
    const { state } = opened;
    // Every answered call is durable: handlers mutate the state, then await this before answering.
    const commit = (): Promise<void> => opened.commit();

    storage = await createStorage(resolved);
    const stats = new StatsCounter();
    const expiry = new UrlExpiry(state.urlCutoff);
    const accounts = new Accounts(state, resolved.accounts);
    const auth = new AuthService(state, accounts, {
      accessSeconds: resolved.tokenTtlSeconds,
      refreshSeconds: resolved.refreshTokenTtlSeconds,
      rotateRefreshTokens: !variants.has('refresh-null'),
    });
    const faults = new FaultQueue({
      onImmediate: (fault) => {
        if (fault.kind === 'expire-urls') state.setUrlCutoff(expiry.expireAllSigned());
        else auth.expireAccessTokens();
        // Programmatic callers do not wait; the HTTP route awaits its own commit.
        commit().catch((error: unknown) => log(`could not persist state: ${String(error)}`));
      },
      onFired: () => stats.increment('faultsFired'),
      storageFaultsUnavailable: resolved.directUrls ? 'this sandbox hands out direct storage URLs, so part PUTs never reach it (start it without directUrls for storage faults)' : null,
    });

    let origin = '';
    const publicBase = (): string => resolved.publicUrl ?? origin;
    // Direct: the upstream URL as signed (for the endpoint or storagePublicUrl). Gateway: the same path and query on the sandbox.
    const publish = resolved.directUrls ? (upstream: string) => upstream : (upstream: string) => StorageGateway.publicUrl(publicBase(), upstream);
    const views = new UploadViews(storage, expiry, resolved.urlTtlSeconds, publish, variants.has('no-resign'));
    const uploads = new UploadService({ state, storage, views, stats, commit, variants, log });
    const gateway = new StorageGateway({ state, storage, faults, stats, expiry, commit, kmsEtags: variants.has('kms-etag') });
    const digests = new AssetDigests(storage);
    const handle = createRequestHandler({
      api: new ApiHandler({
        auth,
        faults,
        variants,
        routes: [
          ...accountRoutes({ auth, stats, commit }),
          ...ssoRoutes({ auth, commit, publicBase }),
          ...uploadRoutes({ uploads }),
          ...folderRoutes({ state, commit, bucketName: storage.bucket }),
          ...lookupRoutes({ state }),
        ],
      }),
      inspection: new InspectionHandler({ state, stats, faults, digests, commit }),
      gateway,
      log,
    });

    const inFlight = new Set<Promise<void>>();
    // requestTimeout 0: a large part over a slow link may take longer than Node's default 5 minutes.
    const server = createServer({ requestTimeout: 0 }, (req, res) => {
      const handling = handle(req, res);
      inFlight.add(handling);
      void handling.finally(() => inFlight.delete(handling));
    });
    // Idle keep-alive connections live 65 s, as behind a load balancer (60 s) rather than
    // Node's 5 s: with 5 s every part-complete after a long stretch of part PUTs paid a new
    // connection's round trip, a cost a real server does not add (engine/keep-alive.ts).
    server.keepAliveTimeout = 65_000;
    const port = await listen(server, resolved.port, resolved.host);
    origin = `http://${urlHost(resolved.host)}:${port}`;
    const partUrls = resolved.directUrls ? 'direct' : 'gateway';
    log(
      `sandbox listening ${origin} (public ${publicBase()}; storage: ${storage.kind}${storage.upstream ? ` at ${storage.upstream.origin}` : ''}; ` +
        `part URLs: ${partUrls}; part verification: ${storage.partVerification}; variants: ${variants.list.join(', ') || 'none'})`,
    );

    const running = storage;
    let closing: Promise<void> | null = null;
    const close = async (): Promise<void> => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      // Handlers may still be finishing storage calls and state writes: let them land before storage goes.
      await Promise.allSettled([...inFlight]);
      gateway.close();
      await running.close();
      await opened.close();
      await lock.release();
    };

    return {
      url: origin,
      apiUrl: `${origin}/api`,
      publicUrl: publicBase(),
      storage: { kind: storage.kind, url: storage.upstream?.origin ?? null, bucket: storage.bucket },
      partUrls,
      variants: variants.list,
      faults,
      stats: () => stats.snapshot(),
      assets: async () => storedAssets(state, await digests.of(state.assets.values())),
      close: () => (closing ??= close()),
    };
  } catch (error) {
    await storage?.close().catch(() => {});
    await journal?.close().catch(() => {});
    await lock.release();
    throw error;
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

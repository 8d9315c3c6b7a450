// Limits the engine, the CLI, the settings and the UI all enforce: defined once in shared/limits.ts
// (the renderer's Settings form checks them too, and imports nothing from main/); re-exported here.

export { BANDWIDTH_LIMITS, CONCURRENCY_LIMITS } from '../../shared/limits';

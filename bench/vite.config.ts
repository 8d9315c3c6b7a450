import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import pkg from '../package.json' with { type: 'json' };

// Bench-only build: the engine client, the raw-limit reference client and the runner, as
// plain Node programs in out/bench. Kept apart from vite.node.config.ts so no bench code
// path ends up in the shipped CLI. Dependencies stay external, as in the app.
const external = [
  ...Object.keys(pkg.dependencies),
  ...Object.keys(pkg.devDependencies),
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
];

export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/bench',
    emptyOutDir: false,
    minify: false,
    sourcemap: true,
    rollupOptions: {
      input: {
        'engine-client': 'bench/engine-client.ts',
        'reference-client': 'bench/reference-client.ts',
        run: 'bench/run.ts',
        'profile-summary': 'bench/profile-summary.ts',
        'event-loop-probe': 'bench/event-loop-probe.ts',
        'link-selftest': 'bench/link-selftest.ts',
        'wan-report': 'bench/wan-report.ts',
      },
      external: (id) => external.some((e) => id === e || id.startsWith(`${e}/`)),
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});

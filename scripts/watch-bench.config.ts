import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import pkg from '../package.json' with { type: 'json' };

// The watch-folder benchmark (scripts/watch-index-bench.ts) as a plain Node program in
// out/watch-bench; kept out of the shipped CLI bundle.
const external = [...Object.keys(pkg.dependencies), ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/watch-bench',
    emptyOutDir: true,
    minify: false,
    rollupOptions: {
      input: { 'watch-index-bench': 'scripts/watch-index-bench.ts' },
      external: (id) => external.some((e) => id === e || id.startsWith(`${e}/`)),
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});

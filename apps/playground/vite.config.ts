import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

/**
 * `@seq/data`'s file and download helpers import Node's modules dynamically, only when they are
 * called; none is called in the browser. This stands an empty module in for each, which says so if
 * it ever is imported, instead of Vite's warning per import.
 */
function nodeBuiltinsUnavailable(): Plugin {
  const prefix = '\0node-builtin:';
  return {
    name: 'seq-node-builtins-unavailable',
    enforce: 'pre',
    resolveId: (id) => (id.startsWith('node:') ? `${prefix}${id}` : null),
    load: (id) =>
      id.startsWith(prefix)
        ? `throw new Error(${JSON.stringify(`${id.slice(prefix.length)} is not available in the browser`)});`
        : null,
  };
}

/**
 * The playground's Vite configuration: workspace packages resolve to their TypeScript sources
 * through the `@seq/source` export condition (no package build needed, one copy of each), and
 * the built site uses relative paths, so it can be served from any folder (the docs site links
 * to it).
 */
/**
 * Names the bundle's parts after what they hold, so their sizes can be read (and cached) apart:
 * tfjs, the wasm and webgpu backends (loaded only when picked), Vega, and the playground itself.
 */
function chunkOf(id: string): string | undefined {
  // The wasm binaries' addresses (`?url` imports) stay with the code that asks for them: in the
  // wasm backend's chunk they would make the page load and register it before `setWasmPaths`.
  if (id.includes('?')) return undefined;
  if (id.includes('/@tensorflow/tfjs-backend-wasm/')) return 'tfjs-backend-wasm';
  if (id.includes('/@tensorflow/tfjs-backend-webgpu/')) return 'tfjs-backend-webgpu';
  if (id.includes('/@tensorflow/')) return 'tfjs';
  if (
    /\/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?(vega|d3-|topojson|json-stringify|fast-json-patch|tslib|semver)/.test(
      id,
    )
  ) {
    return 'vega';
  }
  return undefined;
}

export default defineConfig({
  base: './',
  plugins: [nodeBuiltinsUnavailable()],
  resolve: { conditions: ['@seq/source', ...defaultClientConditions] },
  build: {
    target: 'es2022',
    // tfjs and Vega are large by nature; the sizes are recorded in the README.
    chunkSizeWarningLimit: 2500,
    rollupOptions: { output: { manualChunks: chunkOf } },
  },
});

/** The tfjs backends a page can run on, fastest first (as `useBestBackend` tries them). */
export const PAGE_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;

/** One of {@link PAGE_BACKENDS}. */
export type PageBackend = (typeof PAGE_BACKENDS)[number];

/** What the backend picker offers: a named backend, or the best that loads here. */
export type BackendRequest = PageBackend | 'best';

/**
 * The backends the picker offers: webgpu only where the browser has `navigator.gpu`, then webgl,
 * wasm and cpu, which every browser the playground supports has.
 */
export function offeredBackends(hasWebGPU: boolean): PageBackend[] {
  return PAGE_BACKENDS.filter((name) => name !== 'webgpu' || hasWebGPU);
}

/**
 * The backend asked for by a page address (`?backend=wasm`), so that a link, or a test, opens the
 * playground on a given backend; `'best'` when the address names none or an unknown one.
 */
export function backendFromQuery(search: string): BackendRequest {
  const name = new URLSearchParams(search).get('backend');
  return (PAGE_BACKENDS as readonly string[]).includes(name ?? '') ? (name as PageBackend) : 'best';
}

/**
 * A map shared by every copy of `@seq/core` loaded in one program, kept on `globalThis` under a
 * `Symbol.for` key: a registry filled by one copy (a package's mappings, registered when it is
 * imported) is seen by the others.
 */
export function globalMap<V>(key: string): Map<string, V> {
  const symbol = Symbol.for(key);
  const global = globalThis as { [k: symbol]: Map<string, V> | undefined };
  global[symbol] ??= new Map();
  return global[symbol];
}

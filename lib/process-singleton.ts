// One instance per process of what must not exist twice: a connection or pool, a cache, a queue,
// a timer. A module-level `const` is not enough here, for two reasons:
// - `next dev` evaluates a changed module again on every reload: its state would start afresh
//   while the old connections and timers live on;
// - Next.js builds separate module graphs for instrumentation.ts and for the routes (handlers,
//   pages, server actions), and each evaluates the same module once: one process would hold two
//   caches, two send queues, two pools that do not know each other.
// globalThis is the one object every module graph of the process shares.
const registry = ((globalThis as { [key: symbol]: Map<string, unknown> | undefined })[Symbol.for("number-router.process-singletons")] ??=
  new Map());

/** This process's instance under `key`, made by `create` on first use. */
export function processSingleton<T>(key: string, create: () => T): T {
  if (!registry.has(key)) registry.set(key, create());
  return registry.get(key) as T;
}

// Serialises the critical section of one location inside this process (decide → store → advance
// rotation), so two concurrent sends never decide from the same rotation state. The database
// transaction makes each send atomic; this lock makes them sequential per location. Kept on
// globalThis because Next.js may load this module once per bundle layer.
const store = globalThis as unknown as { __nrLocks?: Map<string, Promise<unknown>> };
const tails = (store.__nrLocks ??= new Map());

export async function withLocationLock<T>(locationId: string, run: () => Promise<T>): Promise<T> {
  const previous = tails.get(locationId) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => mine);
  tails.set(locationId, tail);
  await previous;
  try {
    return await run();
  } finally {
    release();
    if (tails.get(locationId) === tail) tails.delete(locationId);
  }
}

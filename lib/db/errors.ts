// Database errors that mean "another writer got there first", the same on both databases:
// Prisma maps the drivers' codes (SQLite's and PostgreSQL's) onto its own, so nothing here matches
// an error message.
const UNIQUE_VIOLATION = "P2002";
/** Write conflict or deadlock (PostgreSQL 40001/40P01 through Prisma), or a raw pg error. */
const CONFLICT = new Set(["P2034", "40001", "40P01"]);

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === UNIQUE_VIOLATION || code === "23505";
}

/** A check-then-write lost a race with another process: run it again (with a fresh read). */
export class LostRace extends Error {
  constructor() {
    super("Lost a race with a concurrent writer");
  }
}

/**
 * Runs `work` again when it lost a race (unique violation, write conflict, deadlock, LostRace):
 * the services read, check, then write conditionally; the database decides the race.
 */
export async function retryOnRace<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string } | null)?.code ?? "";
      const race = error instanceof LostRace || isUniqueViolation(error) || CONFLICT.has(code);
      if (!race || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * 5 * Math.random()));
    }
  }
}

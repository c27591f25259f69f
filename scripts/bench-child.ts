// The benchmarks that run the app's own modules do so in a child process on a fresh SQLite file:
// the modules read DATABASE_URL (and the rest of the environment) once, at first use.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Runs `node scripts/<script> --child` on a new SQLite file (removed afterwards); its output goes to ours. */
export function runChildOnScratchSqlite(script: string, env: Record<string, string> = {}): void {
  const file = path.join(tmpdir(), `number-router-${path.basename(script, ".ts")}-${process.pid}.db`);
  const clean = () => {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  };
  clean();
  try {
    const child = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", `scripts/${script}`, "--child"], {
      env: { ...process.env, DATABASE_URL: `file:${file}`, NODE_ENV: "production", ...env },
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (child.status !== 0) throw new Error(`${script} exited with ${child.status}`);
  } finally {
    clean();
  }
}

// The suite's clusters outlive Playwright's workers: a worker is replaced after every failed test,
// and starting two app processes costs ~10 s, so the `cluster` fixture starts one cluster per
// database kind on first use, leaves it running, and records it in SCALE_CLUSTER_DIR. This global
// teardown stops them and drops their databases; a watchdog started with each cluster kills its
// processes if the runner dies without a teardown.
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { attachCluster, type ClusterState, ROOT } from "./cluster";

export default async function globalSetup() {
  const dir = path.join(ROOT, "test-results", "scale-clusters", String(process.pid));
  mkdirSync(dir, { recursive: true });
  process.env.SCALE_CLUSTER_DIR = dir;
  process.env.SCALE_RUNNER_PID = String(process.pid);
  return async () => {
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
      const saved = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as { state?: ClusterState };
      if (saved.state) await attachCluster(saved.state).stop();
    }
    rmSync(dir, { recursive: true, force: true });
  };
}

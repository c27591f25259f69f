// `npm test`: unit and integration tests (Vitest), the production build, then the API and
// browser tests (Playwright) against it. Ends with one summary line: "N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

rmSync("test-reports", { recursive: true, force: true });
mkdirSync("test-reports");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: "inherit", env }).status ?? 1;

const steps: { name: string; status: number }[] = [];
steps.push({ name: "unit", status: run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile=test-reports/vitest.json"]) });
steps.push({ name: "build", status: run("npx", ["next", "build"]) });
if (steps[1].status === 0) steps.push({ name: "e2e", status: run("npx", ["playwright", "test"]) });

let passed = 0;
let failed = 0;
if (existsSync("test-reports/vitest.json")) {
  const v = JSON.parse(readFileSync("test-reports/vitest.json", "utf8")) as { numPassedTests: number; numFailedTests: number };
  passed += v.numPassedTests;
  failed += v.numFailedTests;
}
if (existsSync("test-reports/playwright.json")) {
  const p = JSON.parse(readFileSync("test-reports/playwright.json", "utf8")) as { stats: { expected: number; unexpected: number; flaky: number } };
  passed += p.stats.expected + p.stats.flaky;
  failed += p.stats.unexpected;
}
const broken = steps.filter((s) => s.status !== 0);
for (const s of broken) console.error(`step failed: ${s.name} (exit ${s.status})`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(broken.length || failed ? 1 : 0);

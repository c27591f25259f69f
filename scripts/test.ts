// `npm test`: the gate (`npm run lint`: Biome, tsc, knip, import rules), unit and integration
// tests (Vitest, SQLite and PostgreSQL), the production build, then Playwright against it: the API
// and browser tests on SQLite, the API tests again on PostgreSQL, and the multi-process suite (two
// app processes on one database, each kind). A failed gate does not stop the tests.
// Ends with the failed tests and those that passed only on a retry, by name, then one summary line: "N passed, N failed".
// PostgreSQL: the server at TEST_POSTGRES_URL (default: the local service); every run creates
// and drops its own databases.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dropDatabase } from "@/e2e/support/databases";

rmSync("test-reports", { recursive: true, force: true });
mkdirSync("test-reports");
const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const run = (cmd: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(cmd, args, { stdio: "inherit", env: { ...baseEnv, ...env } }).status ?? 1;

const server = new URL(process.env.TEST_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/postgres");
const e2eDatabase = new URL(server);
e2eDatabase.pathname = `/nr_e2e_${randomBytes(4).toString("hex")}`; // created and dropped by scripts/e2e-server.ts + below

const steps: { name: string; status: number }[] = [];
const step = (name: string, status: number) => {
  steps.push({ name, status });
  return status;
};
step("gate", run("npm", ["run", "--silent", "lint"]));
step("unit", run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile=test-reports/vitest.json"]));
if (step("build", run("npx", ["next", "build"])) === 0) {
  step("e2e (SQLite)", run("npx", ["playwright", "test"]));
  step(
    "api (PostgreSQL)",
    run("npx", ["playwright", "test", "--project=api"], {
      E2E_DATABASE_URL: e2eDatabase.toString(),
      E2E_REPORT: "test-reports/playwright-postgres.json",
    }),
  );
  await dropDatabase(e2eDatabase.toString());
  step("multi-process", run("npx", ["playwright", "test", "-c", "e2e/scale/scale.config.ts"]));
}

let passed = 0;
let failed = 0;
/** The names of the tests that failed, and of those that passed only on a retry: printed last, so a CI log's tail says which. */
const failures: string[] = [];
const flaky: string[] = [];
if (existsSync("test-reports/vitest.json")) {
  const v = JSON.parse(readFileSync("test-reports/vitest.json", "utf8")) as VitestReport;
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  for (const file of v.testResults)
    for (const t of file.assertionResults) if (t.status === "failed") failures.push(`unit › ${file.name} › ${t.fullName}`);
}
for (const report of ["playwright.json", "playwright-postgres.json", "playwright-scale.json"]) {
  const file = `test-reports/${report}`;
  if (!existsSync(file)) continue;
  const p = JSON.parse(readFileSync(file, "utf8")) as PlaywrightReport;
  passed += p.stats.expected + p.stats.flaky;
  failed += p.stats.unexpected;
  const walk = (suite: PlaywrightSuite) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests) {
        const name = `${report} › [${t.projectName}] ${spec.file}:${spec.line} › ${spec.title}`;
        if (t.status === "unexpected") failures.push(name);
        if (t.status === "flaky") flaky.push(name);
      }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of p.suites) walk(suite);
}
for (const name of flaky) console.error(`flaky (passed on retry): ${name}`);
for (const name of failures) console.error(`failed: ${name}`);
const broken = steps.filter((s) => s.status !== 0);
// A failed step that writes no test report (the gate, the build) counts as one failure.
failed += broken.filter((s) => s.name === "gate" || s.name === "build").length;
for (const s of broken) console.error(`step failed: ${s.name} (exit ${s.status})`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(broken.length || failed ? 1 : 0);

type VitestReport = {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[];
};
type PlaywrightSuite = {
  specs?: { title: string; file: string; line: number; tests: { projectName: string; status: string }[] }[];
  suites?: PlaywrightSuite[];
};
type PlaywrightReport = { stats: { expected: number; unexpected: number; flaky: number }; suites: PlaywrightSuite[] };

// `npm run lint`: the gate that keeps the house (the first step of `npm test`). Runs every check,
// even after one fails, then prints one line per check and exits 1 if any failed:
//   biome    lint and format (`npm run format` fixes formatting, import order and safe lint fixes)
//   tsc      types of the whole project
//   knip     dead files, dead exports, unused dependencies (knip.ts)
//   imports  import rules and module cycles (.dependency-cruiser.cjs)
//   folders  folder cycles in the code that ships (.dependency-cruiser-folders.cjs)
import { spawnSync } from "node:child_process";

const SOURCES = ["app", "components", "lib", "scripts", "e2e", "proxy.ts", "instrumentation.ts"];

const checks: { name: string; args: string[]; fix: string }[] = [
  { name: "biome", args: ["biome", "check", "--error-on-warnings"], fix: "`npm run format`, then fix what it reports" },
  { name: "tsc", args: ["tsc", "--noEmit"], fix: "fix the type errors above" },
  { name: "knip", args: ["knip", "--no-progress"], fix: "delete what is unused, or say in knip.ts why it is used" },
  {
    name: "imports",
    args: ["depcruise", "--config", ".dependency-cruiser.cjs", "--output-type", "err", ...SOURCES],
    fix: "see the rule's comment in .dependency-cruiser.cjs",
  },
  {
    name: "folders",
    args: ["depcruise", "--config", ".dependency-cruiser-folders.cjs", "--output-type", "err", ...SOURCES],
    fix: "move the shared piece into one folder (see .dependency-cruiser-folders.cjs)",
  },
];

const results = checks.map((check) => {
  console.log(`\n── ${check.name}: ${check.args.join(" ")}`);
  const status = spawnSync("npx", check.args, { stdio: "inherit" }).status ?? 1;
  return { ...check, status };
});

console.log("");
for (const r of results) {
  console.log(r.status === 0 ? `lint ${r.name}: passed` : `lint ${r.name}: FAILED (exit ${r.status}): ${r.fix}`);
}
process.exit(results.some((r) => r.status !== 0) ? 1 : 0);

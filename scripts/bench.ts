// `npm run bench`: every benchmark, one JSON object per line. Not part of `npm test`.
// Pick some with arguments: `npm run bench -- engine http pages durability impact`. Flags after the names go to the
// suites that take them: `npm run bench -- http --db postgres --processes 2`, `… http --sse`.
export {};

const args = process.argv.slice(2);
const firstFlag = args.findIndex((a) => a.startsWith("-"));
const names = firstFlag < 0 ? args : args.slice(0, firstFlag);
const flags = firstFlag < 0 ? [] : args.slice(firstFlag);

const suites: Record<string, () => Promise<void>> = {
  engine: async () => (await import("./bench-engine")).runEngineBench(),
  http: async () => (await import("./bench-http")).runHttpBench(flags),
  pages: async () => (await import("./bench-pages")).runPagesBench(),
  durability: async () => (await import("./bench-durability")).runDurabilityBench(),
  dispatch: async () => (await import("./bench-dispatch")).runDispatchBench(),
  impact: async () => (await import("./bench-impact")).runImpactBench(),
};

const wanted = names.length ? names : Object.keys(suites);
for (const name of wanted) {
  const suite = suites[name];
  if (!suite) {
    console.error(`Unknown benchmark "${name}". Known: ${Object.keys(suites).join(", ")}`);
    process.exit(2);
  }
  await suite();
}

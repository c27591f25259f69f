// `npm run bench`: every benchmark, one JSON object per line. Not part of `npm test`.
// Pick some with arguments: `npm run bench -- engine http pages durability`.
export {};

const suites: Record<string, () => Promise<void>> = {
  engine: async () => (await import("./bench-engine")).runEngineBench(),
  http: async () => (await import("./bench-http")).runHttpBench(),
  pages: async () => (await import("./bench-pages")).runPagesBench(),
  durability: async () => (await import("./bench-durability")).runDurabilityBench(),
};

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(suites);
for (const name of wanted) {
  const suite = suites[name];
  if (!suite) {
    console.error(`Unknown benchmark "${name}". Known: ${Object.keys(suites).join(", ")}`);
    process.exit(2);
  }
  await suite();
}

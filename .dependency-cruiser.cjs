// Import rules (part of `npm run lint`): the layers of the house, and no module cycles. Folder
// cycles have their own config (.dependency-cruiser-folders.cjs).
//   npx depcruise --config .dependency-cruiser.cjs app components lib scripts e2e proxy.ts instrumentation.ts
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "engine-is-pure",
      comment:
        "lib/engine decides from plain inputs: no database, clock, network or other lib/ module. " +
        "It imports itself and libphonenumber-js (pure phone parsing); its tests may also use the test libraries.",
      severity: "error",
      from: { path: "^lib/engine/", pathNot: "\\.test\\.ts$" },
      to: { pathNot: ["^lib/engine/", "^node_modules/libphonenumber-js/"] },
    },
    {
      name: "engine-tests-stay-pure",
      comment: "The engine's tests exercise the engine alone: besides it, only the test libraries.",
      severity: "error",
      from: { path: "^lib/engine/.+\\.test\\.ts$" },
      to: { pathNot: ["^lib/engine/", "^node_modules/(libphonenumber-js|vitest|@vitest|fast-check)/"] },
    },
    {
      name: "lib-not-to-ui",
      comment: "lib/ is the service layer: routes (app/) and components call it, never the other way round.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(app|components)/" },
    },
    {
      name: "components-not-to-app",
      comment: "Shared components serve several routes: what they need from a route comes in as props or from lib/.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^app/" },
    },
    {
      name: "no-circular",
      comment:
        "Modules that import each other, directly or round a loop. Type-only imports are erased at build time and do not " +
        "count here (an interface and its implementations may name each other's types); folder cycles count them.",
      severity: "error",
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that resolves to no file or package.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^lib/generated/" },
    // Type-only imports count: a cycle of types is still a cycle of concepts.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

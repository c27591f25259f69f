// Folder cycles (part of `npm run lint`): lib/a → lib/b → lib/a through different files means two
// folders that are one tangled domain. Only the code that ships counts: tests and test support
// import seed factories and helpers across folders by design, and nothing imports them back, so
// they can make no module cycle (.dependency-cruiser.cjs checks those and the layer rules).
//   npx depcruise --config .dependency-cruiser-folders.cjs app components lib scripts proxy.ts instrumentation.ts
const base = require("./.dependency-cruiser.cjs");

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-folder-cycles",
      comment: "Move what both folders need into one of them (or a third), so that the imports run one way.",
      severity: "error",
      scope: "folder",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    ...base.options,
    exclude: { path: ["^lib/generated/", "\\.test\\.ts$", "^e2e/", "^lib/testing/"] },
  },
};

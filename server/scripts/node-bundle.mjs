// How Navbat's code is bundled for plain `node`: the server (`build.mjs`), and the tests and dev tools that run
// bundled code (tests/bench/bundled.ts, tests/integration/outbox-crash.test.ts), so they all measure and run what
// `npm start` runs. npm packages stay external (Node resolves them at run time from the nearest node_modules),
// except a few pure-JavaScript ES-module packages of hundreds of small files each, which Node would otherwise
// resolve and compile one by one at every start (kysely alone took ~165 ms): a restart is that much shorter
// (figure 5). zod goes with its Fastify type provider, so both use one copy of zod (and of its schema registry).

/** npm packages bundled into the code rather than left external. */
export const bundledPackages = /^(kysely|zod|fastify-type-provider-zod)(\/|$)/;

/** esbuild's options for Node 20 ES modules; bare imports are npm packages, `@navbat/*` our TypeScript sources. */
export const nodeBundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  plugins: [
    {
      name: 'npm-packages-external',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@navbat/') || bundledPackages.test(args.path) ? undefined : { path: args.path, external: true }));
      },
    },
  ],
};

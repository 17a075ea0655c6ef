import { cp, readFile, rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, type Metafile, type Plugin } from 'esbuild';

/**
 * `pnpm build`: one ESM bundle per process, so production runs plain `node` on JavaScript.
 *
 * Why esbuild bundles rather than `tsc` per package: the workspace packages export their
 * TypeScript sources (`./src/index.ts`), which dev, tests and tsx rely on. Inlining them into
 * each app's bundle leaves those exports alone, where per-package tsc output would need a second
 * set of exports pointing at dist/. Third-party packages stay external (imported from
 * node_modules at run time): they keep their own files where they expect them (Bull Board's UI,
 * swagger-ui's assets, pino's worker threads, msgpackr-extract's native addon). esbuild itself
 * rather than a wrapper (tsup): this one file is the whole configuration, and tsx ships the
 * same esbuild already.
 *
 * The one cost: an external import resolves from the bundle's folder, i.e. from the app's own
 * node_modules, and pnpm puts only an app's declared dependencies there. So each app declares
 * what its bundle imports, and the build fails, naming the package, when one is missing.
 */

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BuildTarget {
  /** The TypeScript entry, repo-relative. */
  entry: string;
  /** The bundle, repo-relative (`--out` moves the whole tree elsewhere). */
  outfile: string;
  /** The folder whose package.json "dependencies" must list what the bundle imports. */
  manifestDir: string;
}

export const BUILD_TARGETS: readonly BuildTarget[] = [
  ...['api', 'worker', 'provider-sim', 'cli'].map((app) => ({
    entry: `apps/${app}/src/main.ts`,
    outfile: `apps/${app}/dist/main.js`,
    manifestDir: `apps/${app}`,
  })),
  // The image's HEALTHCHECK: plain node, no dependency.
  { entry: 'scripts/healthcheck.ts', outfile: 'dist/healthcheck.js', manifestDir: '.' },
];

/**
 * Packages a bundle loads by name at run time, which esbuild cannot see: pino resolves a
 * transport target from the file that created the logger, i.e. from the bundle
 * (packages/config's logger names pino-pretty when stdout is a terminal).
 */
const LOADED_BY_NAME: Record<string, string[]> = { pino: ['pino-pretty'] };

/**
 * Folders a module of ours reads beside itself at run time (`new URL('./lua/x.lua',
 * import.meta.url)`), which esbuild does not see. In a bundle that URL resolves beside the
 * bundle, so each folder is copied there for every bundle that includes its module; the image
 * and the systemd units take `apps/<app>/dist` whole. Why @cancelq/queue's Lua scripts are read
 * rather than inlined with esbuild's text loader: packages/queue/src/define-script.ts.
 */
export const READ_AT_RUN_TIME: Record<string, string> = {
  'packages/queue/src/define-script.ts': 'packages/queue/src/lua',
};

/** Copies, beside `outfile`, the folders the bundle's modules read at run time (afresh). */
async function copyReadAtRunTime(metafile: Metafile, outfile: string): Promise<void> {
  for (const [module, folder] of Object.entries(READ_AT_RUN_TIME)) {
    if (!(module in metafile.inputs)) continue;
    const copy = path.join(path.dirname(outfile), path.basename(folder));
    await rm(copy, { recursive: true, force: true });
    await cp(path.resolve(REPO_ROOT, folder), copy, { recursive: true });
  }
}

/**
 * Our own packages (`@cancelq/*`) are inlined; every other bare import stays external. External
 * imports are side-effect free, so a bundle imports only the packages whose exports it uses: the
 * CLI uses @cancelq/config's env parsing but not its logger, and so needs no pino. The price: an
 * import for its side effects alone (`import 'x'`) would vanish without a word, so the build
 * refuses one (`sideEffectImports`).
 */
const externalThirdParty: Plugin = {
  name: 'external-third-party',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@cancelq/')
        ? undefined
        : { path: args.path, external: true, sideEffects: false },
    );
  },
};

/** `@bull-board/api/bullMQAdapter` → `@bull-board/api`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** The packages an output imports at run time (node builtins aside), sorted. */
export function externalPackages(metafile: Metafile): string[] {
  const names = new Set<string>();
  for (const output of Object.values(metafile.outputs))
    for (const { path: specifier, external } of output.imports)
      if (external && !isBuiltin(specifier)) names.add(packageName(specifier));
  for (const name of [...names]) for (const extra of LOADED_BY_NAME[name] ?? []) names.add(extra);
  return [...names].sort();
}

/** `file: import 'x'` for each side-effect-only import of a third-party package in our sources. */
export async function sideEffectImports(metafile: Metafile): Promise<string[]> {
  const found: string[] = [];
  for (const [file, input] of Object.entries(metafile.inputs)) {
    const external = input.imports.filter((i) => i.external && !isBuiltin(i.path));
    if (external.length === 0) continue;
    const source = await readFile(path.resolve(REPO_ROOT, file), 'utf8');
    const bindingless = new Set(
      source.split('\n').map((line) => /^import\s*['"]([^'"]+)['"]/.exec(line)?.[1]),
    );
    for (const { path: specifier } of external)
      if (bindingless.has(specifier)) found.push(`${file}: import '${specifier}'`);
  }
  return [...new Set(found)];
}

async function declaredDependencies(manifestDir: string): Promise<Set<string>> {
  const manifest = JSON.parse(
    await readFile(path.resolve(REPO_ROOT, manifestDir, 'package.json'), 'utf8'),
  ) as { dependencies?: Record<string, string> };
  return new Set(Object.keys(manifest.dependencies ?? {}));
}

/**
 * Bundles one target into `outfile` and checks what it imports at run time. Paths may be
 * repo-relative or absolute.
 */
export async function buildTarget(target: BuildTarget, outfile: string): Promise<void> {
  const { metafile, warnings } = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [target.entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // package.json "engines": node >= 20.18.1 (undici 7).
    target: 'node20',
    plugins: [externalThirdParty],
    // Bundling renames clashing top-level names (two modules' `log` → `log2`); error and class
    // names appear in logs and error bodies, so they keep the names they were given.
    keepNames: true,
    // Stack traces point at src/*.ts under `node --enable-source-maps`; the maps carry
    // positions only, so the image holds no source.
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
  });
  if (warnings.length > 0)
    throw new Error(`${target.outfile}: esbuild warned (above); the build allows no warning`);
  const dropped = await sideEffectImports(metafile);
  if (dropped.length > 0)
    throw new Error(
      `${dropped.join(', ')}: a side-effect-only import of a third-party package would be ` +
        'dropped from the bundle; import a binding from it and use it instead.',
    );
  const declared = await declaredDependencies(target.manifestDir);
  const missing = externalPackages(metafile).filter((name) => !declared.has(name));
  if (missing.length > 0)
    throw new Error(
      `${target.outfile} imports ${missing.join(', ')} at run time, but ` +
        `${path.join(target.manifestDir, 'package.json')} does not list ` +
        `${missing.length === 1 ? 'it' : 'them'} in "dependencies": only an app's own ` +
        `dependencies are in its node_modules. Add ${missing.map((m) => `"${m}": "catalog:"`).join(', ')}.`,
    );
  await copyReadAtRunTime(metafile, outfile);
}

/** Builds every target under `outRoot` (the repo itself by default) and returns the files. */
export async function buildAll(outRoot = REPO_ROOT): Promise<string[]> {
  return Promise.all(
    BUILD_TARGETS.map(async (target) => {
      const outfile = path.resolve(outRoot, target.outfile);
      await buildTarget(target, outfile);
      return outfile;
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `--out DIR` builds into another tree (the build test), with the same relative layout.
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  buildAll(values.out === undefined ? REPO_ROOT : path.resolve(values.out)).then(
    (files) => {
      for (const file of files)
        process.stdout.write(`built ${path.relative(process.cwd(), file)}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`build: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}

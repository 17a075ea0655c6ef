import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '@cancelq/config';
import { readEnv as readSimulatorEnv } from '../apps/provider-sim/src/env.ts';
import { BUILD_TARGETS, REPO_ROOT } from './build.ts';
import { PROBES, probeUrl } from './healthcheck.ts';
import {
  baseImage,
  execForm,
  instructions,
  lineage,
  parseCopy,
  parseDockerfile,
  parseHealthcheck,
  stageNamed,
  type Stage,
} from './parse-dockerfile.ts';

/**
 * What the image must be, read from the Dockerfile and docker-compose.yml (no Docker engine
 * runs here; scripts/build.test.ts runs the image's install, build and commands without one).
 */
const stages = parseDockerfile(readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8'));
const final = stages.at(-1)!;
const built = new Set(BUILD_TARGETS.map((t) => t.outfile));

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  healthcheck?: { test?: string[] };
}
const compose = parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, ComposeService> };
/** The services that run our image (Redis runs its own). */
const ours = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);

/** The files the final stage copies out of the build stage, as `dist/x.js` paths under /app. */
function copiedFromBuild(): string[] {
  return instructions(final, 'COPY')
    .map(parseCopy)
    .filter((copy) => copy.from === 'build')
    .flatMap((copy) => copy.sources.map((source) => path.posix.relative('/app', source)));
}

/** Whether the final stage holds `file` (repo-relative), copied from the build output. */
function shipped(file: string): boolean {
  return copiedFromBuild().some((dir) => file === dir || file.startsWith(`${dir}/`));
}

/** A stage's dependency installs into the project (a global tool install goes to /usr/local). */
function installs(stage: Stage): string[] {
  return instructions(stage, 'RUN').filter(
    (run) => /\b(pnpm|npm|yarn)\s+(install|ci|i|add)\b/.test(run) && !/\s(-g|--global)\b/.test(run),
  );
}

describe('the Dockerfile', () => {
  it('builds the final stage on a supported Node LTS (an even major, 22 or later)', () => {
    const image = baseImage(stages, final);
    const major = Number(/^node:(\d+)/.exec(image)?.[1]);
    expect(major, image).toBeGreaterThanOrEqual(22);
    expect(major % 2, `${image}: odd majors never become LTS`).toBe(0);
  });

  it('runs as a user other than root, with NODE_ENV=production', () => {
    const user = instructions(final, 'USER').at(-1);
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user?.split(':')[0]);
    expect(instructions(final, 'ENV')).toContain('NODE_ENV=production');
  });

  it('starts the compiled API with plain node: no tsx, no TypeScript', () => {
    const command = execForm(instructions(final, 'CMD').at(-1) ?? '');
    expect(command).toEqual(['node', 'apps/api/dist/main.js']);
    expect(built.has(command[1]!)).toBe(true);
    expect(shipped(command[1]!)).toBe(true);
  });

  it('has a HEALTHCHECK that runs the built check script within its timeout', () => {
    const checks = instructions(final, 'HEALTHCHECK');
    expect(checks).toHaveLength(1);
    const { options, command } = parseHealthcheck(checks[0]!);
    expect(command).toEqual(['node', 'dist/healthcheck.js']);
    expect(built.has(command[1]!) && shipped(command[1]!)).toBe(true);
    // healthcheck.ts gives each probe 2 s; Docker must not kill the script before it reports.
    expect(Number.parseInt(options.timeout ?? '30', 10)).toBeGreaterThan(2);
  });

  it('ships build output and production dependencies only: no source, test or dev install', () => {
    expect(installs(final), 'the final stage installs nothing itself').toEqual([]);
    for (const copy of instructions(final, 'COPY').map(parseCopy)) {
      expect(
        copy.from,
        `COPY ${copy.sources.join(' ')}: nothing from the build context`,
      ).toBeDefined();
      if (copy.from === 'build') {
        for (const source of copy.sources) expect(source).toMatch(/^\/app\/(apps\/[^/]+\/)?dist$/);
        continue;
      }
      // Any other stage it copies from installed production dependencies only.
      const stageInstalls = lineage(stages, stageNamed(stages, copy.from!)).flatMap(installs);
      expect(stageInstalls.length).toBeGreaterThan(0);
      for (const run of stageInstalls) expect(run).toMatch(/\s--prod\b/);
    }
  });

  it('installs the production dependencies of every app that compose runs', () => {
    const run = installs(stageNamed(stages, 'prod-deps')).join(' ');
    for (const [name, service] of ours) {
      const app = /^apps\/([^/]+)\//.exec(service.command?.[1] ?? '')?.[1];
      expect(run, name).toContain(`--filter @cancelq/${app}`);
    }
  });

  it("copies every workspace project's manifest before the frozen-lockfile install", () => {
    const copied = instructions(stageNamed(stages, 'manifests'), 'COPY')
      .map(parseCopy)
      .flatMap((copy) => copy.sources);
    const projects = ['apps', 'packages'].flatMap((group) =>
      readdirSync(path.join(REPO_ROOT, group))
        .map((dir) => `${group}/${dir}/package.json`)
        .filter((manifest) => existsSync(path.join(REPO_ROOT, manifest))),
    );
    for (const manifest of ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', ...projects])
      expect(copied).toContain(manifest);
  });
});

describe('docker-compose.yml', () => {
  it.each(ours.map(([name]) => name))(
    '%s runs a file the build produces, with plain node',
    (name) => {
      const service = compose.services[name]!;
      const [program, file, ...rest] = service.command ?? [];
      expect(program).toBe('node');
      expect(rest).toEqual([]);
      expect(built.has(file!), `${file} is not a build output (scripts/build.ts)`).toBe(true);
      expect(shipped(file!), `${file} is not copied into the image`).toBe(true);
      expect(service.healthcheck?.test).toEqual(['CMD', 'node', 'dist/healthcheck.js']);
    },
  );

  it('names the image the Dockerfile builds for every service of ours', () => {
    expect(ours.map(([name]) => name).sort()).toEqual(['api', 'provider-sim', 'worker']);
    for (const [, service] of ours) expect(service.image).toBe('cancelq:local');
  });
});

describe('the health check', () => {
  it('probes each process on the port and address it listens on by default', () => {
    const env = parseEnv({});
    const sim = readSimulatorEnv({});
    const defaults = Object.fromEntries(PROBES.map((p) => [p.portVar, p.defaultPort]));
    expect(defaults).toEqual({
      CANCELQ_API_PORT: env.CANCELQ_API_PORT,
      CANCELQ_WORKER_PORT: env.CANCELQ_WORKER_PORT,
      SIM_PORT: sim.port,
    });
  });

  it('reads ports and addresses as the processes do: empty is the default, a wildcard is loopback', () => {
    const worker = PROBES.find((p) => p.name === 'worker')!;
    expect(probeUrl(worker, {})).toBe('http://127.0.0.1:3001/readyz');
    expect(probeUrl(worker, { CANCELQ_WORKER_PORT: '', CANCELQ_WORKER_HOST: '' })).toBe(
      'http://127.0.0.1:3001/readyz',
    );
    expect(probeUrl(worker, { CANCELQ_WORKER_PORT: '9001', CANCELQ_WORKER_HOST: '0.0.0.0' })).toBe(
      'http://127.0.0.1:9001/readyz',
    );
    expect(probeUrl(worker, { CANCELQ_WORKER_HOST: '::' })).toBe('http://127.0.0.1:3001/readyz');
    expect(probeUrl(worker, { CANCELQ_WORKER_HOST: '::1' })).toBe('http://[::1]:3001/readyz');
    // Port 0 turns the worker's health server off: nothing to ask.
    expect(probeUrl(worker, { CANCELQ_WORKER_PORT: '0' })).toBeNull();
  });
});

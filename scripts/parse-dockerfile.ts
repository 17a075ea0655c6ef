/**
 * Just enough of a Dockerfile parser for the tests that check ours (Docker itself cannot run
 * here): stages, their instructions with continuation lines joined, exec-form arguments.
 */
export interface Instruction {
  /** Upper case: FROM, RUN, COPY, … */
  keyword: string;
  args: string;
}

export interface Stage {
  /** An image (`node:22-bookworm-slim`) or an earlier stage's name. */
  base: string;
  name: string | undefined;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    // Docker drops comment lines, even inside a continued instruction.
    if (line === '' || line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const whole = pending + line;
    pending = '';
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(whole) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args };
    if (instruction.keyword === 'FROM') {
      const [base = '', as, name] = args.split(/\s+/);
      stages.push({ base, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`${instruction.keyword} before the first FROM`);
      stage.instructions.push(instruction);
    }
  }
  return stages;
}

export function stageNamed(stages: Stage[], name: string): Stage {
  const stage = stages.find((s) => s.name === name);
  if (!stage) throw new Error(`no stage named ${name}`);
  return stage;
}

/** The image a stage starts from, following `FROM <earlier stage>`. */
export function baseImage(stages: Stage[], stage: Stage): string {
  const parent = stages.find((s) => s.name === stage.base);
  return parent ? baseImage(stages, parent) : stage.base;
}

/** The stage itself and those it is built `FROM`, nearest first. */
export function lineage(stages: Stage[], stage: Stage): Stage[] {
  const parent = stages.find((s) => s.name === stage.base);
  return parent ? [stage, ...lineage(stages, parent)] : [stage];
}

export function instructions(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
}

/** `["node", "x.js"]` → its words; a shell-form command is refused (it would run under sh). */
export function execForm(args: string): string[] {
  if (!args.startsWith('[')) throw new Error(`not in exec form: ${args}`);
  return JSON.parse(args) as string[];
}

export interface CopyInstruction {
  from: string | undefined;
  sources: string[];
  destination: string;
}

export function parseCopy(args: string): CopyInstruction {
  const words = args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  return { from, sources: paths.slice(0, -1), destination: paths.at(-1) ?? '' };
}

/** HEALTHCHECK's `[--option=value ...] CMD [...]` → its options and its command. */
export function parseHealthcheck(args: string): {
  options: Record<string, string>;
  command: string[];
} {
  const at = args.indexOf('CMD ');
  if (at < 0) throw new Error(`HEALTHCHECK without CMD: ${args}`);
  const options = Object.fromEntries(
    args
      .slice(0, at)
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((option) => option.replace(/^--/, '').split('=') as [string, string]),
  );
  return { options, command: execForm(args.slice(at + 'CMD '.length).trim()) };
}

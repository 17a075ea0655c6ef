#!/usr/bin/env node
// The installed `cancelq` bin. The workspace runs TypeScript from source, so the entry point is
// loaded through tsx, which this package depends on: never a stale dist/. `pnpm build` writes
// dist/main.js for running the CLI with plain `node` where the sources are not shipped.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');

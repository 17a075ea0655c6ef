#!/usr/bin/env node
// The installed `cancelq` bin. The workspace runs TypeScript from source (no build step), so the
// entry point is loaded through tsx, which this package depends on.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');

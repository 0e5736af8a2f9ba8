#!/usr/bin/env -S node --max-old-space-size=1536
// The heap ceiling of every Rosterbridge process (src/hub/heap-ceiling.ts says why).
// Runs the TypeScript CLI through tsx so the installed command needs no build step.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');

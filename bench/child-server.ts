/**
 * The benchmark's servers run in child processes, so the load client in the parent does not share
 * their event loop or their core. A child reports `{ type: 'ready', ... }` over IPC once it listens,
 * stops on `{ type: 'stop' }`, and exits by itself if the parent goes away.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { HEAP_CEILING_FLAG } from '../src/hub/index.ts';

export interface ChildServer<Ready> {
  readonly ready: Ready;
  stop(): Promise<void>;
}

export interface ChildOptions {
  /** Extra node flags, e.g. --cpu-prof. */
  readonly execArgv?: readonly string[];
  /** Sent to the child first, over IPC (never argv: it may carry a token). */
  readonly init?: object;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export async function startChild<Ready>(script: string, args: readonly string[], options: ChildOptions = {}): Promise<ChildServer<Ready>> {
  const child = fork(script, [...args], { execArgv: ['--import', 'tsx', HEAP_CEILING_FLAG, ...(options.execArgv ?? [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  if (options.init !== undefined) child.send(options.init);
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Ready));
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`${script} exited before it was ready (${signal ?? code})`)));
  });
  return {
    ready,
    async stop() {
      if (child.connected) child.send({ type: 'stop' });
      await exited(child);
    },
  };
}

/**
 * A one-shot child (a sync run, the bare loop): sends `init` over IPC, resolves with the first
 * message the child sends back (its result), once the child has exited — so its peak memory
 * (process.resourceUsage().maxRSS, measured by the child itself) is its own, not the parent's.
 */
export async function runChild<Result>(script: string, init: object, options: Omit<ChildOptions, 'init'> = {}): Promise<Result> {
  const child = fork(script, [], { execArgv: ['--import', 'tsx', HEAP_CEILING_FLAG, ...(options.execArgv ?? [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let result: Result | undefined;
  child.once('message', (message) => {
    result = message as Result;
  });
  child.send(init);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  if (result === undefined) throw new Error(`${script} exited (${code}) without a result`);
  return result;
}

/** In the child: the parent's first message (see ChildOptions.init). */
export function initMessage(): Promise<unknown> {
  return new Promise((resolve) => process.once('message', resolve));
}

/** In the child: announce readiness and stop when told to (or when the parent disconnects). */
export function serveUntilStopped(ready: object, close: () => Promise<void>): void {
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await close();
    process.disconnect?.();
    // Leaves normally so that --cpu-prof writes its profile.
    process.exitCode = 0;
  };
  process.on('message', (message) => {
    if (typeof message === 'object' && message !== null && 'type' in message && message.type === 'stop') void stop();
  });
  process.once('disconnect', () => void stop());
  process.send?.(ready);
}

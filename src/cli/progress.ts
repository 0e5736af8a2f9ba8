import cliProgress from 'cli-progress';
import type { Output } from './output.ts';

export interface Progress {
  update(file: string, rows: number, total?: number): void;
  stop(): void;
}

/** A progress bar on stderr for people at a terminal; silent for --json and for pipes. */
export function createProgress(output: Output, label: string): Progress {
  if (output.json || process.stderr.isTTY !== true) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: `${label} {file} |{bar}| {value} rows`, hideCursor: true, clearOnComplete: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(file, rows, total) {
      if (!started) {
        bar.start(total ?? Math.max(rows, 1), rows, { file });
        started = true;
      }
      if (total !== undefined) bar.setTotal(total);
      else if (rows > bar.getTotal()) bar.setTotal(rows * 2);
      bar.update(rows, { file });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** How a command speaks: plain lines for people, one JSON document with --json for machines. */
export interface Output {
  readonly json: boolean;
  /** A progress or status line for people (stderr, so stdout stays clean for --json). */
  info(line: string): void;
  /** The command's result: `human()` for people, `data` as JSON for machines. */
  result(data: unknown, human: () => string): void;
}

export function createOutput(json: boolean, stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): Output {
  return {
    json,
    info: (line) => {
      if (!json) stderr.write(`${line}\n`);
    },
    result: (data, human) => {
      stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
    },
  };
}

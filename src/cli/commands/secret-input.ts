import { readFileSync } from 'node:fs';
import { HubError } from '../../kernel/index.ts';

/**
 * A secret never comes from a plain flag (it would land in shell history and `ps`): either the
 * first line of stdin, or the name of an environment variable that holds it (for scripts and CI).
 * `flags` names the two options as the command spells them, for the messages; undefined when
 * neither was given.
 */
export function secretFrom(given: { stdin?: boolean; env?: string }, flags: { stdin: string; env: string }): string | undefined {
  if (given.stdin === true && given.env !== undefined) throw new HubError('invalid_argument', `give the secret one way: ${flags.stdin} or ${flags.env}`);
  if (given.env !== undefined) {
    const value = process.env[given.env];
    if (value === undefined || value === '') throw new HubError('invalid_argument', `the environment variable ${given.env} is not set`);
    return value;
  }
  if (given.stdin === true) return firstLineOfStdin();
  return undefined;
}

export function firstLineOfStdin(): string {
  return (readFileSync(0, 'utf8').split(/\r?\n/)[0] ?? '').trim();
}

/** An OpenSSH private key from a file (whole, not one line). */
export function keyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new HubError('invalid_argument', `the SFTP key file ${path} cannot be read`);
  }
}

import { HubError } from '../../kernel/index.ts';
import { isRootFileName } from './entry-names.ts';

type State = 'open' | 'writing' | 'committing' | 'committed' | 'aborted';

/** The life of a bundle writer: files one at a time, then one commit or abort. Misuse is a coded error. */
export class WriteSequence {
  readonly names: string[] = [];
  readonly #location: string;
  #state: State = 'open';

  constructor(location: string) {
    this.#location = location;
  }

  get state(): State {
    return this.#state;
  }

  beginFile(name: string): void {
    this.#assertOpen(`write ${name}`);
    if (!isRootFileName(name)) throw new HubError('invalid_argument', `Cannot write "${name}" to ${this.#location}: a bundle holds plain file names only`);
    if (this.names.includes(name)) throw new HubError('invalid_argument', `Cannot write ${name} to ${this.#location} twice`);
    this.names.push(name);
    this.#state = 'writing';
  }

  endFile(): void {
    if (this.#state === 'writing') this.#state = 'open';
  }

  beginCommit(): void {
    this.#assertOpen('commit');
    this.#state = 'committing';
  }

  endCommit(): void {
    this.#state = 'committed';
  }

  /** False when there is nothing to abort (already committed or aborted). */
  beginAbort(): boolean {
    if (this.#state === 'committed' || this.#state === 'aborted') return false;
    this.#state = 'aborted';
    return true;
  }

  /** The error for a writeFile cut short by a concurrent abort. */
  abortedDuring(name: string): HubError {
    return new HubError('invalid_argument', `Cannot finish ${name} in ${this.#location}: the bundle was aborted while it was being written`);
  }

  #assertOpen(action: string): void {
    if (this.#state === 'open') return;
    const why =
      this.#state === 'writing' ? 'another file is still being written (call writeFile sequentially)'
      : this.#state === 'aborted' ? 'the bundle was aborted'
      : 'the bundle is already committed';
    throw new HubError('invalid_argument', `Cannot ${action} in ${this.#location}: ${why}`);
  }
}

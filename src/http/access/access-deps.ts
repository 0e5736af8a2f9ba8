import type { HubConfig } from '../../config/index.ts';
import type { SecretBox } from '../../access/index.ts';
import type { Store } from '../../store/index.ts';

/** What the access plugins need from the composition root. */
export interface AccessHttpDeps {
  readonly store: Store;
  readonly config: HubConfig;
  readonly secretBox: SecretBox | undefined;
}

import type { SecretBox } from '../../access/index.ts';
import type { Store } from '../../store/index.ts';

/** What an admin route file needs from the composition root (the admin API hands it its own deps). */
export interface AdminDeps {
  readonly store: Store;
  /** Seals and opens the secrets admin routes take (a connection's credential); undefined without a master key. */
  readonly secretBox: SecretBox | undefined;
}

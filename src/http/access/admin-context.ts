import type { ChangeContext } from '../../access/index.ts';

/** The change context of an admin request: changes are audited as `admin:<username>`. */
export type AdminChangeContext = (username: string) => ChangeContext;

/** The admin behind an authenticated request (the hook guarantees one). */
export function adminOf(request: { adminUser: string | null }): string {
  if (request.adminUser === null) throw new Error('admin route reached without an authenticated admin');
  return request.adminUser;
}

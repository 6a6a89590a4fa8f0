import type { SyncKind, User } from '../../../../../domain/index.ts';
import { dav } from '../../xml/names.ts';
import { el } from '../../xml/write.ts';
import type { DavProperty } from '../DavProperty.ts';

/**
 * RFC 3744 §5.4 `current-user-privilege-set`. Each privilege is listed on its own, never only
 * `all`: Outlook CalDav Synchronizer recognises `write`, `write-content`, `bind` and `unbind` and
 * treats a collection showing just `all` as read-only.
 */
export function privilegesFor(user: User, kind: SyncKind): string[] {
  const read = ['read', 'read-current-user-privilege-set'];
  if (kind !== 'contacts') return [...read, 'write', 'write-content', 'write-properties', 'bind', 'unbind'];
  if (!user.group.mayEditContacts) return read;
  // `write` aggregates unbind (RFC 3744 §3.2), so it is listed only when deleting is allowed too.
  const edit = ['write-content', 'write-properties', 'bind'];
  return user.group.mayDeleteContacts ? [...read, 'write', ...edit, 'unbind'] : [...read, ...edit];
}

export const currentUserPrivilegeSet: DavProperty = {
  name: dav('current-user-privilege-set'),
  inAllprop: false,
  appliesTo: () => true,
  get(r, req) {
    const names =
      r.type === 'collection' || r.type === 'object'
        ? privilegesFor(req.user, r.kind)
        : r.type === 'principal' || r.type === 'home'
          ? ['read', 'read-current-user-privilege-set', 'write-properties']
          : ['read', 'read-current-user-privilege-set'];
    return names.map((n) => el(dav('privilege'), el(dav(n))));
  },
};

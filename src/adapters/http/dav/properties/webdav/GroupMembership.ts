import { dav } from '../../xml/names.ts';
import type { DavProperty } from '../DavProperty.ts';

/** RFC 3744 §4.4 `group-membership`: BrokerStar principals are in no DAV groups (DAVx5 asks). */
export const groupMembership: DavProperty = {
  name: dav('group-membership'),
  inAllprop: false,
  appliesTo: (r) => r.type === 'principal',
  get: () => [],
};

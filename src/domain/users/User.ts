import type { ContactScope } from '../visibility/ContactVisibility.ts';

/** A BrokerStar user group: what its members may sync and do with contacts. */
export interface UserGroup {
  readonly id: number;
  readonly name: string;
  readonly syncContacts: boolean;
  readonly syncCalendar: boolean;
  readonly syncTasks: boolean;
  readonly mayEditContacts: boolean;
  readonly mayDeleteContacts: boolean;
}

/** A BrokerStar user as the sync add-on sees it. */
export interface User {
  readonly id: number;
  readonly login: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly active: boolean;
  readonly mailingModuleEnabled: boolean;
  readonly contactScope: ContactScope;
  readonly group: UserGroup;
  /** Ids of the teams the user is a member of. */
  readonly teamIds: readonly number[];
}

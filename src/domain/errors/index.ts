import { DomainError } from './DomainError.ts';
import type { SyncDenialReason } from '../sync/SyncEntitlement.ts';
import type { ObjectKind } from '../sync/SyncKind.ts';
import type { UserMessage } from '../messages/UserMessages.ts';

export { DomainError };

/** A login name that cannot be a BrokerStar login (empty, too long, forbidden characters). */
export class InvalidLoginName extends DomainError {
  readonly code = 'invalid-login-name';
}

/** The requested object does not exist *for this user* (hidden objects are reported the same way). */
export class NotFound extends DomainError {
  readonly code = 'not-found';
}

/** The account may not sync at all, or not this kind of data; `reason` says why. */
export class SyncNotAllowed extends DomainError {
  readonly code = 'sync-not-allowed';
  constructor(readonly reason: SyncDenialReason, message: string, userMessage?: UserMessage) {
    super(message, userMessage);
  }
}

/** The user may see the object but a write rule forbids the change (edit or delete right missing). */
export class WriteForbidden extends DomainError {
  readonly code = 'write-forbidden';
}

/** A conditional write found another version than the one the client based it on. */
export class VersionConflict extends DomainError {
  readonly code = 'version-conflict';
}

/** Another object in the same collection already carries this UID. */
export class UidConflict extends DomainError {
  readonly code = 'uid-conflict';
  constructor(readonly kind: ObjectKind, readonly existingName: string, message: string) {
    super(message);
  }
}

/** The object data could not be understood (syntax, missing UID, several UIDs, …). */
export class InvalidObjectData extends DomainError {
  readonly code = 'invalid-object-data';
  constructor(readonly kind: ObjectKind, message: string) {
    super(message);
  }
}

/** The object is of a component type the target collection does not hold (VTODO into the calendar). */
export class UnsupportedComponent extends DomainError {
  readonly code = 'unsupported-component';
  constructor(readonly kind: ObjectKind, message: string) {
    super(message);
  }
}

/** A sync token that this server did not issue for this collection, or that is no longer valid. */
export class InvalidSyncToken extends DomainError {
  readonly code = 'invalid-sync-token';
}

/**
 * A recurring object yields more instances than the server handles (CALDAV:max-instances,
 * RFC 4791 §5.2.8): a PUT with a larger COUNT, or an `expand` of one object beyond the limit.
 */
export class TooManyInstances extends DomainError {
  readonly code = 'too-many-instances';
  constructor(readonly kind: ObjectKind, readonly limit: number, message: string) {
    super(message);
  }
}

/** A user who still owns CRM records cannot be deleted (the records would lose their owner). */
export class UserOwnsData extends DomainError {
  readonly code = 'user-owns-data';
  constructor(readonly login: string, readonly owned: { readonly contacts: number; readonly appointments: number; readonly tasks: number }) {
    super(`${login} still owns ${owned.contacts} contacts, ${owned.appointments} appointments and ${owned.tasks} tasks; ` +
      'reassign them in BrokerStar or deactivate the user instead.');
  }
}

/** Every concrete domain error. A new error class must be added here (its `code` is refused otherwise). */
export type AnyDomainError =
  | InvalidLoginName
  | NotFound
  | SyncNotAllowed
  | WriteForbidden
  | VersionConflict
  | UidConflict
  | InvalidObjectData
  | UnsupportedComponent
  | InvalidSyncToken
  | UserOwnsData
  | TooManyInstances;

/** The stable codes of the domain errors; adapters map each of them (exhaustively, checked by the compiler). */
export type DomainErrorCode = AnyDomainError['code'];

/** The domain error carrying `code`. */
export type DomainErrorWithCode<C extends DomainErrorCode> = Extract<AnyDomainError, { readonly code: C }>;

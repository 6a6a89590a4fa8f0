import { InvalidObjectData, UidConflict } from '../../domain/index.ts';
import type { StoredObject } from '../../ports/index.ts';

/** Longest resource name or UID an ObjectStore keeps (the `dav_objects` column width). */
export const MAX_KEY_LENGTH = 255;

/** The error every ObjectStore adapter raises when another live object holds the UID or name. */
export function uidConflict(object: StoredObject, existingName: string): UidConflict {
  return new UidConflict(object.kind, existingName,
    `Another ${object.kind} ("${existingName}") already has the UID "${object.uid}" or the resource name "${object.name}".`);
}

/** Refuses names and UIDs that no adapter can store, with a domain error instead of a driver one. */
export function checkKeys(object: StoredObject): void {
  for (const [what, value] of [['UID', object.uid], ['resource name', object.name]] as const) {
    if (value.length === 0 || value.length > MAX_KEY_LENGTH) {
      throw new InvalidObjectData(object.kind, `The ${what} must have 1 to ${MAX_KEY_LENGTH} characters.`);
    }
  }
}

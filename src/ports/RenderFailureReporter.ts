import type { ObjectKind } from '../domain/index.ts';

/** A CRM object whose representation could not be rendered; it was served from its last good one. */
export interface RenderFailure {
  readonly kind: ObjectKind;
  readonly objectId: number;
  readonly error: unknown;
}

/**
 * Where render failures go (the host's log). One object that cannot be rendered never fails a
 * listing, report or sync of its collection; this port makes sure the failure is still seen.
 */
export interface RenderFailureReporter {
  renderFailed(failure: RenderFailure): void;
  /**
   * A device's write has committed, but completing its stored text with what BrokerStar owns (the
   * customer block, the record URL) failed: the write stands and was answered as done, the text
   * stays as the device sent it until the object's next change.
   */
  completionFailed(failure: RenderFailure): void;
  /**
   * Storing re-rendered objects after the answer had gone out failed (the database was away):
   * nothing is lost, they are rendered again at their next request.
   */
  savingFailed(failure: { readonly objects: number; readonly error: unknown }): void;
}

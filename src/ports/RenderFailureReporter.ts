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
}

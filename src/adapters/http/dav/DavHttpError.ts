import type { XmlNode } from './xml/write.ts';

/**
 * A protocol-level failure detected by the HTTP adapter itself (bad Depth, bad XML, unknown report),
 * as opposed to domain errors, which carry no HTTP. Mapped by the one error middleware.
 */
export class DavHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** RFC precondition/postcondition element for the `<d:error>` body. */
    readonly condition?: XmlNode,
  ) {
    super(message);
  }
}

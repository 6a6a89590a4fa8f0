import type { DavRequest } from '../DavRequest.ts';
import type { ParsedPath } from '../paths.ts';

/**
 * One HTTP method of the DAV tree (Radicale's one-file-per-method). `Allow` and the router are
 * derived from the registry of these.
 */
export interface DavMethod {
  readonly name: string;
  /** Whether the method makes sense on this path (for `Allow` and 405 answers). */
  allowedOn(path: ParsedPath): boolean;
  handle(req: DavRequest, path: ParsedPath, serverRoot: boolean): Promise<void>;
}

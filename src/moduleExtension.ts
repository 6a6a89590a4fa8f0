import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `.ts` when running from the sources (tsx, mocha), `.js` from the compiled `dist/` (npm start, the
 * `brokerstar-dav` bin). Knex must load migrations with the extension of the running code: the
 * compiled migrations directory holds `.js` files only.
 */
export const MODULE_EXTENSION = extname(fileURLToPath(import.meta.url));

/**
 * Public API of the `brokerstar-dav` package (what a host imports):
 *
 *   import { brokerStarDav } from 'brokerstar-dav';
 *   app.use(brokerStarDav({ knex, basePath: '/dav' }));
 */
export { brokerStarDav, type BrokerStarDavOptions, type BrokerStarDavMiddleware } from './brokerStarDav.ts';

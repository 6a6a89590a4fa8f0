import { KnexCollectionSignIn } from '../../../src/adapters/knex/KnexCollectionSignIn.ts';
import { KnexSyncIndex } from '../../../src/adapters/knex/KnexSyncIndex.ts';
import { KnexUserDirectory } from '../../../src/adapters/knex/KnexUserDirectory.ts';
import { collectionSignInContract } from '../../contracts/collectionSignIn.contract.ts';
import { sqlCrm } from '../../contracts/syncIndex.contract.ts';
import { forEachDatabase } from '../../support/databases.ts';

forEachDatabase('KnexCollectionSignIn contract', (db, _name, schema) => {
  collectionSignInContract(() => {
    const users = new KnexUserDirectory(db(), undefined, schema);
    return {
      signIn: new KnexCollectionSignIn(db(), users, schema),
      users,
      index: new KnexSyncIndex(db(), schema),
      crm: sqlCrm(db(), schema),
      async setLogin(userId, login) {
        await db()(schema.t('users')).where(schema.c('users', 'id'), userId).update(schema.row('users', { login }));
      },
    };
  });
}, { schemaVariants: true });

import { expect } from 'chai';
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

  it('a collection behind the journal comes back as `behind` with its owner (the refresh starts from it), one never created with no state', async () => {
    const users = new KnexUserDirectory(db(), undefined, schema);
    const signIn = new KnexCollectionSignIn(db(), users, schema);
    const index = new KnexSyncIndex(db(), schema);
    const crm = sqlCrm(db(), schema);
    const me = await crm.user();
    const login = (await users.findById(me))!.login;
    const never = await signIn.read(login, 'contacts');
    const owner = { userId: me, scope: 'OWN', teamIds: [] };
    expect(never.behind).to.deep.equal({ key: { userId: me, kind: 'contacts' }, seq: await index.currentSeq(), prunedSeq: 0, state: null, owner });
    const built = await index.refresh({ userId: me, kind: 'contacts' });
    await crm.contact(me);
    const read = await signIn.read(login, 'contacts');
    expect(read.current).to.equal(null);
    expect(read.behind).to.deep.equal({ key: { userId: me, kind: 'contacts' }, seq: await index.currentSeq(), prunedSeq: 0, state: built, owner });
    expect((await signIn.read(login, 'calendar')).behind?.state).to.equal(null);
  });
}, { schemaVariants: true });

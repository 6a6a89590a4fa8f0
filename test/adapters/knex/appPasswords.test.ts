import { expect } from 'chai';
import { KnexAppPasswords, KnexServerSecrets } from '../../../src/adapters/knex/KnexAppPasswords.ts';
import { appPasswordsContract } from '../../contracts/appPasswords.contract.ts';
import { forEachDatabase } from '../../support/databases.ts';

forEachDatabase('KnexAppPasswords', (db) => {
  appPasswordsContract(async () => ({ store: new KnexAppPasswords(db()), secrets: new KnexServerSecrets(db()) }));

  it('two instances on one database agree on the CSRF key (created by the migration)', async () => {
    expect(await new KnexServerSecrets(db()).get('setup-csrf')).to.equal(await new KnexServerSecrets(db()).get('setup-csrf'));
  });
});

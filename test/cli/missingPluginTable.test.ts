import { expect } from 'chai';
import { missingPluginTable } from '../../src/cli/missingPluginTable.ts';

describe('cli: a missing plugin table is recognised (the database is BrokerStar\'s, install has not run)', () => {
  it('MariaDB/MySQL ER_NO_SUCH_TABLE names the plugin table, with or without the database', () => {
    expect(missingPluginTable(new Error("select `v`.* from `dav_object_versions` - Table 'crm.dav_object_versions' doesn't exist"))).to.equal('dav_object_versions');
    expect(missingPluginTable(new Error("Table 'brokerstar_dav_migrations' doesn't exist"))).to.equal('brokerstar_dav_migrations');
    // knex puts the statement first, its values quoted: the table is the last quoted name.
    expect(missingPluginTable(new Error("select * from `dav_devices` where `user_agent` = 'DAVx5/4.4' - Table 'crm.dav_devices' doesn't exist"))).to.equal('dav_devices');
  });

  it('a MariaDB answering in German (lc_messages) is recognised by the error code', () => {
    const german = Object.assign(new Error("select * from `dav_app_passwords` - Tabelle 'crm.dav_app_passwords' existiert nicht"), { code: 'ER_NO_SUCH_TABLE' });
    expect(missingPluginTable(german)).to.equal('dav_app_passwords');
    expect(missingPluginTable(Object.assign(new Error("Tabelle 'crm.contacts' existiert nicht"), { code: 'ER_NO_SUCH_TABLE' }))).to.equal(undefined);
  });

  it('SQLite "no such table" names it too', () => {
    expect(missingPluginTable(new Error('select * from dav_app_passwords - SQLITE_ERROR: no such table: dav_app_passwords'))).to.equal('dav_app_passwords');
  });

  it('a missing CRM table or any other error is not taken for a missing install', () => {
    expect(missingPluginTable(new Error("Table 'crm.contacts' doesn't exist"))).to.equal(undefined);
    expect(missingPluginTable(new Error('no such table: users'))).to.equal(undefined);
    expect(missingPluginTable(new Error('connect ECONNREFUSED 127.0.0.1:3306'))).to.equal(undefined);
    expect(missingPluginTable('not an error')).to.equal(undefined);
  });
});

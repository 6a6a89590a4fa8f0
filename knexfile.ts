export default { client: 'better-sqlite3', connection: { filename: './data/x.sqlite' }, useNullAsDefault: true, migrations: { directory: './src/adapters/knex/migrations', extension: 'ts' } };

// The host's own knex set-up: its own migrations in ./migrations, in knex's default `knex_migrations`
// table. BrokerStar DAV keeps its migrations apart and never touches this table.
export default {
  client: 'mysql2',
  // BrokerStar's DATETIME/DATE columns hold UTC (README, "Embed in your Koa server").
  connection: { uri: process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/brokerstar', timezone: 'Z', dateStrings: true },
  migrations: { directory: './migrations' },
};

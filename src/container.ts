import 'reflect-metadata';
import { Container, type ContainerModule } from 'inversify';
import type { Knex } from 'knex';
import { knexModule } from './adapters/knex/knexModule.ts';
import { memoryModule } from './adapters/memory/memoryModule.ts';
import { systemModule } from './adapters/system/systemModule.ts';
import type { CrmSchema } from './adapters/knex/schema/crmSchema.ts';

/**
 * Composition root. Which storage backs the ports is configuration only: a knex instance (SQLite
 * or MySQL, decided by its config) or process memory. One `ContainerModule` per adapter family;
 * callers add their own (HTTP, application services) through `extraModules`.
 */
export type StorageChoice = { readonly knex: Knex; readonly schema?: CrmSchema } | { readonly memory: true };

export async function buildContainer(opts: StorageChoice, extraModules: readonly ContainerModule[] = []): Promise<Container> {
  const container = new Container();
  const storage = 'knex' in opts ? knexModule(opts.knex, opts.schema) : memoryModule();
  // Inversify 7 loads modules asynchronously (a module's load function may be async).
  await container.load(systemModule(), storage, ...extraModules);
  return container;
}

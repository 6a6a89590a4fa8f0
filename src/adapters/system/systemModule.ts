import { ContainerModule } from 'inversify';
import { TOKENS } from '../../ports/index.ts';
import { SystemClock } from './SystemClock.ts';

/** Bindings for the process's own services (clock); storage-independent. */
export function systemModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.Clock).toConstantValue(new SystemClock());
  });
}

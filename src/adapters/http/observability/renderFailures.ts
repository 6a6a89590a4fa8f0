import type { RenderFailureReporter } from '../../../ports/index.ts';
import type { DavLogger } from './logger.ts';

/** Render failures as warnings in the plugin's log (the host's logger when it passed one). */
export function loggingRenderFailureReporter(logger: DavLogger): RenderFailureReporter {
  return {
    renderFailed: ({ kind, objectId, error }) => {
      const err = error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
      logger.warn({ renderFailure: { kind, objectId }, err }, 'render failed; served the last good representation');
    },
  };
}

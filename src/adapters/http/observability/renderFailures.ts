import type { RenderFailureReporter } from '../../../ports/index.ts';
import type { DavLogger } from './logger.ts';

/** Render failures as warnings in the plugin's log (the host's logger when it passed one). */
export function loggingRenderFailureReporter(logger: DavLogger): RenderFailureReporter {
  const loggable = (error: unknown) => (error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) });
  return {
    renderFailed: ({ kind, objectId, error }) => {
      logger.warn({ renderFailure: { kind, objectId }, err: loggable(error) }, 'render failed; served the last good representation');
    },
    completionFailed: ({ kind, objectId, error }) => {
      logger.warn({ completionFailure: { kind, objectId }, err: loggable(error) }, 'a device write was stored; completing its text with BrokerStar\'s fields failed');
    },
  };
}

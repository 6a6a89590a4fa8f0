import type { RenderFailureReporter } from '../../../ports/index.ts';
import type { DavLogger } from './logger.ts';
import { loggable } from './observe.ts';

/** Render failures as warnings in the plugin's log (the host's logger when it passed one). */
export function loggingRenderFailureReporter(logger: DavLogger): RenderFailureReporter {
  const logged = (error: unknown) => (error instanceof Error ? loggable(error) : { message: String(error) });
  return {
    renderFailed: ({ kind, objectId, error }) => {
      logger.warn({ renderFailure: { kind, objectId }, err: logged(error) }, 'render failed; served the last good representation');
    },
    completionFailed: ({ kind, objectId, error }) => {
      logger.warn({ completionFailure: { kind, objectId }, err: logged(error) }, 'a device write was stored; completing its text with BrokerStar\'s fields failed');
    },
    savingFailed: ({ objects, error }) => {
      logger.warn({ savingFailure: { objects }, err: logged(error) }, 'storing re-rendered objects after the answer failed; they are rendered again next time');
    },
  };
}

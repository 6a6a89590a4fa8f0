import type { Context } from 'koa';
import { messageText, preferredLanguage, type Language, type UserMessage } from '../../domain/index.ts';

/**
 * The language the request's Accept-Language asks for (German otherwise), for an answer worded
 * in it: that answer then depends on the header, so caches are told (`Vary`), whatever its status.
 */
export function requestLanguage(ctx: Context): Language {
  ctx.vary('Accept-Language');
  return preferredLanguage(ctx.get('Accept-Language'));
}

/**
 * A plain-text answer that a device shows its user (401, 403, 429, 503): the catalogue's text in
 * `language`, by default {@link requestLanguage}.
 */
export function sendUserMessage(ctx: Context, message: UserMessage, language: Language = requestLanguage(ctx)): void {
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = `${messageText(message, language)}\n`;
}

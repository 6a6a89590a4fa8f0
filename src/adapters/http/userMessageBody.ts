import type { Context } from 'koa';
import { messageText, preferredLanguage, type Language, type UserMessage } from '../../domain/index.ts';

/**
 * A plain-text answer that a device shows its user (401, 403, 429, 503): the catalogue's text in
 * `language`, by default the one the request's Accept-Language asks for (German otherwise). The text
 * depends on that header, so caches are told (`Vary`), whichever status the answer has.
 */
export function sendUserMessage(ctx: Context, message: UserMessage, language: Language = preferredLanguage(ctx.get('Accept-Language'))): void {
  ctx.vary('Accept-Language');
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = `${messageText(message, language)}\n`;
}

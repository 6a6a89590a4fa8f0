export { VCardCodec } from './VCardCodec.ts';
export { isGroupCard } from './readCard.ts';

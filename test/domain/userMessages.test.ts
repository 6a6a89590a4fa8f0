import { expect } from 'chai';
import { LANGUAGES, messageText, preferredLanguage, type UserMessage } from '../../src/domain/index.ts';

describe('user messages (German and English, chosen by Accept-Language)', () => {
  const headers: Array<[string | undefined, string]> = [
    [undefined, 'de'],
    ['', 'de'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['de-CH', 'de'],
    ['de-CH,de;q=0.9,en;q=0.8', 'de'],
    ['en;q=0.5,de;q=0.9', 'de'],
    ['fr-CH,fr;q=0.9,en;q=0.8', 'en'],
    ['fr-CH, it', 'de'],
    ['en;q=0', 'de'],
    ['*', 'de'],
    ['en;q=abc', 'de'],
  ];
  for (const [header, language] of headers) {
    it(`Accept-Language ${JSON.stringify(header)} → ${language}`, () => expect(preferredLanguage(header)).to.equal(language));
  }

  const messages: UserMessage[] = [
    { key: 'account-inactive', login: 'max.muster' },
    { key: 'mailing-module-disabled', login: 'peter.ohne' },
    { key: 'group-flag-off', group: 'Assistenz', kind: 'calendar' },
    { key: 'contact-edit-forbidden', group: 'Assistenz' },
    { key: 'contact-delete-forbidden', group: 'Assistenz' },
    { key: 'sign-in' },
  ];
  for (const message of messages) {
    it(`"${message.key}" exists in every language, with its details, and differs between them`, () => {
      const texts = LANGUAGES.map((l) => messageText(message, l));
      for (const text of texts) {
        expect(text).to.be.a('string').and.have.length.greaterThan(10);
        if ('login' in message) expect(text).to.contain(message.login);
        if ('group' in message) expect(text).to.contain(message.group);
      }
      expect(new Set(texts).size).to.equal(LANGUAGES.length);
    });
  }

  it('names the group flag as BrokerStar\'s group screen does', () => {
    expect(messageText({ key: 'group-flag-off', group: 'Assistenz', kind: 'calendar' }, 'de')).to.contain('Kalender synchronisieren');
    expect(messageText({ key: 'mailing-module-disabled', login: 'peter.ohne' }, 'de')).to.contain('Mailing-Modul');
  });
});

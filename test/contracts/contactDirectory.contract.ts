import { expect } from 'chai';
import type { Contact, ContactFields } from '../../src/domain/index.ts';
import type { ContactDirectory, UserDirectory } from '../../src/ports/index.ts';
import { createUser, fullContactFields, minimalContactFields, unique } from '../support/mothers.ts';

export interface ContactDirectorySubject {
  readonly users: UserDirectory;
  readonly contacts: ContactDirectory;
  /** Whether writes bump `version` (memory: always; database: once the journal triggers exist). */
  readonly versionBumps: boolean;
}

const UNKNOWN_ID = 987_654_321;

function fieldsOf(c: Contact): ContactFields {
  const { id: _id, ownerId: _owner, version: _version, createdAt: _created, updatedAt: _updated, ...fields } = c;
  return fields;
}

const ascending = (ids: number[]) => [...ids].sort((a, b) => a - b);

/** The {@link ContactDirectory} contract; call inside a `describe` with a factory for a fresh subject. */
export function contactDirectoryContract(makeSubject: () => Promise<ContactDirectorySubject>): void {
  let s: ContactDirectorySubject;
  beforeEach(async () => {
    s = await makeSubject();
  });

  describe('storage', () => {
    it('round-trips every field, umlauts and sub-record order included', async () => {
      const owner = await createUser(s.users);
      const written = await s.contacts.create(owner.id, fullContactFields());
      const created = (await s.contacts.get(written.id))!;
      expect(fieldsOf(created)).to.deep.equal(fullContactFields());
      expect(created.ownerId).to.equal(owner.id);
      expect(created.version).to.be.at.least(1);
      expect(written, 'create returns the id and the version stored').to.deep.equal({ id: created.id, version: created.version });
      expect(created.createdAt).to.be.instanceOf(Date);
      expect(created.updatedAt.getTime()).to.be.at.least(created.createdAt.getTime());
    });

    it('round-trips null fields and empty sub-records', async () => {
      const owner = await createUser(s.users);
      const created = await s.contacts.create(owner.id, minimalContactFields());
      const loaded = await s.contacts.get(created.id);
      expect(loaded && fieldsOf(loaded)).to.deep.equal(minimalContactFields());
    });

    it('replaces sub-records on update, keeping the new order, and bumps updatedAt', async () => {
      const owner = await createUser(s.users);
      const created = (await s.contacts.get((await s.contacts.create(owner.id, fullContactFields())).id))!;
      const changed = fullContactFields({
        lastName: 'Meier', birthday: null, notes: null,
        addresses: [{ type: 'home', street: 'Rämistrasse 71', postalCode: '8006', city: 'Zürich', region: null, country: 'Schweiz' }],
        phones: [{ type: 'other', number: '+41 58 000 00 00' }, { type: 'mobile', number: '+41 79 999 99 99' }],
        emails: [],
      });
      await new Promise((r) => setTimeout(r, 5));
      const written = await s.contacts.update(created.id, changed);
      const updated = (await s.contacts.get(created.id))!;
      expect(written, 'update returns the id and the version stored').to.deep.equal({ id: created.id, version: updated.version });
      expect(fieldsOf(updated)).to.deep.equal(changed);
      expect(updated.ownerId).to.equal(owner.id);
      expect(updated.createdAt.getTime()).to.equal(created.createdAt.getTime());
      expect(updated.updatedAt.getTime()).to.be.greaterThan(created.updatedAt.getTime());
      if (s.versionBumps) expect(updated.version).to.be.greaterThan(created.version);
      if (s.versionBumps) {
        // The same fields again still write the row, so the object is journalled: a device write that
        // changed only what BrokerStar has no field for relies on it (ObjectWriter journals nothing itself).
        const again = await s.contacts.update(created.id, changed);
        expect(again?.version).to.be.greaterThan(updated.version);
      }
    });

    it('stores each update\'s lists exactly, when only one list, only an order or only a type changed', async () => {
      const owner = await createUser(s.users);
      const { id } = await s.contacts.create(owner.id, fullContactFields());
      const base = fullContactFields();
      const steps: ContactFields[] = [
        fullContactFields({ notes: 'nur die Notiz' }),
        fullContactFields({ phones: [...base.phones].reverse() }),
        fullContactFields({ emails: [{ ...base.emails[0]!, type: 'home' }, base.emails[1]!] }),
        fullContactFields({ addresses: base.addresses.map((a) => ({ ...a, region: a.region ?? 'ZH' })) }),
        fullContactFields({ phones: base.phones.slice(0, 1), emails: [] }),
        fullContactFields(),
      ];
      for (const [i, step] of steps.entries()) {
        await s.contacts.update(id, step);
        expect(fieldsOf((await s.contacts.get(id))!), `step ${i}`).to.deep.equal(step);
      }
    });

    it('deletes a contact with its sub-records', async () => {
      const owner = await createUser(s.users);
      const created = await s.contacts.create(owner.id, fullContactFields());
      expect(await s.contacts.delete(created.id)).to.equal(true);
      expect(await s.contacts.get(created.id)).to.equal(null);
      expect(await s.contacts.delete(created.id)).to.equal(false);
    });

    it('answers null/false for unknown ids', async () => {
      expect(await s.contacts.get(UNKNOWN_ID)).to.equal(null);
      expect(await s.contacts.update(UNKNOWN_ID, minimalContactFields())).to.equal(null);
      expect(await s.contacts.delete(UNKNOWN_ID)).to.equal(false);
      expect(await s.contacts.getMany([])).to.deep.equal([]);
    });

    it('gets 1200 ids at once: the existing ones, each once, with their sub-records', async () => {
      const owner = await createUser(s.users);
      const created: Contact[] = [];
      for (let i = 0; i < 12; i++) {
        const written = await s.contacts.create(owner.id, fullContactFields({ firstName: `Zoë ${i}`, phones: [{ type: 'work', number: `+41 44 000 00 ${i}` }] }));
        created.push((await s.contacts.get(written.id))!);
      }
      // Existing ids spread over the whole list (every chunk boundary), the rest unknown, one duplicate.
      const ids = Array.from({ length: 1200 }, (_, i) => UNKNOWN_ID + i);
      created.forEach((c, i) => { ids[i * 100 + (i % 2 === 0 ? 0 : 99)] = c.id; });
      ids[1] = created[0]!.id;
      const found = await s.contacts.getMany(ids);
      expect(ascending(found.map((c) => c.id))).to.deep.equal(ascending(created.map((c) => c.id)));
      for (const contact of found) expect(contact).to.deep.equal(created.find((c) => c.id === contact.id));
    });
  });

  describe('visibility', () => {
    it('shows OWN users their own contacts and those shared with them, until unshared', async () => {
      const [me, other] = [await createUser(s.users, 'OWN'), await createUser(s.users, 'OWN')];
      const mine = await s.contacts.create(me.id, minimalContactFields());
      const theirs = await s.contacts.create(other.id, minimalContactFields());
      const shared = await s.contacts.create(other.id, fullContactFields());
      expect(await s.contacts.visibleIds(me.id)).to.deep.equal([mine.id]);
      expect(await s.contacts.isVisibleTo(me.id, theirs.id)).to.equal(false);
      await s.contacts.share(shared.id, me.id);
      await s.contacts.share(shared.id, me.id);
      expect(await s.contacts.visibleIds(me.id)).to.deep.equal(ascending([mine.id, shared.id]));
      expect(await s.contacts.isVisibleTo(me.id, shared.id)).to.equal(true);
      expect(await s.contacts.isVisibleTo(me.id, mine.id)).to.equal(true);
      expect(await s.contacts.visibleAmong(me.id, [mine.id, theirs.id, shared.id, mine.id, UNKNOWN_ID])).to.deep.equal(new Set([mine.id, shared.id]));
      expect(await s.contacts.visibleAmong(me.id, [])).to.deep.equal(new Set());
      expect(await s.contacts.visibleIds(other.id)).to.deep.equal(ascending([theirs.id, shared.id]));
      await s.contacts.unshare(shared.id, me.id);
      await s.contacts.unshare(shared.id, me.id);
      expect(await s.contacts.visibleIds(me.id)).to.deep.equal([mine.id]);
      expect(await s.contacts.isVisibleTo(me.id, shared.id)).to.equal(false);
    });

    it('shows TEAM users the contacts of everyone in any of their teams', async () => {
      const [me, mateA, mateB, stranger] = [
        await createUser(s.users, 'TEAM'), await createUser(s.users, 'OWN'), await createUser(s.users, 'OWN'), await createUser(s.users, 'TEAM'),
      ];
      const teamA = unique('team-a');
      const teamB = unique('team-b');
      await s.users.addToTeam(me.id, teamA);
      await s.users.addToTeam(mateA.id, teamA);
      await s.users.addToTeam(me.id, teamB);
      await s.users.addToTeam(mateB.id, teamB);
      await s.users.addToTeam(stranger.id, unique('team-c'));
      const mine = await s.contacts.create(me.id, minimalContactFields());
      const ofA = await s.contacts.create(mateA.id, minimalContactFields());
      const ofB = await s.contacts.create(mateB.id, minimalContactFields());
      const ofStranger = await s.contacts.create(stranger.id, minimalContactFields());
      expect(await s.contacts.visibleIds(me.id)).to.deep.equal(ascending([mine.id, ofA.id, ofB.id]));
      expect(await s.contacts.isVisibleTo(me.id, ofB.id)).to.equal(true);
      expect(await s.contacts.isVisibleTo(me.id, ofStranger.id)).to.equal(false);
      expect(await s.contacts.visibleIds(mateA.id), 'OWN in a team still sees only their own').to.deep.equal([ofA.id]);
      expect(await s.contacts.visibleIds(stranger.id)).to.deep.equal([ofStranger.id]);
      await s.contacts.share(ofStranger.id, mateB.id);
      expect(await s.contacts.visibleIds(me.id), 'shares are personal, not passed on to the team').to.deep.equal(ascending([mine.id, ofA.id, ofB.id]));
      await s.contacts.share(ofStranger.id, me.id);
      expect(await s.contacts.visibleIds(me.id)).to.deep.equal(ascending([mine.id, ofA.id, ofB.id, ofStranger.id]));
    });

    it('shows TEAM users without a team only their own contacts', async () => {
      const [me, other] = [await createUser(s.users, 'TEAM'), await createUser(s.users, 'TEAM')];
      const mine = await s.contacts.create(me.id, minimalContactFields());
      await s.contacts.create(other.id, minimalContactFields());
      expect(await s.contacts.visibleIds(me.id)).to.deep.equal([mine.id]);
    });

    it('shows ALL users every contact, ascending', async () => {
      const [boss, a, b] = [await createUser(s.users, 'ALL'), await createUser(s.users, 'OWN'), await createUser(s.users, 'TEAM')];
      const ofA = await s.contacts.create(a.id, minimalContactFields());
      const ofB = await s.contacts.create(b.id, minimalContactFields());
      await s.contacts.share(ofA.id, boss.id);
      const visible = await s.contacts.visibleIds(boss.id);
      expect(visible).to.include.members([ofA.id, ofB.id]);
      expect(visible).to.deep.equal(ascending([...new Set(visible)]));
      expect(await s.contacts.isVisibleTo(boss.id, ofB.id)).to.equal(true);
      expect(await s.contacts.isVisibleTo(boss.id, UNKNOWN_ID)).to.equal(false);
    });

    it('shows unknown users nothing and deleted contacts to nobody', async () => {
      const [me, other] = [await createUser(s.users, 'OWN'), await createUser(s.users, 'OWN')];
      const shared = await s.contacts.create(other.id, minimalContactFields());
      await s.contacts.share(shared.id, me.id);
      expect(await s.contacts.visibleIds(UNKNOWN_ID)).to.deep.equal([]);
      expect(await s.contacts.isVisibleTo(UNKNOWN_ID, shared.id)).to.equal(false);
      await s.contacts.delete(shared.id);
      expect(await s.contacts.visibleIds(me.id)).to.deep.equal([]);
      expect(await s.contacts.isVisibleTo(other.id, shared.id)).to.equal(false);
    });
  });
}

import { expect } from 'chai';
import { ObjectRenderer } from '../../src/application/ObjectRenderer.ts';
import type { CalendarCodec, ContactCodec, MemberListing, RenderFailure, StoredObject, TransactionalPorts } from '../../src/ports/index.ts';
import { minimalContactFields } from '../support/mothers.ts';

type CrmPorts = ConstructorParameters<typeof ObjectRenderer>[0];

/** A renderer whose codec cannot merge into bodies containing "POISON" (issue 9, finding 5). */
function setUp(stored: StoredObject[]) {
  const saved: StoredObject[] = [];
  const failures: RenderFailure[] = [];
  const ports = {
    contacts: { getMany: async (ids: readonly number[]) => ids.map((id) => ({ ...minimalContactFields(), id, version: 2 })) },
    objects: {
      getMany: async (_kind: string, ids: readonly number[]) => new Map(stored.filter((o) => ids.includes(o.objectId)).map((o) => [o.objectId, o])),
      saveRendered: async (objects: readonly StoredObject[]) => void saved.push(...objects),
    },
  } as unknown as CrmPorts;
  const contactCodec = {
    render: (uid: string, _fields: unknown, previous: string | null) => {
      if (previous?.includes('POISON')) throw new Error('cannot merge');
      return `BEGIN:VCARD\r\nUID:${uid}\r\nEND:VCARD\r\n`;
    },
  } as unknown as ContactCodec;
  const renderer = new ObjectRenderer(ports as Pick<TransactionalPorts, 'contacts' | 'appointments' | 'tasks' | 'objects'>, contactCodec, {} as CalendarCodec, { renderFailed: (f) => failures.push(f), completionFailed: () => expect.fail('no device write here'), savingFailed: () => expect.fail('saved before the answer here') });
  return { renderer, saved, failures };
}

const stale = (objectId: number): MemberListing => ({ objectId, crmVersion: 2, stored: { name: `c${objectId}.vcf`, etag: `"e${objectId}"`, crmVersion: 1 } }) as unknown as MemberListing;
const storedCard = (objectId: number, body: string): StoredObject => ({ kind: 'contact', objectId, name: `c${objectId}.vcf`, uid: `u${objectId}`, body, etag: `"e${objectId}"`, crmVersion: 1 });

describe('ObjectRenderer: one object that cannot be rendered never fails a listing', () => {
  it('serves the last good representation at the new CRM version, reports the failure, renders the others', async () => {
    const { renderer, saved, failures } = setUp([storedCard(1, 'BEGIN:VCARD\r\nNOTE:POISON\r\nEND:VCARD\r\n'), storedCard(2, 'BEGIN:VCARD\r\nEND:VCARD\r\n')]);
    const objects = await renderer.objects('contact', [stale(1), stale(2)], 1);
    expect(objects.get(1)?.body).to.include('POISON');
    expect(objects.get(1)?.etag).to.equal('"e1"');
    expect(objects.get(1)?.crmVersion).to.equal(2);
    expect(objects.get(2)?.body).to.equal('BEGIN:VCARD\r\nUID:u2\r\nEND:VCARD\r\n');
    expect(failures.map((f) => [f.kind, f.objectId])).to.deep.equal([['contact', 1]]);
    expect(saved.map((o) => o.objectId).sort()).to.deep.equal([1, 2]);
  });

  it('names and ETags of a listing include the object that failed', async () => {
    const { renderer } = setUp([storedCard(1, 'POISON')]);
    expect((await renderer.namesAndEtags('contact', [stale(1)], 1)).get(1)).to.deep.equal({ name: 'c1.vcf', etag: '"e1"' });
  });
});

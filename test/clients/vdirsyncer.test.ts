import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { forEachDatabase } from '../support/databases.ts';
import { createDavApp, seedDemoData } from '../support/davApp.ts';

const run = promisify(execFile);

/**
 * A real sync client: vdirsyncer (Debian package, installed by .ci/run) syncing max.muster's
 * address book, calendar and task list two ways with local folders, with edits on both sides.
 */
forEachDatabase('vdirsyncer two-way sync', (db) => {
  let server: Server;
  let close: () => Promise<void>;
  let dir: string;
  let config: string;

  before(async function () {
    this.timeout(120_000);
    await seedDemoData(db());
    const created = await createDavApp(db());
    close = created.close;
    server = created.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as AddressInfo).port;
    dir = mkdtempSync(join(tmpdir(), 'vdirsyncer-'));
    for (const d of ['contacts/brokerstar', 'calendars/brokerstar', 'calendars/brokerstar-tasks', 'status']) mkdirSync(join(dir, d), { recursive: true });
    config = join(dir, 'config');
    writeFileSync(config, `[general]
status_path = "${dir}/status/"

[pair contacts]
a = "contacts_local"
b = "contacts_remote"
collections = ["from b"]
conflict_resolution = "b wins"

[storage contacts_local]
type = "filesystem"
path = "${dir}/contacts/"
fileext = ".vcf"

[storage contacts_remote]
type = "carddav"
url = "http://127.0.0.1:${port}/"
username = "max.muster"
password = "demo"

[pair calendars]
a = "calendars_local"
b = "calendars_remote"
collections = ["from b"]
conflict_resolution = "b wins"

[storage calendars_local]
type = "filesystem"
path = "${dir}/calendars/"
fileext = ".ics"

[storage calendars_remote]
type = "caldav"
url = "http://127.0.0.1:${port}/"
username = "max.muster"
password = "demo"
`);
    await vdirsyncer('discover');
  });

  after(async () => {
    server?.close();
    await close?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function vdirsyncer(...args: string[]): Promise<string> {
    const { stdout, stderr } = await run('vdirsyncer', ['-c', config, ...args], { timeout: 90_000, env: { ...process.env, LANG: 'C.UTF-8' } });
    return stdout + stderr;
  }

  const files = (sub: string) => readdirSync(join(dir, sub)).sort();

  it('the first sync brings every contact, appointment and task of max.muster', async function () {
    this.timeout(120_000);
    await vdirsyncer('sync');
    const maxId = Number((await db()('users').where({ login: 'max.muster' }).first('id')).id);
    const appointments = await db()('appointment_assignees').where({ user_id: maxId }).count({ n: '*' }).first();
    const tasks = await db()('task_assignees').where({ user_id: maxId }).count({ n: '*' }).first();
    expect(files('calendars/brokerstar')).to.have.length(Number(appointments!.n));
    expect(files('calendars/brokerstar-tasks')).to.have.length(Number(tasks!.n));
    expect(files('contacts/brokerstar').length).to.be.greaterThan(5);
  });

  it('edits on both sides meet: a local edit reaches BrokerStar, a BrokerStar edit reaches the folder', async function () {
    this.timeout(120_000);
    const [localFile, remoteFile] = files('contacts/brokerstar');
    const localPath = join(dir, 'contacts/brokerstar', localFile!);
    writeFileSync(localPath, readFileSync(localPath, 'utf8').replace(/^NOTE:.*\r?\n/m, '').replace('END:VCARD', 'NOTE:Notiz aus vdirsyncer\r\nEND:VCARD'));
    const remoteId = Number(/brokerstar-contact-(\d+)/.exec(remoteFile!)![1]);
    await db()('contacts').where({ id: remoteId }).update({ department: 'Abteilung Webapp' });

    const newEvent = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//vdirsyncer test//EN', 'BEGIN:VEVENT', 'UID:vdirsyncer-new-1', 'DTSTAMP:20261101T090000Z',
      'DTSTART;TZID=Europe/Zurich:20261215T140000', 'DTEND;TZID=Europe/Zurich:20261215T150000', 'SUMMARY:Neu aus vdirsyncer', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    writeFileSync(join(dir, 'calendars/brokerstar/vdirsyncer-new-1.ics'), newEvent);
    const deletedTask = files('calendars/brokerstar-tasks')[0]!;
    unlinkSync(join(dir, 'calendars/brokerstar-tasks', deletedTask));

    await vdirsyncer('sync');

    const localId = Number(/brokerstar-contact-(\d+)/.exec(localFile!)![1]);
    expect((await db()('contacts').where({ id: localId }).first()).notes).to.equal('Notiz aus vdirsyncer');
    expect(readFileSync(join(dir, 'contacts/brokerstar', remoteFile!), 'utf8')).to.contain('Abteilung Webapp');
    const created = await db()('appointments').where({ title: 'Neu aus vdirsyncer' }).first();
    expect(created, 'created in BrokerStar').to.not.equal(undefined);
    const taskId = Number(/brokerstar-task-(\d+)/.exec(deletedTask)![1]);
    const maxId = Number((await db()('users').where({ login: 'max.muster' }).first('id')).id);
    expect(await db()('task_assignees').where({ task_id: taskId, user_id: maxId }).first(), 'max no longer assigned').to.equal(undefined);

    // A second sync changes nothing on either side (convergence, no duplicates).
    const before = { contacts: files('contacts/brokerstar'), events: files('calendars/brokerstar') };
    await vdirsyncer('sync');
    expect(files('contacts/brokerstar')).to.deep.equal(before.contacts);
    expect(files('calendars/brokerstar')).to.deep.equal(before.events);
  });
});

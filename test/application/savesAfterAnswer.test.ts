import { expect } from 'chai';
import { SavesAfterAnswer } from '../../src/application/SavesAfterAnswer.ts';

/** A save that finishes when `finish` is called (or fails with `fail`). */
function heldSave(): { run: () => Promise<void>; started: () => boolean; finish: () => void; fail: (e: Error) => void } {
  let started = false;
  let finish = () => {};
  let fail: (e: Error) => void = () => {};
  const done = new Promise<void>((resolve, reject) => { finish = resolve; fail = reject; });
  return { run: () => { started = true; return done; }, started: () => started, finish: () => finish(), fail: (e) => fail(e) };
}

const settledWithin = async (p: Promise<unknown>, ms = 50) =>
  Promise.race([p.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe('SavesAfterAnswer', () => {
  it('a small save starts at once and the caller goes on before it finishes; drain waits for it', async () => {
    const saves = new SavesAfterAnswer(() => expect.fail('no failure'));
    const save = heldSave();
    expect(await settledWithin(saves.save(3, save.run))).to.equal(true);
    expect(save.started()).to.equal(true);
    expect(saves.outstanding).to.equal(1);
    const draining = saves.drain();
    expect(await settledWithin(draining)).to.equal(false);
    save.finish();
    await draining;
    expect(saves.outstanding).to.equal(0);
  });

  it('a save of more objects than the bound is awaited', async () => {
    const saves = new SavesAfterAnswer(() => expect.fail('no failure'), 10);
    const save = heldSave();
    const saving = saves.save(11, save.run);
    expect(await settledWithin(saving)).to.equal(false);
    expect(saves.outstanding).to.equal(0);
    save.finish();
    await saving;
  });

  it('with as many saves outstanding as allowed, the next one is awaited', async () => {
    const saves = new SavesAfterAnswer(() => expect.fail('no failure'), 100, 2);
    const [a, b, c] = [heldSave(), heldSave(), heldSave()];
    await saves.save(1, a.run);
    await saves.save(1, b.run);
    const third = saves.save(1, c.run);
    expect(await settledWithin(third)).to.equal(false);
    a.finish();
    b.finish();
    c.finish();
    await third;
    await saves.drain();
    expect(saves.outstanding).to.equal(0);
  });

  it('a failed save is reported with its object count and never rejects anyone', async () => {
    const failures: Array<{ error: unknown; objects: number }> = [];
    const saves = new SavesAfterAnswer((error, objects) => failures.push({ error, objects }));
    const save = heldSave();
    await saves.save(4, save.run);
    save.fail(new Error('database away'));
    await saves.drain();
    expect(failures).to.have.length(1);
    expect(failures[0]!.objects).to.equal(4);
    expect((failures[0]!.error as Error).message).to.equal('database away');
    expect(saves.outstanding).to.equal(0);
  });

  it('drain also waits for saves started while it waits', async () => {
    const saves = new SavesAfterAnswer(() => expect.fail('no failure'));
    const [first, second] = [heldSave(), heldSave()];
    await saves.save(1, first.run);
    const draining = saves.drain();
    await saves.save(1, second.run);
    first.finish();
    expect(await settledWithin(draining)).to.equal(false);
    second.finish();
    await draining;
  });

  it('drain with a time limit gives up on a save that hangs (the host\'s shutdown goes on)', async () => {
    const saves = new SavesAfterAnswer(() => expect.fail('no failure'));
    const hanging = heldSave();
    await saves.save(1, hanging.run);
    const started = Date.now();
    await saves.drain(80);
    expect(Date.now() - started).to.be.within(60, 1_000);
    expect(saves.outstanding).to.equal(1);
    hanging.finish();
    await saves.drain();
  });
});

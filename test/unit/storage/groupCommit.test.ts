import { GroupCommit } from '../../../src/storage/postgres/groupCommit';

interface Write {
  key: string;
  value: number;
}

/** A writer whose statements stay out until released, recording what each carried. */
function heldWriter() {
  const statements: Write[][] = [];
  const releases: (() => void)[] = [];
  const write = (items: readonly Write[]) =>
    new Promise<number[]>((resolve) => {
      statements.push([...items]);
      releases.push(() => resolve(items.map((item) => item.value * 10)));
    });
  return { statements, write, releaseNext: () => releases.shift()?.() };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  test('a write with a statement free leaves at once, alone', async () => {
    const writer = heldWriter();
    const commits = new GroupCommit(writer.write, (item) => item.key, 2);
    const result = commits.submit({ key: 'a', value: 1 });
    expect(writer.statements).toEqual([[{ key: 'a', value: 1 }]]);
    writer.releaseNext();
    await expect(result).resolves.toBe(10);
  });

  test('writes arriving while the statements are out leave together in the next one, each with its own result', async () => {
    const writer = heldWriter();
    const commits = new GroupCommit(writer.write, (item) => item.key, 1);
    const results = ['a', 'b', 'c', 'd'].map((key, n) => commits.submit({ key, value: n }));
    expect(writer.statements).toHaveLength(1);
    expect(commits.waiting).toBe(3);
    writer.releaseNext();
    await settle();
    expect(writer.statements[1]?.map((item) => item.key)).toEqual(['b', 'c', 'd']);
    writer.releaseNext();
    await expect(Promise.all(results)).resolves.toEqual([0, 10, 20, 30]);
  });

  test('two writes of one document never share a statement, and keep their order', async () => {
    const writer = heldWriter();
    const commits = new GroupCommit(writer.write, (item) => item.key, 1);
    const results = [
      commits.submit({ key: 'first', value: 1 }),
      commits.submit({ key: 'a', value: 2 }),
      commits.submit({ key: 'b', value: 3 }),
      commits.submit({ key: 'a', value: 4 }),
      commits.submit({ key: 'c', value: 5 }),
    ];
    writer.releaseNext();
    await settle();
    writer.releaseNext();
    await settle();
    writer.releaseNext();
    await Promise.all(results);
    expect(writer.statements.map((items) => items.map((item) => `${item.key}${item.value}`))).toEqual([['first1'], ['a2', 'b3', 'c5'], ['a4']]);
  });

  test('a statement takes at most its batch size', async () => {
    const writer = heldWriter();
    const commits = new GroupCommit(writer.write, (item) => item.key, 1, 3);
    const results = Array.from({ length: 8 }, (_, n) => commits.submit({ key: `k${n}`, value: n }));
    for (let round = 0; round < 4; round++) {
      writer.releaseNext();
      await settle();
    }
    await Promise.all(results);
    expect(writer.statements.map((items) => items.length)).toEqual([1, 3, 3, 1]);
  });

  test('a statement that fails fails each of its writes, and the next writes still leave', async () => {
    let calls = 0;
    const commits = new GroupCommit<Write, number>(
      async (items) => {
        calls++;
        if (calls === 1) throw new Error('connection lost');
        return items.map((item) => item.value);
      },
      (item) => item.key,
      1,
    );
    const lost = commits.submit({ key: 'a', value: 1 });
    const next = commits.submit({ key: 'b', value: 2 });
    await expect(lost).rejects.toThrow('connection lost');
    await expect(next).resolves.toBe(2);
  });

  test('a writer that answers for fewer writes than it was given fails them rather than leaving one waiting', async () => {
    const commits = new GroupCommit<Write, number>(async () => [], (item) => item.key, 1);
    await expect(commits.submit({ key: 'a', value: 1 })).rejects.toThrow(/gave 0 results/);
  });
});

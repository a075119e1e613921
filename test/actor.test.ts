/** Who a CLI act is recorded under: --by, else RECTIFY_USER, else the OS user; with none, refused (exit 2). */
import { program } from '../client/cli';
import { actorName, byOption } from '../client/actor';
import { parseOptions } from '../client/options';
import { UserError } from '../client/common';

describe('names on every CLI act', () => {
  it('takes --by, then RECTIFY_USER, then the OS user, and never a placeholder', () => {
    expect(actorName('周洁', { RECTIFY_USER: '李明' }, () => 'ops')).toBe('周洁');
    expect(actorName(undefined, { RECTIFY_USER: ' 李明 ' }, () => 'ops')).toBe('李明');
    expect(actorName('  ', { RECTIFY_USER: '' }, () => 'ops')).toBe('ops');
    expect(actorName(undefined, {}, () => undefined)).toBeUndefined();
  });

  it('refuses an act nobody is named for, saying how to give a name', () => {
    const refuse = () => parseOptions(byOption({}, () => undefined), undefined, '(3)');
    expect(refuse).toThrow(UserError);
    expect(refuse).toThrow(/^\(3\): --by[:：].*RECTIFY_USER/);
    expect(parseOptions(byOption({}, () => 'ops'), undefined)).toBe('ops');
  });

  it('offers no default name in the commands that record acts', async () => {
    const byDefaults = (await program()).commands.flatMap((c) => [c, ...c.commands])
      .flatMap((c) => c.options.filter((o) => o.long === '--by').map((o) => [c.name(), o.defaultValue]));
    expect(byDefaults.length).toBeGreaterThanOrEqual(4);
    expect(byDefaults.filter(([, d]) => d !== undefined)).toEqual([]);
  });
});

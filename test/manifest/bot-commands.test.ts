import { BOT_COMMANDS, commandUsage } from '../../manifest/bot-commands';

describe('bot command table', () => {
  it('has the nine commands of issue 7 with their Japanese aliases', () => {
    expect(BOT_COMMANDS.map((c) => [c.command, c.aliasJa])).toEqual([
      ['help', 'ヘルプ'],
      ['jobs', 'ジョブ'],
      ['status', '状態'],
      ['start', '開始'],
      ['stop', '停止'],
      ['retry', '再試行'],
      ['history', '履歴'],
      ['repos', 'リポジトリ'],
      ['alerts', '通知'],
    ]);
  });

  it('uses menu titles the router accepts (a command picked from the menu is sent as its title)', () => {
    for (const c of BOT_COMMANDS) {
      expect(c.titleEn).toBe(c.command);
      expect(c.titleJa).toBe(c.aliasJa);
      expect(c.command).toMatch(/^[a-z]+$/);
      expect(c.aliasJa).not.toMatch(/\s/);
    }
  });

  it('has unique words and non-empty texts', () => {
    const words = BOT_COMMANDS.flatMap((c) => [c.command, c.aliasJa]);
    expect(new Set(words).size).toBe(words.length);
    for (const c of BOT_COMMANDS) {
      expect(c.descriptionEn.length).toBeGreaterThan(10);
      expect(c.descriptionJa.length).toBeGreaterThan(5);
      expect(c.scopes.length).toBeGreaterThan(0);
    }
  });

  it('builds usage lines for the help card in both languages', () => {
    const history = BOT_COMMANDS.find((c) => c.command === 'history')!;
    expect(commandUsage(history, 'en')).toBe('history [job] [failed] [N]');
    expect(commandUsage(history, 'ja')).toBe('履歴 [ジョブ名] [失敗] [件数]');
    const help = BOT_COMMANDS.find((c) => c.command === 'help')!;
    expect(commandUsage(help, 'en')).toBe('help');
    expect(commandUsage(BOT_COMMANDS.find((c) => c.command === 'alerts')!, 'en')).toBe('alerts on|off');
  });
});

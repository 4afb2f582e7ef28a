/**
 * The bot's command list, in ONE place. The app manifest's `commandLists` (the command menu Teams shows
 * under the compose box) and its Japanese localisation are generated from this array, and the bot's help
 * card and router are checked against it, so the menu, the help text and the router cannot drift apart.
 *
 * `titleEn` is what Teams puts in the compose box when an English user picks the command from the menu, and
 * `titleJa` is what a Japanese user gets; each must therefore be a word the router accepts (`command` and
 * `aliasJa`). Arguments go in the description, not the title, so a picked command can be sent as it is.
 */

export type BotScope = 'personal' | 'team' | 'groupChat';

export interface BotCommand {
  /** The English command word the router matches (lower case, no arguments). */
  command: string;
  /** The Japanese word the router also accepts. */
  aliasJa: string;
  /** Argument syntax after the English word, '' when there is none. */
  argsEn: string;
  /** Argument syntax after the Japanese word, '' when there is none. */
  argsJa: string;
  /** Menu title in English Teams (= `command`). */
  titleEn: string;
  /** Menu description in English Teams (≤ 4000 characters; keep it to one line). */
  descriptionEn: string;
  /** Menu title in Japanese Teams (= `aliasJa`). */
  titleJa: string;
  /** Menu description in Japanese Teams. */
  descriptionJa: string;
  /** Where the command is offered in the menu. */
  scopes: readonly BotScope[];
}

const EVERYWHERE: readonly BotScope[] = ['personal', 'team', 'groupChat'];

export const BOT_COMMANDS: readonly BotCommand[] = [
  {
    command: 'help',
    aliasJa: 'ヘルプ',
    argsEn: '',
    argsJa: '',
    titleEn: 'help',
    descriptionEn: 'Show what the bot can do and how to use each command.',
    titleJa: 'ヘルプ',
    descriptionJa: 'ボットでできることと各コマンドの使い方を表示します。',
    scopes: EVERYWHERE,
  },
  {
    command: 'jobs',
    aliasJa: 'ジョブ',
    argsEn: '[filter]',
    argsJa: '[絞り込み]',
    titleEn: 'jobs',
    descriptionEn: 'List backup jobs and their last result. Usage: jobs [filter]',
    titleJa: 'ジョブ',
    descriptionJa: 'バックアップ ジョブと前回の結果を一覧表示します。使い方: ジョブ [絞り込み]',
    scopes: EVERYWHERE,
  },
  {
    command: 'status',
    aliasJa: '状態',
    argsEn: '<job>',
    argsJa: '<ジョブ名>',
    titleEn: 'status',
    descriptionEn: 'Show the current state and last session of a job. Usage: status <job>',
    titleJa: '状態',
    descriptionJa: 'ジョブの現在の状態と直近のセッションを表示します。使い方: 状態 <ジョブ名>',
    scopes: EVERYWHERE,
  },
  {
    command: 'start',
    aliasJa: '開始',
    argsEn: '<job>',
    argsJa: '<ジョブ名>',
    titleEn: 'start',
    descriptionEn: 'Start a backup job now (operators only, asks for confirmation). Usage: start <job>',
    titleJa: '開始',
    descriptionJa: 'バックアップ ジョブを今すぐ開始します（オペレーターのみ、確認あり）。使い方: 開始 <ジョブ名>',
    scopes: EVERYWHERE,
  },
  {
    command: 'stop',
    aliasJa: '停止',
    argsEn: '<job>',
    argsJa: '<ジョブ名>',
    titleEn: 'stop',
    descriptionEn: 'Stop a running job (operators only, asks for confirmation). Usage: stop <job>',
    titleJa: '停止',
    descriptionJa: '実行中のジョブを停止します（オペレーターのみ、確認あり）。使い方: 停止 <ジョブ名>',
    scopes: EVERYWHERE,
  },
  {
    command: 'retry',
    aliasJa: '再試行',
    argsEn: '<job>',
    argsJa: '<ジョブ名>',
    titleEn: 'retry',
    descriptionEn: 'Retry the failed objects of a job’s last session (operators only). Usage: retry <job>',
    titleJa: '再試行',
    descriptionJa: 'ジョブの直近のセッションで失敗した対象を再試行します（オペレーターのみ）。使い方: 再試行 <ジョブ名>',
    scopes: EVERYWHERE,
  },
  {
    command: 'history',
    aliasJa: '履歴',
    argsEn: '[job] [failed] [N]',
    argsJa: '[ジョブ名] [失敗] [件数]',
    titleEn: 'history',
    descriptionEn: 'Show recent job runs, optionally for one job, failures only, or the last N. Usage: history [job] [failed] [N]',
    titleJa: '履歴',
    descriptionJa: '最近のジョブ実行を表示します（ジョブ名、失敗のみ、件数で絞り込み可）。使い方: 履歴 [ジョブ名] [失敗] [件数]',
    scopes: EVERYWHERE,
  },
  {
    command: 'repos',
    aliasJa: 'リポジトリ',
    argsEn: '',
    argsJa: '',
    titleEn: 'repos',
    descriptionEn: 'Show backup repositories with capacity and free space.',
    titleJa: 'リポジトリ',
    descriptionJa: 'バックアップ リポジトリの容量と空き領域を表示します。',
    scopes: EVERYWHERE,
  },
  {
    command: 'alerts',
    aliasJa: '通知',
    argsEn: 'on|off',
    argsJa: 'on|off',
    titleEn: 'alerts',
    descriptionEn: 'Turn job-result alerts for this chat or channel on or off. Usage: alerts on|off',
    titleJa: '通知',
    descriptionJa: 'このチャットまたはチャネルへのジョブ結果の通知をオン/オフにします。使い方: 通知 on|off',
    scopes: EVERYWHERE,
  },
];

/** "jobs [filter]" / "ジョブ [絞り込み]": the usage line for the help card. */
export function commandUsage(cmd: BotCommand, lang: 'en' | 'ja'): string {
  const word = lang === 'ja' ? cmd.aliasJa : cmd.command;
  const args = lang === 'ja' ? cmd.argsJa : cmd.argsEn;
  return args ? `${word} ${args}` : word;
}

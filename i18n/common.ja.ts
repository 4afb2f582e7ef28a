import type { commonEn } from './common.en';

export const commonJa: Record<keyof typeof commonEn, string> = {
  'result.Success': '成功',
  'result.Warning': '警告',
  'result.Failed': '失敗',
  'result.None': '実行中',
  'duration.seconds': '{s}秒',
  'duration.minutes': '{m}分{s}秒',
  'duration.hours': '{h}時間{m}分',
  'duration.days': '{d}日{h}時間',
  'common.moreItems': 'ほか {count} 件',
  'common.unknown': '不明',
  'common.never': 'なし',
};

/** Strings shared by every card: results, units, generic words. */
export const commonEn = {
  'result.Success': 'Success',
  'result.Warning': 'Warning',
  'result.Failed': 'Failed',
  'result.None': 'In progress',
  'duration.seconds': '{s}s',
  'duration.minutes': '{m}m {s}s',
  'duration.hours': '{h}h {m}m',
  'duration.days': '{d}d {h}h',
  'common.moreItems': '+{count} more',
  'common.unknown': 'unknown',
  'common.never': 'never',
} as const;

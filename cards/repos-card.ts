/** `repos`: capacity, free space with a bar, online state; low space and offline highlighted. Pure. */
import type { AdaptiveCard } from '../bot/command';
import { formatBytes } from '../i18n/format';
import type { VeeamRepository } from '../veeam/veeam-client';
import { tr, type CardView } from './card-view';
import { card, column, columns, container, heading, text, type CardElement } from './elements';
import { clip, fitItems } from './fit-card';

/** Below this share of free space a repository is "low". */
export const LOW_FREE_RATIO = 0.15;

export function usedRatio(repo: VeeamRepository): number | undefined {
  if (!repo.capacityBytes || repo.capacityBytes <= 0) return undefined;
  const free = repo.freeBytes ?? (repo.usedBytes !== undefined ? repo.capacityBytes - repo.usedBytes : undefined);
  if (free === undefined) return undefined;
  return Math.min(1, Math.max(0, 1 - free / repo.capacityBytes));
}

export function isLowOnSpace(repo: VeeamRepository): boolean {
  const used = usedRatio(repo);
  return used !== undefined && 1 - used < LOW_FREE_RATIO;
}

/**
 * Two coloured columns weighted used:free (Adaptive Cards 1.4 has no progress bar). The used part is always
 * 'accent' (solid in every Teams theme); low space is shown by the highlighted block around it.
 */
function bar(used: number): CardElement {
  const usedWeight = Math.max(1, Math.round(used * 100));
  const freeWeight = Math.max(1, 100 - usedWeight);
  return columns([column([text(' ', { size: 'small' })], usedWeight, { style: 'accent' }), column([text(' ', { size: 'small' })], freeWeight, { style: 'emphasis' })], { spacing: 'small' });
}

function repoBlock(view: CardView, repo: VeeamRepository): CardElement {
  const t = tr(view);
  const used = usedRatio(repo);
  const low = isLowOnSpace(repo);
  const offline = repo.online === false;
  const flags = [offline ? t('bot.repos.offline') : repo.online ? t('bot.repos.online') : undefined, low ? t('bot.repos.lowSpace') : undefined].filter(Boolean).join(' · ');
  const free = repo.freeBytes ?? (repo.capacityBytes !== undefined && repo.usedBytes !== undefined ? repo.capacityBytes - repo.usedBytes : undefined);
  const items: CardElement[] = [
    text(`**${clip(repo.name, 120)}**${flags ? ` · ${flags}` : ''}`, { color: offline || low ? 'attention' : 'default' }),
    text(
      used === undefined
        ? t('bot.repos.capacityUnknown')
        : t('bot.repos.usage', { free: formatBytes(free, view.locale), capacity: formatBytes(repo.capacityBytes, view.locale), percent: Math.round(used * 100) }),
      { spacing: 'none', size: 'small' },
    ),
  ];
  if (used !== undefined) items.push(bar(used));
  if (repo.hostName || repo.path) items.push(text(clip([repo.hostName, repo.path].filter(Boolean).join(' '), 200), { spacing: 'none', size: 'small', isSubtle: true }));
  return container(items, { separator: true, ...(offline || low ? { style: 'attention' as const } : {}) });
}

export function reposCard(view: CardView, data: { repositories: readonly VeeamRepository[] }): AdaptiveCard {
  const t = tr(view);
  if (!data.repositories.length) return card([heading(t('bot.repos.title')), text(t('bot.repos.none'))]);
  // Problems first, so a long list never hides the repository that is filling up.
  const sorted = [...data.repositories].sort(
    (a, b) => Number(isLowOnSpace(b) || b.online === false) - Number(isLowOnSpace(a) || a.online === false) || a.name.localeCompare(b.name),
  );
  const problems = sorted.filter((r) => isLowOnSpace(r) || r.online === false).length;
  return fitItems(sorted, (shown, hidden) =>
    card([
      heading(t('bot.repos.title')),
      ...(problems ? [text(t('bot.repos.lowCount', { count: problems }), { color: 'attention', spacing: 'none' })] : []),
      ...shown.map((r) => repoBlock(view, r)),
      ...(hidden > 0 ? [text(t('common.moreItems', { count: hidden }), { isSubtle: true })] : []),
    ]),
  );
}

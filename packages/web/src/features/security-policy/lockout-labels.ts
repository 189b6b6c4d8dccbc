import { Globe, Monitor, Smartphone, type LucideIcon } from 'lucide-react';
import type { ClientKind, LockoutCandidateRowFragment } from '../../gql/graphql';

/** The clients the preview names, in this order, with their icon. */
export const clientOrder = ['WEB', 'DESKTOP', 'MOBILE'] as const satisfies readonly ClientKind[];
export const clientLabels: Record<(typeof clientOrder)[number], { label: string; icon: LucideIcon }> = {
  WEB: { label: 'Web', icon: Globe },
  DESKTOP: { label: 'Desktop', icon: Monitor },
  MOBILE: { label: 'Mobile', icon: Smartphone },
};

/** Only the apps lately: the requirement stops the web alone, so nothing changes for them. */
export const usesOnlyApps = (candidate: Pick<LockoutCandidateRowFragment, 'clients'>): boolean =>
  candidate.clients.length > 0 && !candidate.clients.includes('WEB');

const groupNames: Record<string, [string, string]> = {
  LEGAL_REPRESENTATIVE: ['legal representative', 'legal representatives'],
  ADMINISTRATOR: ['administrator', 'administrators'],
  USER: ['user', 'users'],
  INTERNAL: ['internal', 'internal'],
  EXTERNAL: ['external', 'external'],
};

/** "1 administrator, 2 users": the groups that count anyone, as a phrase. */
export function countsText(counts: readonly { key: string; count: number }[]): string {
  return counts
    .filter((group) => group.count > 0)
    .map((group) => {
      const [one, many] = groupNames[group.key] ?? [group.key.toLowerCase(), group.key.toLowerCase()];
      return `${group.count} ${group.count === 1 ? one : many}`;
    })
    .join(', ');
}

import { createContext, useContext } from 'react';
import type { ShellViewerQuery } from '../gql/graphql';

export type ShellViewer = ShellViewerQuery['viewer'];
export type ShellMembership = ShellViewer['memberships'][number];

/** The signed-in person, as the shell loaded them; provided by `SignedInLayout`. */
export const ViewerContext = createContext<ShellViewer | null>(null);

export function useViewer(): ShellViewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer is only available inside the signed-in layout');
  return viewer;
}

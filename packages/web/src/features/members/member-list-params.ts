import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type {
  Compliance,
  MemberFilter,
  MemberOrder,
  MemberOrderField,
  MembershipKind,
  OrderDirection,
  Role,
  TwoFactorStatus,
} from '../../gql/graphql';

/** The list's filter, search and sort live in the address: shareable, and kept by Back. */
export interface MemberListParams {
  search: string;
  twoFactor: TwoFactorStatus | '';
  role: Role | '';
  kind: MembershipKind | '';
  compliance: Compliance | '';
  sort: MemberOrderField;
  direction: OrderDirection;
}

const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T | ''): T | '' =>
  value && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;

export function useMemberListParams(): {
  params: MemberListParams;
  filter: MemberFilter;
  orderBy: MemberOrder;
  update: (next: Partial<MemberListParams>) => void;
  /** A stable string of everything that changes which members are listed. */
  key: string;
} {
  const [searchParams, setSearchParams] = useSearchParams();
  const params = useMemo(() => parseParams(searchParams), [searchParams]);

  const update = useCallback(
    (next: Partial<MemberListParams>) => {
      setSearchParams(
        (current) => {
          const merged = { ...parseParams(current), ...next };
          const out = new URLSearchParams();
          if (merged.search) out.set('q', merged.search);
          if (merged.twoFactor) out.set('twoFactor', merged.twoFactor);
          if (merged.role) out.set('role', merged.role);
          if (merged.kind) out.set('kind', merged.kind);
          if (merged.compliance) out.set('compliance', merged.compliance);
          if (merged.sort !== 'NAME') out.set('sort', merged.sort);
          if (merged.direction !== 'ASC') out.set('dir', merged.direction);
          return out;
        },
        { replace: true },
      );
    },
    [setSearchParams],
  );

  const filter: MemberFilter = useMemo(
    () => ({
      ...(params.search.trim() ? { search: params.search.trim() } : {}),
      ...(params.twoFactor ? { twoFactor: params.twoFactor } : {}),
      ...(params.role ? { role: params.role } : {}),
      ...(params.kind ? { kind: params.kind } : {}),
      ...(params.compliance ? { compliance: params.compliance } : {}),
    }),
    [params],
  );
  const orderBy = useMemo<MemberOrder>(() => ({ field: params.sort, direction: params.direction }), [params]);
  return { params, filter, orderBy, update, key: JSON.stringify([filter, orderBy]) };
}

/**
 * The members export (`GET /export/members.csv`, docs/api.md "Exports") of what `filter` lists: the
 * same filter and search, every page, in the export's own order (by name). A plain same-origin
 * link: the session cookie goes with it and the browser streams the file to disk.
 */
export function membersExportUrl(organizationId: string, filter: MemberFilter): string {
  const query = new URLSearchParams({ organizationId });
  const { search, twoFactor, role, kind, compliance } = filter;
  for (const [name, value] of Object.entries({ compliance, twoFactor, role, kind, search })) if (value) query.set(name, value);
  return `/export/members.csv?${query.toString()}`;
}

function parseParams(query: URLSearchParams): MemberListParams {
  return {
    search: query.get('q') ?? '',
    twoFactor: pick(query.get('twoFactor'), ['ENABLED', 'DISABLED'] as const, ''),
    role: pick(query.get('role'), ['LEGAL_REPRESENTATIVE', 'ADMINISTRATOR', 'USER'] as const, ''),
    kind: pick(query.get('kind'), ['INTERNAL', 'EXTERNAL'] as const, ''),
    compliance: pick(query.get('compliance'), ['COMPLIANT', 'EXEMPT', 'IN_WINDOW', 'NON_COMPLIANT'] as const, ''),
    sort: pick(query.get('sort'), ['NAME', 'EMAIL', 'JOINED_AT', 'TWO_FACTOR'] as const, 'NAME') || 'NAME',
    direction: pick(query.get('dir'), ['ASC', 'DESC'] as const, 'ASC') || 'ASC',
  };
}

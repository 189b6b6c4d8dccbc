import { useEffect, useState } from 'react';
import { SearchField } from '../../ui/SearchField';
import { SelectField } from '../../ui/SelectField';
import { complianceLabels } from './member-labels';
import type { MemberListParams } from './member-list-params';

const compliances = ['NON_COMPLIANT', 'IN_WINDOW', 'EXEMPT', 'COMPLIANT'] as const;

/** Search (as you type, after a short pause) and the four filters. */
export function MemberFilters({ params, update }: { params: MemberListParams; update: (next: Partial<MemberListParams>) => void }) {
  const [search, setSearch] = useState(params.search);
  useEffect(() => setSearch(params.search), [params.search]);
  useEffect(() => {
    if (search === params.search) return;
    const timer = window.setTimeout(() => update({ search }), 300);
    return () => window.clearTimeout(timer);
  }, [search, params.search, update]);

  return (
    <div className="toolbar__filters" role="search" aria-label="Find members">
      <SearchField value={search} onChange={setSearch} onEnter={() => update({ search })} />
      <SelectField
        label="Two-step verification"
        hiddenLabel
        value={params.twoFactor}
        onChange={(event) => update({ twoFactor: event.target.value as MemberListParams['twoFactor'] })}
        options={[
          { value: '', label: 'Any 2FA status' },
          { value: 'DISABLED', label: '2FA not enabled' },
          { value: 'ENABLED', label: '2FA enabled' },
        ]}
      />
      <SelectField
        label="Compliance"
        hiddenLabel
        value={params.compliance}
        onChange={(event) => update({ compliance: event.target.value as MemberListParams['compliance'] })}
        options={[{ value: '', label: 'Any compliance' }, ...compliances.map((value) => ({ value, label: complianceLabels[value] }))]}
      />
      <SelectField
        label="Role"
        hiddenLabel
        value={params.role}
        onChange={(event) => update({ role: event.target.value as MemberListParams['role'] })}
        options={[
          { value: '', label: 'Any role' },
          { value: 'LEGAL_REPRESENTATIVE', label: 'Legal representatives' },
          { value: 'ADMINISTRATOR', label: 'Administrators' },
          { value: 'USER', label: 'Users' },
        ]}
      />
      <SelectField
        label="Kind"
        hiddenLabel
        value={params.kind}
        onChange={(event) => update({ kind: event.target.value as MemberListParams['kind'] })}
        options={[
          { value: '', label: 'Any kind' },
          { value: 'INTERNAL', label: 'Internal' },
          { value: 'EXTERNAL', label: 'External' },
        ]}
      />
    </div>
  );
}

import { FileText } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { Section } from '../../ui/Section';
import { TextField } from '../../ui/TextField';
import { dayOf, evidencePath } from './evidence-range';

const DAY_MS = 24 * 3_600_000;

/**
 * "Evidence for auditors" in the security settings: two days (the last one included) and the
 * link to the printable report of that range. The last 30 days until first changed.
 */
export function EvidenceForAuditors({ organizationId }: { organizationId: string }) {
  const [from, setFrom] = useState(() => dayOf(new Date(Date.now() - 30 * DAY_MS)));
  const [to, setTo] = useState(() => dayOf(new Date()));
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  return (
    <Section
      title="Evidence for auditors"
      description="One printable report of a date range: the policy and its changes, compliance over time, exemptions, resets and lockouts, and every member without 2FA."
    >
      <div className="evidence-form">
        <TextField label="From" type="date" value={from} max={to} onChange={(event) => setFrom(event.target.value)} />
        <TextField
          label="To (included)"
          type="date"
          value={to}
          min={from}
          onChange={(event) => setTo(event.target.value)}
          error={valid ? undefined : 'Choose a first day on or before the last.'}
        />
        {valid ? (
          <Link to={evidencePath(organizationId, from, to)} className="btn btn--primary evidence-form__open">
            <FileText size={16} aria-hidden="true" />
            Open evidence report
          </Link>
        ) : (
          <span className="btn btn--primary evidence-form__open" aria-disabled="true">
            <FileText size={16} aria-hidden="true" />
            Open evidence report
          </span>
        )}
      </div>
    </Section>
  );
}

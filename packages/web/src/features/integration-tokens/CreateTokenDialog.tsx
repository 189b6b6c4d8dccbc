import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { ErrorCode, Limits } from '@twostep/shared';
import { CreateIntegrationTokenDocument, IntegrationTokensDocument, type IntegrationScope } from '../../gql/graphql';
import { describeError, type DescribedError } from '../../lib/errors/describe-error';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';
import { SelectField } from '../../ui/SelectField';
import { ShownOncePanel } from '../../ui/ShownOncePanel';
import { TextField } from '../../ui/TextField';
import { scopeLabels, scopeOrder } from './scope-labels';

const lifetimes = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: 'One year' },
  { value: '', label: 'Never expires' },
];

/** Creates a token with a name, scopes and an expiry; its secret is shown here once. */
export function CreateTokenDialog({
  organizationId,
  viewerHasTwoFactor,
  open,
  onClose,
}: {
  organizationId: string;
  viewerHasTwoFactor: boolean;
  open: boolean;
  onClose: () => void;
}) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<IntegrationScope[]>(['MEMBERS_READ']);
  const [lifetime, setLifetime] = useState('90');
  const [error, setError] = useState<DescribedError | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [create, { loading }] = useMutation(CreateIntegrationTokenDocument, { refetchQueries: [IntegrationTokensDocument] });

  const close = (): void => {
    setName('');
    setScopes(['MEMBERS_READ']);
    setLifetime('90');
    setError(null);
    setSecret(null);
    onClose();
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    const expiresAt = lifetime ? new Date(Date.now() + Number(lifetime) * 24 * 3600_000).toISOString() : null;
    try {
      const { data } = await create({ variables: { input: { organizationId, name: name.trim(), scopes, expiresAt } } });
      if (data) setSecret(data.createIntegrationToken.token);
    } catch (caught) {
      setError(
        describeError(caught, { ACTOR_TWO_FACTOR_REQUIRED: 'Granting policy:write needs two-step verification on your own account.' }),
      );
    }
  };

  const nameError =
    error?.code === ErrorCode.BAD_USER_INPUT && error.field === 'name' ? 'Give the token a name of 1 to 100 characters.' : undefined;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => !next && !secret && close()}
      dismissible={!secret}
      busy={loading}
      title={secret ? 'Copy the token now' : 'Create an API token'}
      description={secret ? undefined : 'A token lets an integration use the API for this organization, only within its scopes.'}
    >
      {secret ? (
        <ShownOncePanel
          secret={secret}
          secretLabel="The new token"
          copyLabel="Copy the token"
          warning="This is the only time the token is shown. Store it where the integration keeps its secrets; if it is lost, revoke it and create another."
          onDone={close}
        />
      ) : (
        <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
          {error && !nameError && <Notice tone="error">{error.message}</Notice>}
          <TextField
            label="Name"
            hint="To recognise the integration, like “HR sync”."
            required
            maxLength={Limits.maxNameLength}
            autoFocus
            value={name}
            error={nameError}
            onChange={(event) => setName(event.target.value)}
          />
          <fieldset className="fieldset">
            <legend className="field__label">Scopes</legend>
            {scopeOrder.map((scope) => {
              const locked = scope === 'POLICY_WRITE' && !viewerHasTwoFactor;
              return (
                <label key={scope} className="check check--described">
                  <input
                    type="checkbox"
                    checked={scopes.includes(scope)}
                    disabled={locked}
                    onChange={(event) =>
                      setScopes(
                        event.target.checked
                          ? scopeOrder.filter((s) => s === scope || scopes.includes(s))
                          : scopes.filter((s) => s !== scope),
                      )
                    }
                  />
                  <span>
                    <code>{scopeLabels[scope].name}</code>
                    <span className="muted small">
                      {' '}
                      {scopeLabels[scope].description}
                      {locked && ' Set up two-step verification on your account to grant it.'}
                    </span>
                  </span>
                </label>
              );
            })}
          </fieldset>
          <SelectField label="Expires" value={lifetime} onChange={(event) => setLifetime(event.target.value)} options={lifetimes} />
          <div className="form-row form-row--end">
            <Button onClick={close} disabled={loading}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" busy={loading} disabled={!name.trim() || scopes.length === 0}>
              Create the token
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

import { CopyButton } from '../../components/CopyButton';

/** A new target secret and the command that connects the agent with it: shown this once, with copy buttons. */
export function SecretResult({ secret, command, targetName }: { secret: string; command: string; targetName: string }) {
  return (
    <div className="secret-result" data-testid="secret-result">
      <p className="warning" role="note">
        <strong>Copy these now.</strong> Vigil keeps only a hash of the secret, so this is the only time it is shown.
        If it gets lost, Reconnect issues a new one.
      </p>
      <div className="field">
        <span className="field-label" id="connect-command-label">Connect command</span>
        <p className="muted hint">Run it on the host of <strong>{targetName}</strong>: it installs the agent, which
          connects with the secret below.</p>
        <div className="secret-box">
          <code aria-labelledby="connect-command-label" data-testid="connect-command">{command}</code>
          <CopyButton text={command} label="Copy command" />
        </div>
      </div>
      <div className="field">
        <span className="field-label" id="target-secret-label">Target secret</span>
        <div className="secret-box">
          <code aria-labelledby="target-secret-label" data-testid="target-secret">{secret}</code>
          <CopyButton text={secret} label="Copy secret" />
        </div>
      </div>
    </div>
  );
}

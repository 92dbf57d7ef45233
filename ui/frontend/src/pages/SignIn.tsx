import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { signIn } from '../auth';
import { ErrorNote } from '../components/Feedback';

export function SignIn() {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      client.setQueryData(['me'], await signIn(name, password));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="signin">
      <form className="card signin-card" onSubmit={submit} aria-label="Sign in">
        <h1><span className="brand-dot" aria-hidden="true" /> Vigil</h1>
        <label>
          User name
          <input autoFocus autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" value={password}
                 onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error !== null && <ErrorNote error={error} />}
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </div>
  );
}

import { NavLink, Route, Routes } from 'react-router-dom';
import { AuthProvider, roleLabel, useAuth, useMe } from './auth';
import { SignIn } from './pages/SignIn';
import { DeploymentsPage } from './pages/DeploymentsPage';
import { LogViewerPage } from './pages/LogViewerPage';
import { MetricsPage } from './pages/MetricsPage';
import { AlertsPage } from './pages/AlertsPage';
import { AuditPage } from './pages/AuditPage';
import { Loading } from './components/Feedback';

export function App() {
  const me = useMe();
  if (me.isPending) return <Loading what="Vigil" />;
  if (!me.data) return <SignIn />;
  return (
    <AuthProvider me={me.data}>
      <Shell />
    </AuthProvider>
  );
}

function Shell() {
  const { me, isCustomer, signOut } = useAuth();
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="/">
          <span className="brand-dot" aria-hidden="true" /> Vigil
          {isCustomer && <span className="portal-tag">Customer Portal</span>}
        </a>
        <nav aria-label="Main">
          <NavLink to="/" end>Deployments</NavLink>
          <NavLink to="/alerts">Alerts</NavLink>
          <NavLink to="/audit">Audit trail</NavLink>
        </nav>
        <div className="whoami">
          <span title={roleLabel(me.role)}>{me.name}</span>
          <button type="button" className="link" onClick={() => void signOut()}>Sign out</button>
        </div>
      </header>
      <main>
        <Routes>
          <Route path="/" element={<DeploymentsPage />} />
          <Route path="/targets/:targetId/logs" element={<LogViewerPage />} />
          <Route path="/targets/:targetId/metrics" element={<MetricsPage />} />
          <Route path="/alerts" element={<AlertsPage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="*" element={<p className="empty">No such page. <a href="/">Back to deployments</a></p>} />
        </Routes>
      </main>
    </div>
  );
}

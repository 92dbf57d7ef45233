package io.vigil.agent.hub;

/** Why a call to the hub did not succeed; the subtype says what the agent should do about it. */
public abstract sealed class HubException extends Exception
        permits HubException.Unavailable, HubException.CredentialsRejected, HubException.Refused {

    HubException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The hub is down, overloaded (5xx, 429) or unreachable: retry the same request later. */
    public static final class Unavailable extends HubException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The target secret is wrong or was rotated (Reconnect): nothing works until new credentials arrive. */
    public static final class CredentialsRejected extends HubException {
        public CredentialsRejected(String message) {
            super(message, null);
        }
    }

    /** The hub refused this request as such (4xx): sending it again will not help. */
    public static final class Refused extends HubException {
        private final int status;

        public Refused(int status, String message) {
            super(message, null);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}

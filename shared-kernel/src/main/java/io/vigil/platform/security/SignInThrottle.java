package io.vigil.platform.security;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Failed sign-ins per user name (HTTP Basic, session sign-in): after {@code vigil.security.sign-in-failures}
 * failures within {@code vigil.security.sign-in-failure-window} the name is refused (429) until the window
 * refills — even with the right password, so guessing gains nothing. Counted across all nodes (see
 * {@link Throttles}).
 */
@Component
public class SignInThrottle {

    private final Throttle throttle;

    public SignInThrottle(Throttles throttles, @Value("${vigil.security.sign-in-failures:5}") int failures,
                          @Value("${vigil.security.sign-in-failure-window:1m}") Duration window) {
        this.throttle = throttles.throttle("sign-in", failures, window);
    }

    /** @return 0, or the seconds until the name may try again */
    public long blockedForSeconds(String userName) {
        return throttle.blockedForSeconds(key(userName));
    }

    public void failed(String userName) {
        throttle.count(key(userName));
    }

    private static String key(String userName) {
        return userName == null ? "" : userName;
    }
}

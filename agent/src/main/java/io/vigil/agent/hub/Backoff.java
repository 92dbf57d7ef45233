package io.vigil.agent.hub;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": the n-th wait is between half and all of
 * {@code min(max, base · 2^n)}, so many agents that lost the same hub do not come back in step.
 */
public final class Backoff {

    private final Duration base;
    private final Duration max;
    private final RandomGenerator random;
    private int attempts;

    public Backoff(Duration base, Duration max, RandomGenerator random) {
        this.base = base;
        this.max = max;
        this.random = random;
    }

    public Duration next() {
        long ceiling = base.toMillis() << Math.min(attempts, 30);
        if (ceiling <= 0 || ceiling > max.toMillis()) {
            ceiling = max.toMillis();
        }
        attempts++;
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.nextDouble() * (ceiling - half)));
    }

    public void reset() {
        attempts = 0;
    }

    public int attempts() {
        return attempts;
    }
}

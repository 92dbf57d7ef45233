package io.vigil.kernel.target;

/**
 * Whether the hub hears from a target's agent (DESIGN §3).
 * NOT_CONNECTED: never heartbeated, or not since its secret was rotated.
 * CONNECTED: heartbeated within the stale-after window. STALE: heartbeated before, silent since.
 */
public enum ConnectionStatus { NOT_CONNECTED, CONNECTED, STALE }

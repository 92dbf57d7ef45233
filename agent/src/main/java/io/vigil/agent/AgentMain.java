package io.vigil.agent;

import java.time.Clock;

/** {@code java -jar vigil-agent.jar}: runs the agent until it is stopped (SIGTERM, Ctrl-C). */
public final class AgentMain {

    private AgentMain() {
    }

    public static void main(String[] args) throws Exception {
        AgentConfig config;
        try {
            config = AgentConfig.from(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("vigil-agent: " + e.getMessage());
            System.err.println("usage: java -jar vigil-agent.jar --hub-url=URL --target-id=ID --target-secret=SECRET"
                    + " [--data-dir=DIR] [--docker-host=unix:///var/run/docker.sock] [--host-root=/]"
                    + " [--spool-max-bytes=67108864]   (or VIGIL_HUB_URL, VIGIL_TARGET_ID, ...)");
            System.exit(2);
            return;
        }
        Agent agent = new Agent(config, Clock.systemUTC(), new AgentLog(Clock.systemUTC(), System.err));
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.stop();
            try {
                main.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        agent.run();
    }
}

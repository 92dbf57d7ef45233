package io.vigil.ui;

import static io.vigil.ui.VigilInstance.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.command.CommandSideApplication;
import io.vigil.query.QuerySideApplication;
import io.vigil.testing.MovableClock;
import io.vigil.ui.ScriptedAgent.Report;
import io.vigil.ui.VigilInstance.Answer;

/**
 * The command side and the query side each run alone, as in the scaled-out form: commands and agent
 * calls go to one process, reads to the other, and they meet only in the shared stores.
 */
class RunModesTest {

    @TempDir
    Path commandDir;
    @TempDir
    Path queryDir;

    @Test
    void commandSideAndQuerySideWorkAsSeparateProcessesOverSharedStores() throws IOException {
        MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
        int mongoPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            mongoPort = socket.getLocalPort();
        }
        try (VigilInstance commands = VigilInstance.start(CommandSideApplication.class, commandDir, clock,
                     "--vigil.mongodb.embedded-port=" + mongoPort);
             VigilInstance queries = VigilInstance.start(QuerySideApplication.class, queryDir, clock,
                     "--vigil.mongodb.uri=mongodb://127.0.0.1:" + mongoPort + "/vigil",
                     "--spring.datasource.url=jdbc:h2:file:" + commandDir + "/eventstore;DB_CLOSE_ON_EXIT=FALSE")) {

            Answer created = commands.post("/api/v1/targets", "{\"name\":\"split\",\"type\":\"KUBERNETES\"}");
            assertThat(created.status()).isEqualTo(201);
            String targetId = created.json().get("id").asText();
            var deployment = commands.post("/api/v1/targets/" + targetId + "/deployments",
                    "{\"application\":\"api\",\"version\":\"2\",\"logCollectionEnabled\":false}").json();

            ScriptedAgent agent = new ScriptedAgent(commands, targetId, created.json().get("targetSecret").asText());
            assertThat(agent.login().status()).isEqualTo(200);
            Answer heartbeat = agent.heartbeat(new Report(deployment.get("id").asText(),
                    deployment.get("revisionId").asText(), "PROGRESSING", "1 starting"));
            assertThat(heartbeat.json().get("deployments").get(0).get("logCollectionEnabled").asBoolean()).isFalse();

            await("the query side shows the connected target", () -> {
                Answer view = queries.get("/api/v1/targets/" + targetId);
                // the target's and the deployment's projections catch up independently: path() lets
                // a view without the deployment yet count as "not yet" rather than fail
                return view.status() == 200 && "CONNECTED".equals(view.json().path("status").asText())
                        && "PROGRESSING".equals(view.json().path("deployments").path(0).path("status").asText());
            });
            assertThat(queries.get("/api/v1/targets").json().get("items").get(0).get("type").asText())
                    .isEqualTo("KUBERNETES");
            assertThat(commands.get("/api/v1/targets").status()).as("the command side serves no reads").isIn(404, 405);
            assertThat(queries.post("/api/v1/targets", "{\"name\":\"x\",\"type\":\"DOCKER\"}").status())
                    .as("the query side takes no commands").isIn(404, 405);
        }
    }
}

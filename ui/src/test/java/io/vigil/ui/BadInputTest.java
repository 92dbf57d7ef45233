package io.vigil.ui;

import static io.vigil.ui.VigilInstance.ADMIN_PASSWORD;
import static io.vigil.ui.VigilInstance.await;
import static io.vigil.ui.VigilInstance.basic;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Sorts;

import io.vigil.command.presence.PresenceStore;
import io.vigil.platform.security.Throttles;
import io.vigil.platform.web.BodySizeLimit;
import io.vigil.platform.web.Cursors;
import io.vigil.testing.MovableClock;
import io.vigil.ui.VigilInstance.Answer;

/**
 * Bad input on every endpoint of the agent protocol (DESIGN §4) and of the management and query API
 * (§4b). Each bad request gets the right 4xx (never a 5xx) with an RFC 9457 problem document whose
 * detail a person can act on, and nothing is written: no event, no snapshot, no view or directory
 * change, no presence telemetry. One Vigil serves the whole class; the clock moves only in the
 * expired-token test, and the last test shows the instance still serves valid requests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest {

    private static final String AGENT = "/api/agent/v1";
    private static final String API = "/api/v1";
    private static final String JSON_TYPE = "application/json";
    private static final String VIEWER = "viewer";
    private static final String VIEWER_PASSWORD = "viewer-password-1";
    private static final Duration STALE_AFTER = Duration.ofSeconds(60);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** What a person should not have to read in a problem detail: Java types, parser tokens, exceptions. */
    private static final Pattern INTERNALS = Pattern.compile(
            "io\\.vigil\\.|java\\.|javax\\.|jakarta\\.|com\\.fasterxml|org\\.springframework|Exception|JsonToken");

    @TempDir
    static Path dataDir;

    static final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
    static VigilInstance vigil;

    static String targetA;
    static String secretA;
    static String deploymentA;
    static String revisionA1;
    static String revisionA2;
    static String targetB;
    static String secretB;
    static String deploymentB;
    static String revisionB1;
    /** An id that names nothing. */
    static final String NOBODY = UUID.randomUUID().toString();

    @BeforeAll
    static void startVigilWithTwoReportingTargets() {
        vigil = VigilInstance.start(dataDir, clock, "--vigil.status.stale-after=" + STALE_AFTER.toSeconds() + "s");
        // a signed-in person without the ADMIN role
        vigil.bean(MongoTemplate.class).getCollection("users").insertOne(new Document("_id", VIEWER)
                .append("passwordHash", vigil.bean(PasswordEncoder.class).encode(VIEWER_PASSWORD))
                .append("roles", List.of("VIEWER")));

        JsonNode a = created(vigil.post(API + "/targets", "{\"name\":\"edge-a\",\"type\":\"DOCKER\"}"));
        targetA = a.get("id").asText();
        secretA = a.get("targetSecret").asText();
        JsonNode b = created(vigil.post(API + "/targets",
                "{\"name\":\"edge-b\",\"type\":\"KUBERNETES\",\"customer\":\"acme\"}"));
        targetB = b.get("id").asText();
        secretB = b.get("targetSecret").asText();

        JsonNode depA = created(vigil.post(API + "/targets/" + targetA + "/deployments",
                "{\"application\":\"shop\",\"version\":\"1.0.0\"}"));
        deploymentA = depA.get("id").asText();
        revisionA1 = depA.get("revisionId").asText();
        revisionA2 = created(vigil.post(API + "/deployments/" + deploymentA + "/revisions", "{\"version\":\"1.1.0\"}"))
                .get("revisionId").asText();
        JsonNode depB = created(vigil.post(API + "/targets/" + targetB + "/deployments",
                "{\"application\":\"crm\",\"version\":\"2.0.0\",\"logCollectionEnabled\":false}"));
        deploymentB = depB.get("id").asText();
        revisionB1 = depB.get("revisionId").asText();

        // both agents report, so there is presence, a status and a history to protect
        assertThat(heartbeat(login(targetA, secretA), report(deploymentA, revisionA2, "HEALTHY", "2 healthy")).status())
                .isEqualTo(200);
        assertThat(heartbeat(login(targetB, secretB), report(deploymentB, revisionB1, "RUNNING", "1 running")).status())
                .isEqualTo(200);
        await("both targets are Connected and their deployments reported", () ->
                "CONNECTED".equals(target(targetA).path("status").asText())
                        && "CONNECTED".equals(target(targetB).path("status").asText())
                        && "HEALTHY".equals(deploymentStatus(targetA, deploymentA))
                        && "RUNNING".equals(deploymentStatus(targetB, deploymentB)));
        settle();
    }

    @AfterAll
    static void stopVigil() {
        if (vigil != null) {
            vigil.close();
        }
    }

    // --- the cases --------------------------------------------------------------------------------

    static Stream<Bad> agentCredentials() {
        String heartbeat = heartbeatBody("1.0.0", report(deploymentA, revisionA2, "ERROR", "must not be recorded"));
        return Stream.of(
                bad("Agent login without credentials is refused").post(AGENT + "/login").as(none()).expect(401),
                bad("Agent login with a bearer token instead of Basic credentials is refused").post(AGENT + "/login")
                        .as(tokenOf(() -> targetA, () -> secretA)).expect(401),
                bad("Agent login with a wrong secret is refused").post(AGENT + "/login")
                        .as(() -> basic(targetA, "vgs_not-the-secret")).expect(401),
                bad("Agent login with another target's secret is refused").post(AGENT + "/login")
                        .as(() -> basic(targetA, secretB)).expect(401),
                bad("Agent login with an empty secret is refused").post(AGENT + "/login")
                        .as(() -> basic(targetA, "")).expect(401),
                bad("Agent login with an unknown target id is refused").post(AGENT + "/login")
                        .as(() -> basic(NOBODY, secretA)).expect(401),
                bad("Agent login with a deployment id as target id is refused").post(AGENT + "/login")
                        .as(() -> basic(deploymentA, secretA)).expect(401),
                bad("Agent login with Basic credentials that are not base64 is refused").post(AGENT + "/login")
                        .as(() -> "Basic !!!not*base64!!!").expect(401).detail("base64"),
                bad("Agent login with Basic credentials without a colon is refused").post(AGENT + "/login")
                        .as(() -> "Basic " + base64(targetA)).expect(401),
                bad("Agent login with an empty Basic header is refused").post(AGENT + "/login")
                        .as(() -> "Basic ").expect(401),
                bad("Agent login as the admin user is refused").post(AGENT + "/login")
                        .as(() -> basic("admin", ADMIN_PASSWORD)).expect(401),
                bad("A heartbeat without a token is refused").json(AGENT + "/heartbeat", heartbeat)
                        .as(none()).expect(401),
                bad("A heartbeat with the target's Basic credentials instead of a token is refused")
                        .json(AGENT + "/heartbeat", heartbeat).as(() -> basic(targetA, secretA)).expect(401),
                bad("A heartbeat with an empty bearer token is refused").json(AGENT + "/heartbeat", heartbeat)
                        .as(() -> "Bearer ").expect(401),
                bad("A heartbeat with a random string as token is refused").json(AGENT + "/heartbeat", heartbeat)
                        .as(() -> "Bearer " + UUID.randomUUID()).expect(401),
                bad("A heartbeat with a token of the right form but garbage content is refused")
                        .json(AGENT + "/heartbeat", heartbeat).as(() -> "Bearer vgt_!!!.???").expect(401),
                bad("A heartbeat with a token whose payload was tampered with is refused")
                        .json(AGENT + "/heartbeat", heartbeat)
                        .as(() -> "Bearer " + tamperPayload(login(targetA, secretA))).expect(401),
                bad("A heartbeat with a token whose signature was tampered with is refused")
                        .json(AGENT + "/heartbeat", heartbeat)
                        .as(() -> "Bearer " + tamperSignature(login(targetA, secretA))).expect(401),
                bad("A heartbeat with target B's token payload under target A's signature is refused")
                        .json(AGENT + "/heartbeat", heartbeat)
                        .as(() -> "Bearer " + swapPayload(login(targetA, secretA), login(targetB, secretB)))
                        .expect(401),
                bad("A heartbeat with a token stripped of its signature is refused")
                        .json(AGENT + "/heartbeat", heartbeat)
                        .as(() -> "Bearer " + stripSignature(login(targetA, secretA))).expect(401),
                bad("A heartbeat with the admin's Basic credentials is refused").json(AGENT + "/heartbeat", heartbeat)
                        .as(() -> basic("admin", ADMIN_PASSWORD)).expect(401));
    }

    /** The management and query endpoints, each with a body a person with the right role could send. */
    static List<Bad> managementEndpoints() {
        return List.of(
                bad("Listing the targets").get(API + "/targets"),
                bad("Reading a target").get(API + "/targets/" + targetA),
                bad("Reading a status history").get(API + "/deployments/" + deploymentA + "/status-history"),
                bad("Registering a target").json(API + "/targets", "{\"name\":\"intruder\",\"type\":\"DOCKER\"}"),
                bad("Creating a deployment").json(API + "/targets/" + targetA + "/deployments",
                        "{\"application\":\"intruder\",\"version\":\"6.6.6\"}"),
                bad("Creating a revision").json(API + "/deployments/" + deploymentA + "/revisions",
                        "{\"version\":\"6.6.6\"}"),
                bad("Listing the projections").get(API + "/admin/projections"),
                bad("Reading a projection").get(API + "/admin/projections/target-status"),
                bad("Replaying a projection").post(API + "/admin/projections/target-status/replay"));
    }

    static Stream<Bad> managementCredentials() {
        List<Bad> cases = new ArrayList<>();
        for (Bad endpoint : managementEndpoints()) {
            cases.add(endpoint.copy(endpoint.sentence + " without credentials is refused").as(none()).expect(401));
            cases.add(endpoint.copy(endpoint.sentence + " with a wrong admin password is refused")
                    .as(() -> basic("admin", "not-" + ADMIN_PASSWORD)).expect(401));
            cases.add(endpoint.copy(endpoint.sentence + " with an agent token is refused")
                    .as(tokenOf(() -> targetA, () -> secretA)).expect(401));
            if (!endpoint.method.equals("GET") || endpoint.path.contains("/admin/")) {
                cases.add(endpoint.copy(endpoint.sentence + " as a user without the admin role is forbidden")
                        .as(() -> basic(VIEWER, VIEWER_PASSWORD)).expect(403));
            }
        }
        Bad list = managementEndpoints().get(0);
        Bad register = managementEndpoints().get(3);
        cases.add(list.copy("Listing the targets as an unknown user is refused").as(() -> basic("mallory", "x")).expect(401));
        cases.add(list.copy("Listing the targets with Basic credentials that are not base64 is refused")
                .as(() -> "Basic !!!not*base64!!!").expect(401));
        cases.add(register.copy("Registering a target with Basic credentials that are not base64 is refused")
                .as(() -> "Basic !!!not*base64!!!").expect(401));
        cases.add(register.copy("Registering a target with a target's Basic credentials is refused")
                .as(() -> basic(targetA, secretA)).expect(401));
        return cases.stream();
    }

    static Stream<Bad> malformedBodies() {
        String targets = API + "/targets";
        String deployments = API + "/targets/" + targetA + "/deployments";
        String revisions = API + "/deployments/" + deploymentA + "/revisions";
        String heartbeat = AGENT + "/heartbeat";
        Supplier<String> agentA = tokenOf(() -> targetA, () -> secretA);
        byte[] invalidUtf8 = concat("{\"name\":\"edge-".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xFF, (byte) 0xFE},
                "\",\"type\":\"DOCKER\"}".getBytes(StandardCharsets.UTF_8));
        String longName = "n".repeat(101);
        return Stream.of(
                // registering a target
                bad("Registering a target with a body that is not JSON is refused")
                        .json(targets, "name=edge-c&type=DOCKER").expect(400).detail("JSON"),
                bad("Registering a target with truncated JSON is refused")
                        .json(targets, "{\"name\":\"edge-c\",\"type\":\"DOCKER\"").expect(400),
                bad("Registering a target with JSON followed by more content is refused")
                        .json(targets, "{\"name\":\"edge-c\",\"type\":\"DOCKER\"} {\"name\":\"edge-d\"}").expect(400),
                bad("Registering a target with comments in the JSON is refused")
                        .json(targets, "/* new */ {\"name\":\"edge-c\",\"type\":\"DOCKER\"}").expect(400),
                bad("Registering a target with single-quoted JSON is refused")
                        .json(targets, "{'name':'edge-c','type':'DOCKER'}").expect(400),
                bad("Registering a target with a body that is not UTF-8 is refused")
                        .bytes(targets, invalidUtf8).expect(400),
                bad("Registering a target with an empty body is refused").json(targets, "").expect(400),
                bad("Registering a target with a JSON null is refused").json(targets, "null").expect(400),
                bad("Registering a target with a JSON array is refused")
                        .json(targets, "[{\"name\":\"edge-c\",\"type\":\"DOCKER\"}]").expect(400),
                bad("Registering a target with a JSON string is refused").json(targets, "\"edge-c\"").expect(400),
                bad("Registering a target with an empty object is refused").json(targets, "{}").expect(400)
                        .detail("name"),
                bad("Registering a target with an unknown field is refused")
                        .json(targets, "{\"name\":\"edge-c\",\"type\":\"DOCKER\",\"custmer\":\"acme\"}").expect(400)
                        .detail("custmer"),
                bad("Registering a target with an unknown type is refused")
                        .json(targets, "{\"name\":\"edge-c\",\"type\":\"NOMAD\"}").expect(400).detail("NOMAD"),
                bad("Registering a target with the type as a number is refused")
                        .json(targets, "{\"name\":\"edge-c\",\"type\":0}").expect(400).detail("type"),
                bad("Registering a target without a name is refused")
                        .json(targets, "{\"type\":\"DOCKER\"}").expect(400).detail("name"),
                bad("Registering a target without a type is refused")
                        .json(targets, "{\"name\":\"edge-c\"}").expect(400).detail("type"),
                bad("Registering a target with a blank name is refused")
                        .json(targets, "{\"name\":\"   \",\"type\":\"DOCKER\"}").expect(400).detail("name"),
                bad("Registering a target with a name over 100 characters is refused")
                        .json(targets, "{\"name\":\"" + longName + "\",\"type\":\"DOCKER\"}").expect(400).detail("name"),
                bad("Registering a target with a control character in its name is refused")
                        .json(targets, "{\"name\":\"edge\\u0007c\",\"type\":\"DOCKER\"}").expect(400).detail("name"),
                bad("Registering a target with a line break in its name is refused")
                        .json(targets, "{\"name\":\"edge\\nc\",\"type\":\"DOCKER\"}").expect(400).detail("name"),
                bad("Registering a target with the name as a list is refused")
                        .json(targets, "{\"name\":[\"edge-c\"],\"type\":\"DOCKER\"}").expect(400).detail("name"),
                bad("Registering a target with the name as an object is refused")
                        .json(targets, "{\"name\":{\"first\":\"edge\"},\"type\":\"DOCKER\"}").expect(400).detail("name"),
                bad("Registering a target with a customer over 100 characters is refused")
                        .json(targets, "{\"name\":\"edge-c\",\"type\":\"DOCKER\",\"customer\":\"" + longName + "\"}")
                        .expect(400).detail("customer"),
                bad("Registering a target with a text/plain body is refused")
                        .json(targets, "{\"name\":\"edge-c\",\"type\":\"DOCKER\"}").type("text/plain").expect(415),
                bad("Registering a target without a Content-Type is refused")
                        .json(targets, "{\"name\":\"edge-c\",\"type\":\"DOCKER\"}").type(null).expect(415),
                // creating a deployment
                bad("Creating a deployment with a body that is not JSON is refused")
                        .json(deployments, "application=shop").expect(400),
                bad("Creating a deployment with an empty body is refused").json(deployments, "").expect(400),
                bad("Creating a deployment with an empty object is refused").json(deployments, "{}").expect(400)
                        .detail("application"),
                bad("Creating a deployment with an unknown field is refused")
                        .json(deployments, "{\"application\":\"api\",\"version\":\"1\",\"logCollection\":false}")
                        .expect(400).detail("logCollection"),
                bad("Creating a deployment without an application is refused")
                        .json(deployments, "{\"version\":\"1\"}").expect(400).detail("application"),
                bad("Creating a deployment without a version is refused")
                        .json(deployments, "{\"application\":\"api\"}").expect(400).detail("version"),
                bad("Creating a deployment with a blank application is refused")
                        .json(deployments, "{\"application\":\" \",\"version\":\"1\"}").expect(400).detail("application"),
                bad("Creating a deployment with a control character in its application is refused")
                        .json(deployments, "{\"application\":\"a\\u0000pi\",\"version\":\"1\"}").expect(400)
                        .detail("application"),
                bad("Creating a deployment with a version over 100 characters is refused")
                        .json(deployments, "{\"application\":\"api\",\"version\":\"" + longName + "\"}").expect(400)
                        .detail("version"),
                bad("Creating a deployment with log collection as a word is refused")
                        .json(deployments, "{\"application\":\"api\",\"version\":\"1\",\"logCollectionEnabled\":\"yes\"}")
                        .expect(400).detail("logCollectionEnabled"),
                bad("Creating a deployment with log collection as a list is refused")
                        .json(deployments, "{\"application\":\"api\",\"version\":\"1\",\"logCollectionEnabled\":[true]}")
                        .expect(400).detail("logCollectionEnabled"),
                bad("Creating a deployment with the version as an object is refused")
                        .json(deployments, "{\"application\":\"api\",\"version\":{\"major\":1}}").expect(400)
                        .detail("version"),
                bad("Creating a deployment with a text/plain body is refused")
                        .json(deployments, "{\"application\":\"api\",\"version\":\"1\"}").type("text/plain").expect(415),
                // creating a revision
                bad("Creating a revision with a body that is not JSON is refused")
                        .json(revisions, "version: 2").expect(400),
                bad("Creating a revision with an empty body is refused").json(revisions, "").expect(400),
                bad("Creating a revision with an empty object is refused").json(revisions, "{}").expect(400)
                        .detail("version"),
                bad("Creating a revision with an unknown field is refused")
                        .json(revisions, "{\"versoin\":\"2\"}").expect(400).detail("versoin"),
                bad("Creating a revision with a null version is refused")
                        .json(revisions, "{\"version\":null}").expect(400).detail("version"),
                bad("Creating a revision with the version as a list is refused")
                        .json(revisions, "{\"version\":[\"2\"]}").expect(400).detail("version"),
                bad("Creating a revision with a version over 100 characters is refused")
                        .json(revisions, "{\"version\":\"" + longName + "\"}").expect(400).detail("version"),
                bad("Creating a revision without a Content-Type is refused")
                        .json(revisions, "{\"version\":\"2\"}").type(null).expect(415),
                // the heartbeat
                bad("A heartbeat that is not JSON is refused").json(heartbeat, "agentVersion=1.0.0").as(agentA)
                        .expect(400),
                bad("A heartbeat with truncated JSON is refused")
                        .json(heartbeat, "{\"agentVersion\":\"1.0.0\",\"deployments\":[").as(agentA).expect(400),
                bad("A heartbeat with an empty body is refused").json(heartbeat, "").as(agentA).expect(400),
                bad("A heartbeat that is a JSON null is refused").json(heartbeat, "null").as(agentA).expect(400),
                bad("A heartbeat that is a JSON array is refused").json(heartbeat, "[]").as(agentA).expect(400),
                bad("A heartbeat with an unknown field is refused")
                        .json(heartbeat, "{\"agentVersion\":\"1.0.0\",\"deployments\":[],\"hostname\":\"h1\"}")
                        .as(agentA).expect(400).detail("hostname"),
                bad("A heartbeat with an unknown field in a deployment report is refused")
                        .json(heartbeat, heartbeatBody("1.0.0", withField(report(deploymentA, revisionA2, "ERROR", "x"),
                                "\"containers\":3"))).as(agentA).expect(400).detail("containers"),
                bad("A heartbeat with an unknown status is refused")
                        .json(heartbeat, heartbeatBody("1.0.0", report(deploymentA, revisionA2, "BROKEN", "x")))
                        .as(agentA).expect(400).detail("BROKEN"),
                bad("A heartbeat with the status as a number is refused")
                        .json(heartbeat, heartbeatBody("1.0.0", "{\"deploymentId\":\"" + deploymentA
                                + "\",\"revisionId\":\"" + revisionA2 + "\",\"status\":0}")).as(agentA).expect(400)
                        .detail("status"),
                bad("A heartbeat with deployments as a string is refused")
                        .json(heartbeat, "{\"agentVersion\":\"1.0.0\",\"deployments\":\"" + deploymentA + "\"}")
                        .as(agentA).expect(400).detail("deployments"),
                bad("A heartbeat with deployment reports as strings is refused")
                        .json(heartbeat, "{\"agentVersion\":\"1.0.0\",\"deployments\":[\"" + deploymentA + "\"]}")
                        .as(agentA).expect(400).detail("deployments"),
                bad("A heartbeat with the agent version as an object is refused")
                        .json(heartbeat, "{\"agentVersion\":{\"major\":1},\"deployments\":[]}").as(agentA).expect(400)
                        .detail("agentVersion"),
                bad("A heartbeat with a message as an object is refused")
                        .json(heartbeat, heartbeatBody("1.0.0", "{\"deploymentId\":\"" + deploymentA
                                + "\",\"revisionId\":\"" + revisionA2 + "\",\"status\":\"ERROR\",\"message\":{\"a\":1}}"))
                        .as(agentA).expect(400).detail("message"),
                bad("A heartbeat with a text/plain body is refused")
                        .json(heartbeat, heartbeatBody("1.0.0")).type("text/plain").as(agentA).expect(415),
                // what the heartbeat's fast path leaves to Spring MVC gets MVC's answer, and writes nothing
                bad("A heartbeat whose content type cannot be parsed is refused")
                        .json(heartbeat, heartbeatBody("1.0.0", report(deploymentA, revisionA2, "ERROR", "x")))
                        .type("application/json; charset=").as(agentA).expect(415),
                bad("A heartbeat sent with PUT is refused")
                        .json(heartbeat, heartbeatBody("1.0.0", report(deploymentA, revisionA2, "ERROR", "x")))
                        .method("PUT").as(agentA).expect(405));
    }

    static Stream<Bad> invalidHeartbeats() {
        String heartbeat = AGENT + "/heartbeat";
        Supplier<String> agentA = tokenOf(() -> targetA, () -> secretA);
        Supplier<String> agentB = tokenOf(() -> targetB, () -> secretB);
        List<String> thousandAndOne = new ArrayList<>();
        for (int i = 0; i <= 1000; i++) {
            thousandAndOne.add(report(UUID.randomUUID().toString(), revisionA2, "HEALTHY", null));
        }
        return Stream.of(
                bad("A heartbeat reporting No status is refused")
                        .json(heartbeat, heartbeatBody("1.0.0", report(deploymentA, revisionA2, "NO_STATUS", "x")))
                        .as(agentA).expect(400).detail("NO_STATUS"),
                bad("A heartbeat reporting Stale is refused")
                        .json(heartbeat, heartbeatBody("1.0.0", report(deploymentA, revisionA2, "STALE", "x")))
                        .as(agentA).expect(400).detail("STALE"),
                bad("A heartbeat with a report without status is refused")
                        .json(heartbeat, heartbeatBody("1.0.0", report(deploymentA, revisionA2, null, "x")))
                        .as(agentA).expect(400).detail("status"),
                bad("A heartbeat with a report without deployment id is refused")
                        .json(heartbeat, heartbeatBody("1.0.0", report(null, revisionA2, "ERROR", "x")))
                        .as(agentA).expect(400).detail("deploymentId"),
                bad("A heartbeat with a report with a blank deployment id is refused")
                        .json(heartbeat, heartbeatBody("1.0.0", report(" ", revisionA2, "ERROR", "x")))
                        .as(agentA).expect(400).detail("deploymentId"),
                bad("A heartbeat with a report without revision id is refused")
                        .json(heartbeat, heartbeatBody("1.0.0", report(deploymentA, null, "ERROR", "x")))
                        .as(agentA).expect(400).detail("revisionId"),
                bad("A heartbeat with a null report is refused")
                        .json(heartbeat, heartbeatBody("1.0.0", "null")).as(agentA).expect(400).detail("null"),
                bad("A heartbeat without agent version is refused")
                        .json(heartbeat, "{\"deployments\":[" + report(deploymentA, revisionA2, "ERROR", "x") + "]}")
                        .as(agentA).expect(400).detail("agentVersion"),
                bad("A heartbeat with a blank agent version is refused")
                        .json(heartbeat, heartbeatBody(" ", report(deploymentA, revisionA2, "ERROR", "x")))
                        .as(agentA).expect(400).detail("agentVersion"),
                bad("A heartbeat with an agent version over 100 characters is refused")
                        .json(heartbeat, heartbeatBody("1.".repeat(51), report(deploymentA, revisionA2, "ERROR", "x")))
                        .as(agentA).expect(400).detail("agentVersion"),
                bad("A heartbeat without deployments is refused")
                        .json(heartbeat, "{\"agentVersion\":\"2.0.0\"}").as(agentA).expect(400).detail("deployments"),
                bad("A heartbeat reporting the same deployment twice is refused")
                        .json(heartbeat, heartbeatBody("1.0.0", report(deploymentA, revisionA2, "ERROR", "x"),
                                report(deploymentA, revisionA2, "HEALTHY", "y"))).as(agentA).expect(400)
                        .detail("twice"),
                bad("A heartbeat with more than 1000 deployments is refused")
                        .json(heartbeat, heartbeatBody("1.0.0", thousandAndOne.toArray(String[]::new)))
                        .as(agentA).expect(400).detail("1000"),
                bad("A heartbeat with a message over 4096 characters is refused")
                        .json(heartbeat, heartbeatBody("1.0.0", report(deploymentA, revisionA2, "ERROR", "m".repeat(4097))))
                        .as(agentA).expect(400).detail("4096"),
                bad("A heartbeat reporting an unknown deployment is unprocessable")
                        .json(heartbeat, heartbeatBody("1.0.0", report(NOBODY, revisionA2, "ERROR", "x")))
                        .as(agentA).expect(422).detail(NOBODY),
                bad("A heartbeat with target A's token reporting target B's deployment is unprocessable")
                        .json(heartbeat, heartbeatBody("1.0.0", report(deploymentB, revisionB1, "ERROR", "x")))
                        .as(agentA).expect(422).detail(deploymentB),
                bad("A heartbeat with target B's token reporting target A's deployment is unprocessable")
                        .json(heartbeat, heartbeatBody("1.0.0", report(deploymentA, revisionA2, "ERROR", "x")))
                        .as(agentB).expect(422).detail(deploymentA),
                bad("A heartbeat reporting target A's deployment with target B's revision is unprocessable")
                        .json(heartbeat, heartbeatBody("1.0.0", report(deploymentA, revisionB1, "ERROR", "x")))
                        .as(agentA).expect(422).detail(revisionB1),
                bad("A heartbeat reporting an unknown revision is unprocessable")
                        .json(heartbeat, heartbeatBody("1.0.0", report(deploymentA, NOBODY, "ERROR", "x")))
                        .as(agentA).expect(422).detail(NOBODY),
                bad("A heartbeat with one valid report and one of another target records neither")
                        .json(heartbeat, heartbeatBody("1.0.1", report(deploymentA, revisionA1, "ERROR", "x"),
                                report(deploymentB, revisionB1, "ERROR", "y"))).as(agentA).expect(422)
                        .detail(deploymentB));
    }

    static Stream<Bad> listingParameters() {
        String history = API + "/deployments/" + deploymentA + "/status-history";
        String targets = API + "/targets";
        List<Bad> cases = new ArrayList<>(List.of(
                bad("A status history from a time that is not RFC 3339 is refused")
                        .get(history + query("from", "yesterday")).expect(400).detail("from"),
                bad("A status history from a date without time is refused")
                        .get(history + query("from", "2026-03-01")).expect(400).detail("from"),
                bad("A status history to a time without offset is refused")
                        .get(history + query("to", "2026-03-01T10:00:00")).expect(400).detail("to"),
                bad("A status history from a time equal to its end is refused")
                        .get(history + query("from", "2026-03-01T10:00:00Z", "to", "2026-03-01T10:00:00Z"))
                        .expect(400).detail("before"),
                bad("A status history from a time after its end is refused")
                        .get(history + query("from", "2026-03-02T00:00:00Z", "to", "2026-03-01T00:00:00Z"))
                        .expect(400).detail("before"),
                bad("A status history with limit 0 is refused").get(history + query("limit", "0")).expect(400)
                        .detail("limit"),
                bad("A status history with a negative limit is refused").get(history + query("limit", "-5"))
                        .expect(400).detail("limit"),
                bad("A status history with a limit over 1000 is refused").get(history + query("limit", "1001"))
                        .expect(400).detail("limit"),
                bad("A status history with a limit that is not a number is refused")
                        .get(history + query("limit", "ten")).expect(400).detail("limit"),
                bad("A status history with a fractional limit is refused").get(history + query("limit", "1.5"))
                        .expect(400).detail("limit"),
                bad("A status history with regex neither true nor false is refused")
                        .get(history + query("filter", "ERR", "regex", "maybe")).expect(400).detail("regex"),
                bad("A status history with ignoreCase neither true nor false is refused")
                        .get(history + query("filter", "err", "ignoreCase", "perhaps")).expect(400).detail("ignoreCase"),
                bad("A status history with a plain filter over 200 characters is refused")
                        .get(history + query("filter", "f".repeat(201))).expect(400).detail("200"),
                bad("A status history with a regex filter over 200 characters is refused")
                        .get(history + query("filter", "a|".repeat(100) + "b", "regex", "true")).expect(400)
                        .detail("200"),
                bad("A status history with a cursor that is not base64 is refused")
                        .get(history + query("cursor", "!!not a cursor!!")).expect(400).detail("cursor"),
                bad("A status history with a cursor of the targets listing is refused")
                        .get(history + query("cursor", Cursors.encode("targets", "0"))).expect(400).detail("cursor"),
                bad("A status history with a cursor whose position is not a number is refused")
                        .get(history + query("cursor", Cursors.encode("status-history", "latest"))).expect(400)
                        .detail("cursor"),
                bad("A status history with a cursor at a negative position is refused")
                        .get(history + query("cursor", Cursors.encode("status-history", "-1"))).expect(400)
                        .detail("cursor"),
                // a position no page of this history could have issued; walking down to the real end batch by
                // batch must not be how it is answered
                bad("A status history with a forged cursor far beyond its end is refused")
                        .get(history + query("cursor", Cursors.encode("status-history", "1000000"))).expect(400)
                        .detail("cursor"),
                bad("The targets listing with limit 0 is refused").get(targets + query("limit", "0")).expect(400)
                        .detail("limit"),
                bad("The targets listing with a limit over 1000 is refused").get(targets + query("limit", "1001"))
                        .expect(400).detail("limit"),
                bad("The targets listing with a limit that is not a number is refused")
                        .get(targets + query("limit", "all")).expect(400).detail("limit"),
                bad("The targets listing with a cursor that is not base64 is refused")
                        .get(targets + query("cursor", "%%%")).expect(400).detail("cursor"),
                bad("The targets listing with a cursor of a status history is refused")
                        .get(targets + query("cursor", Cursors.encode("status-history", "3"))).expect(400)
                        .detail("cursor"),
                bad("The targets listing with a cursor at a negative position is refused")
                        .get(targets + query("cursor", Cursors.encode("targets", "-1"))).expect(400).detail("cursor"),
                bad("The targets listing with a cursor whose position is not a number is refused")
                        .get(targets + query("cursor", Cursors.encode("targets", "x"))).expect(400).detail("cursor"),
                bad("The targets listing with a cursor beyond the integer range is refused")
                        .get(targets + query("cursor", Cursors.encode("targets", "99999999999"))).expect(400)
                        .detail("cursor")));
        for (String regex : List.of("(", "[z-a]", "*a", "a**", "\\p{Nope}", "x{1001}")) {
            cases.add(bad("A status history with the invalid regular expression " + regex
                    + " is refused with the parser's message")
                    .get(history + query("filter", regex, "regex", "true")).expect(400).detail(re2Message(regex)));
        }
        return cases.stream();
    }

    static Stream<Bad> unknownIds() {
        return Stream.of(
                bad("Reading an unknown target is not found").get(API + "/targets/" + NOBODY).expect(404).detail(NOBODY),
                bad("Reading a deployment id as a target is not found").get(API + "/targets/" + deploymentA)
                        .expect(404).detail(deploymentA),
                bad("The status history of an unknown deployment is not found")
                        .get(API + "/deployments/" + NOBODY + "/status-history").expect(404).detail(NOBODY),
                bad("The status history of a target id is not found")
                        .get(API + "/deployments/" + targetA + "/status-history").expect(404).detail(targetA),
                bad("Creating a deployment on an unknown target is not found")
                        .json(API + "/targets/" + NOBODY + "/deployments", "{\"application\":\"api\",\"version\":\"1\"}")
                        .expect(404).detail(NOBODY),
                bad("Creating a deployment on a deployment id is not found")
                        .json(API + "/targets/" + deploymentA + "/deployments", "{\"application\":\"api\",\"version\":\"1\"}")
                        .expect(404).detail(deploymentA),
                bad("Creating a revision of an unknown deployment is not found")
                        .json(API + "/deployments/" + NOBODY + "/revisions", "{\"version\":\"2\"}").expect(404)
                        .detail(NOBODY),
                bad("Creating a revision of a target id is not found")
                        .json(API + "/deployments/" + targetA + "/revisions", "{\"version\":\"2\"}").expect(404)
                        .detail(targetA),
                bad("Reading an unknown projection is not found").get(API + "/admin/projections/no-such-view")
                        .expect(404).detail("no-such-view"),
                bad("Replaying an unknown projection is not found").post(API + "/admin/projections/no-such-view/replay")
                        .expect(404).detail("no-such-view"),
                bad("Replaying the agent directory, which is not a replayable projection, is not found")
                        .post(API + "/admin/projections/agent-directory/replay").expect(404).detail("agent-directory"),
                bad("An unknown path of the API is not found").get(API + "/no-such-thing").expect(404),
                bad("An unknown path of the agent API is not found").post(AGENT + "/no-such-thing")
                        .as(tokenOf(() -> targetA, () -> secretA)).expect(404));
    }

    static Stream<Bad> wrongMethods() {
        Supplier<String> agentA = tokenOf(() -> targetA, () -> secretA);
        return Stream.of(
                bad("GET on agent login is not allowed").get(AGENT + "/login").as(() -> basic(targetA, secretA)).expect(405),
                bad("GET on the heartbeat is not allowed").get(AGENT + "/heartbeat").as(agentA).expect(405),
                bad("PUT on the heartbeat is not allowed")
                        .json(AGENT + "/heartbeat", heartbeatBody("1.0.0", report(deploymentA, revisionA2, "ERROR", "x")))
                        .method("PUT").as(agentA).expect(405),
                bad("PUT on the targets collection is not allowed")
                        .json(API + "/targets", "{\"name\":\"edge-c\",\"type\":\"DOCKER\"}").method("PUT").expect(405),
                bad("DELETE on a target is not allowed").delete(API + "/targets/" + targetA).expect(405),
                bad("GET on creating a deployment is not allowed").get(API + "/targets/" + targetA + "/deployments")
                        .expect(405),
                bad("GET on creating a revision is not allowed").get(API + "/deployments/" + deploymentA + "/revisions")
                        .expect(405),
                bad("GET on replaying a projection is not allowed").get(API + "/admin/projections/target-status/replay")
                        .expect(405),
                bad("DELETE on a projection is not allowed").delete(API + "/admin/projections/target-status")
                        .expect(405));
    }

    /** Just over the limit: whitespace before a valid body, so only the size is wrong. */
    static Stream<Bad> oversizedBodies() {
        List<Bad> withLength = List.of(
                bad("agent login").post(AGENT + "/login").as(() -> basic(targetA, secretA)),
                bad("a heartbeat").json(AGENT + "/heartbeat",
                        heartbeatBody("1.0.0", report(deploymentA, revisionA2, "ERROR", "x"))).as(tokenOf(() -> targetA, () -> secretA)),
                bad("registering a target").json(API + "/targets", "{\"name\":\"huge\",\"type\":\"DOCKER\"}"),
                bad("creating a deployment").json(API + "/targets/" + targetA + "/deployments",
                        "{\"application\":\"huge\",\"version\":\"1\"}"),
                bad("creating a revision").json(API + "/deployments/" + deploymentA + "/revisions", "{\"version\":\"huge\"}"),
                bad("replaying a projection").post(API + "/admin/projections/target-status/replay"));
        List<Bad> cases = new ArrayList<>();
        for (Bad call : withLength) {
            cases.add(call.copy("A body over 10 MiB with Content-Length on " + call.sentence + " is refused")
                    .oversized(false).expect(413));
        }
        // chunked: only endpoints that read a body can notice its size (login and replay take none)
        for (Bad call : withLength.subList(1, 5)) {
            cases.add(call.copy("A chunked body over 10 MiB on " + call.sentence + " is refused")
                    .oversized(true).expect(413));
        }
        return cases.stream();
    }

    // --- the tests --------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("agentCredentials")
    void agentCallsWithoutValidCredentialsAreRefusedAndWriteNothing(Bad bad) {
        refuse(bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("managementCredentials")
    void managementCallsWithoutValidCredentialsAreRefusedAndWriteNothing(Bad bad) {
        refuse(bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void malformedBodiesAreRefusedAndWriteNothing(Bad bad) {
        refuse(bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidHeartbeats")
    void invalidHeartbeatsAreRefusedAndRecordNothing(Bad bad) {
        refuse(bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("listingParameters")
    void invalidListingParametersAreRefused(Bad bad) {
        refuse(bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownIds")
    void unknownIdsAreNotFoundAndWriteNothing(Bad bad) {
        refuse(bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongMethods")
    void aMethodAPathDoesNotOfferIsNotAllowedAndNamesTheAllowedOnes(Bad bad) {
        Answer answer = refuse(bad);
        assertThat(answer.raw().headers().firstValue("Allow")).as("Allow header of a 405").isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oversizedBodies")
    void bodiesOverTenMebibytesAreRefusedAndWriteNothing(Bad bad) {
        refuse(bad);
    }

    static Stream<Bad> unauthenticated() {
        return Stream.of(
                bad("Agent login without credentials").post(AGENT + "/login").as(none()).expect(401),
                bad("A heartbeat without a token").json(AGENT + "/heartbeat", heartbeatBody("1.0.0"))
                        .as(none()).expect(401),
                bad("A heartbeat with a tampered token").json(AGENT + "/heartbeat", heartbeatBody("1.0.0"))
                        .as(() -> "Bearer " + tamperSignature(login(targetA, secretA))).expect(401),
                bad("Listing the targets without credentials").get(API + "/targets").as(none()).expect(401));
    }

    /** RFC 9110 §15.5.2: a 401 MUST carry WWW-Authenticate, so clients know which scheme to use. */
    @ParameterizedTest(name = "{0} is answered with a WWW-Authenticate challenge")
    @MethodSource("unauthenticated")
    void everyUnauthorizedAnswerNamesItsAuthenticationScheme(Bad bad) {
        Answer answer = refuse(bad);
        assertThat(answer.raw().headers().firstValue("WWW-Authenticate")).as("WWW-Authenticate of a 401").isPresent();
    }

    @Test
    @Order(Integer.MAX_VALUE - 1)
    void aTokenPastItsFifteenMinutesIsRefusedAndRecordsNothing() {
        String token = login(targetA, secretA);
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        refuse(bad("A heartbeat with an expired token is refused")
                .json(AGENT + "/heartbeat", heartbeatBody("1.0.0", report(deploymentA, revisionA2, "ERROR", "late")))
                .as(() -> "Bearer " + token).expect(401).detail("expired"));
        assertThat(login(targetA, secretA)).as("a fresh login still works").startsWith("vgt_");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void afterAllTheBadInputTheInstanceStillServesValidRequests() {
        Answer beat = heartbeat(login(targetA, secretA), report(deploymentA, revisionA2, "RUNNING", "still serving"));
        assertThat(beat.status()).as(beat.body()).isEqualTo(200);
        assertThat(beat.json().get("deployments").get(0).get("deploymentId").asText()).isEqualTo(deploymentA);
        await("target A is Connected and its deployment Running", () ->
                "CONNECTED".equals(target(targetA).path("status").asText())
                        && "RUNNING".equals(deploymentStatus(targetA, deploymentA)));
        JsonNode newest = vigil.get(API + "/deployments/" + deploymentA + "/status-history?limit=1").json()
                .get("items").get(0);
        assertThat(newest.get("status").asText()).isEqualTo("RUNNING");
        assertThat(newest.get("message").asText()).isEqualTo("still serving");

        int before = vigil.get(API + "/targets").json().get("items").size();
        Answer created = vigil.post(API + "/targets", "{\"name\":\"edge-after\",\"type\":\"DOCKER\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        await("the new target is listed", () -> vigil.get(API + "/targets").json().get("items").size() == before + 1);
        assertThat(vigil.get(API + "/admin/projections").status()).isEqualTo(200);
    }

    // --- refusing and checking that nothing was written -------------------------------------------

    /** Sends a bad request; asserts the problem answer and that nothing was written. */
    static Answer refuse(Bad bad) {
        String authorization = bad.authorization.get();
        Snapshot before = snapshot();
        Answer answer = send(bad, authorization);
        Snapshot after = snapshot();
        SoftAssertions soft = new SoftAssertions();
        assertProblem(soft, answer, bad.status, bad.detail);
        soft.assertThat(before.differencesTo(after)).as("what the refused request wrote").isEmpty();
        soft.assertAll();
        return answer;
    }

    static void assertProblem(SoftAssertions soft, Answer answer, int status, String detailContains) {
        soft.assertThat(answer.status()).as("status; body: %s", abbreviate(answer.body())).isEqualTo(status);
        String contentType = answer.raw().headers().firstValue("Content-Type").orElse("");
        soft.assertThat(contentType.split(";")[0].trim()).as("Content-Type").isEqualTo("application/problem+json");
        JsonNode problem;
        try {
            problem = MAPPER.readTree(answer.body());
        } catch (Exception e) {
            soft.fail("the body is not a JSON problem document: " + abbreviate(answer.body()));
            return;
        }
        if (problem == null || !problem.isObject()) {
            soft.fail("the body is not a JSON problem document: " + abbreviate(answer.body()));
            return;
        }
        soft.assertThat(problem.path("title").asText()).as("title").isNotBlank();
        soft.assertThat(problem.path("status").asInt()).as("status member").isEqualTo(answer.status());
        String detail = problem.path("detail").asText();
        soft.assertThat(detail).as("detail").isNotBlank().doesNotContainPattern(INTERNALS);
        if (detailContains != null) {
            soft.assertThat(detail).as("detail").contains(detailContains);
        }
    }

    /** Everything a request could write: events, snapshots, every collection but tracking tokens, the views. */
    record Snapshot(long events, long snapshots, Map<String, List<Document>> collections, String targets,
                    String historyA, String historyB) {

        List<String> differencesTo(Snapshot after) {
            List<String> differences = new ArrayList<>();
            if (events != after.events) {
                differences.add("events: " + events + " -> " + after.events);
            }
            if (snapshots != after.snapshots) {
                differences.add("snapshots: " + snapshots + " -> " + after.snapshots);
            }
            for (String name : union(collections.keySet(), after.collections.keySet())) {
                List<Document> was = collections.getOrDefault(name, List.of());
                List<Document> is = after.collections.getOrDefault(name, List.of());
                if (!was.equals(is)) {
                    List<Document> added = new ArrayList<>(is);
                    added.removeAll(was);
                    List<Document> removed = new ArrayList<>(was);
                    removed.removeAll(is);
                    differences.add("collection " + name + ": now " + abbreviate(added.toString()) + ", was "
                            + abbreviate(removed.toString()));
                }
            }
            if (!targets.equals(after.targets)) {
                differences.add("GET /api/v1/targets: " + abbreviate(after.targets) + ", was " + abbreviate(targets));
            }
            if (!historyA.equals(after.historyA) || !historyB.equals(after.historyB)) {
                differences.add("a status history changed");
            }
            return differences;
        }

        private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
            java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
            all.addAll(b);
            return new ArrayList<>(all);
        }
    }

    static Snapshot snapshot() {
        settle();
        MongoTemplate mongo = vigil.bean(MongoTemplate.class);
        Map<String, List<Document>> collections = new TreeMap<>();
        for (String name : mongo.getCollectionNames()) {
            // tracking-token claims are renewed while idle; a refused sign-in or agent login is counted by its
            // throttle, which is the point of the throttle, not data the request wrote (ThrottleTest covers it)
            if (!name.toLowerCase().contains("token") && !name.equals(Throttles.COLLECTION)) {
                collections.put(name, mongo.getCollection(name).find().sort(Sorts.ascending("_id"))
                        .into(new ArrayList<>()));
            }
        }
        // the agent directory lives next to the event store (V2 migration): its rows count as well
        JdbcTemplate jdbc = vigil.bean(JdbcTemplate.class);
        for (String table : List.of("agent_target", "agent_deployment", "agent_revision")) {
            List<Document> rows = new ArrayList<>();
            jdbc.queryForList("SELECT * FROM " + table + " ORDER BY 1, 2").forEach(row -> rows.add(new Document(row)));
            collections.put("table " + table, rows);
        }
        return new Snapshot(count("DomainEventEntry"), count("SnapshotEventEntry"), collections,
                vigil.get(API + "/targets").body(),
                vigil.get(API + "/deployments/" + deploymentA + "/status-history").body(),
                vigil.get(API + "/deployments/" + deploymentB + "/status-history").body());
    }

    /**
     * Waits until nothing is in flight: heartbeat times are stored, the sweeper has marked every silent
     * target and deployment, every projection has caught up, and the event count held still over
     * consecutive polls.
     */
    static void settle() {
        vigil.bean(PresenceStore.class).flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long last = -1;
        int quiet = 0;
        while (quiet < 2) {
            long events = count("DomainEventEntry");
            boolean calm = !staleMarkPending() && projectionsUpToDate() && events == count("DomainEventEntry");
            quiet = calm && events == last ? quiet + 1 : 0;
            last = events;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the instance did not become quiet within 60 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The sweeper's rule (PresenceStore.Mark.silentSince): silent past stale-after and not marked for it. */
    static boolean staleMarkPending() {
        Instant cutoff = clock.instant().minus(STALE_AFTER);
        PresenceStore presence = vigil.bean(PresenceStore.class);
        for (Document doc : presence.all()) {
            PresenceStore.Presence seen = presence.read(doc);
            if (seen.target().silentSince(cutoff)
                    || seen.deployments().values().stream().anyMatch(mark -> mark.silentSince(cutoff))) {
                return true;
            }
        }
        return false;
    }


    static boolean projectionsUpToDate() {
        Answer answer = vigil.get(API + "/admin/projections");
        if (answer.status() != 200) {
            return false;
        }
        for (JsonNode projection : answer.json()) {
            if (!projection.path("upToDate").asBoolean()) {
                return false;
            }
        }
        return true;
    }

    static long count(String table) {
        Long count = vigil.bean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
        return count == null ? 0 : count;
    }

    // --- requests ---------------------------------------------------------------------------------

    /** One bad request: what to send, and the refusal it must get. */
    static final class Bad {
        final String sentence;
        String method = "GET";
        String path;
        Supplier<String> authorization = () -> basic("admin", ADMIN_PASSWORD);
        String contentType;
        Supplier<byte[]> body;
        boolean chunked;
        int status;
        String detail;

        Bad(String sentence) {
            this.sentence = sentence;
        }

        Bad copy(String newSentence) {
            Bad copy = new Bad(newSentence);
            copy.method = method;
            copy.path = path;
            copy.authorization = authorization;
            copy.contentType = contentType;
            copy.body = body;
            copy.chunked = chunked;
            copy.status = status;
            copy.detail = detail;
            return copy;
        }

        Bad get(String path) {
            this.method = "GET";
            this.path = path;
            return this;
        }

        Bad delete(String path) {
            this.method = "DELETE";
            this.path = path;
            return this;
        }

        /** A POST without body, as agents log in and people start a replay. */
        Bad post(String path) {
            this.method = "POST";
            this.path = path;
            return this;
        }

        Bad json(String path, String json) {
            return bytes(path, json.getBytes(StandardCharsets.UTF_8));
        }

        Bad bytes(String path, byte[] bytes) {
            this.method = "POST";
            this.path = path;
            this.contentType = JSON_TYPE;
            this.body = () -> bytes;
            return this;
        }

        Bad method(String method) {
            this.method = method;
            return this;
        }

        Bad type(String contentType) {
            this.contentType = contentType;
            return this;
        }

        Bad as(Supplier<String> authorization) {
            this.authorization = authorization;
            return this;
        }

        /** The same request padded with leading whitespace to just over the limit, built only when sent. */
        Bad oversized(boolean chunked) {
            Supplier<byte[]> original = body == null ? () -> new byte[0] : body;
            this.body = () -> {
                byte[] tail = original.get();
                byte[] padded = new byte[(int) BodySizeLimit.MAX_BYTES + 1 + tail.length];
                Arrays.fill(padded, 0, padded.length - tail.length, (byte) ' ');
                System.arraycopy(tail, 0, padded, padded.length - tail.length, tail.length);
                return padded;
            };
            if (contentType == null) {
                contentType = JSON_TYPE;
            }
            this.chunked = chunked;
            return this;
        }

        Bad expect(int status) {
            this.status = status;
            return this;
        }

        Bad detail(String fragment) {
            this.detail = fragment;
            return this;
        }

        @Override
        public String toString() {
            return sentence;
        }
    }

    static Bad bad(String sentence) {
        return new Bad(sentence);
    }

    static Answer send(Bad bad, String authorization) {
        HttpRequest.BodyPublisher publisher;
        if (bad.body == null) {
            publisher = BodyPublishers.noBody();
        } else {
            byte[] bytes = bad.body.get();
            publisher = bad.chunked ? BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                    : BodyPublishers.ofByteArray(bytes);
        }
        // longer than VigilInstance's 30 s, so that a slow refusal is seen as the answer it ends in
        HttpRequest.Builder request = vigil.request(bad.path).timeout(Duration.ofSeconds(90)).method(bad.method, publisher);
        if (bad.contentType != null) {
            request.header("Content-Type", bad.contentType);
        }
        return vigil.send(request, authorization);
    }

    static Supplier<String> none() {
        return () -> null;
    }

    /** A fresh token at the time of the request (the clock may have moved since the table was built). */
    static Supplier<String> tokenOf(Supplier<String> targetId, Supplier<String> secret) {
        return () -> "Bearer " + login(targetId.get(), secret.get());
    }

    static String login(String targetId, String secret) {
        Answer answer = vigil.send(vigil.request(AGENT + "/login").POST(BodyPublishers.noBody()), basic(targetId, secret));
        assertThat(answer.status()).as("login of %s: %s", targetId, answer.body()).isEqualTo(200);
        return answer.json().get("token").asText();
    }

    static Answer heartbeat(String token, String... reports) {
        return vigil.send(vigil.request(AGENT + "/heartbeat").POST(VigilInstance.body(heartbeatBody("1.0.0", reports)))
                .header("Content-Type", JSON_TYPE), "Bearer " + token);
    }

    static String heartbeatBody(String agentVersion, String... reports) {
        return "{\"agentVersion\":" + VigilInstance.json(agentVersion) + ",\"deployments\":[" + String.join(",", reports)
                + "]}";
    }

    static String report(String deploymentId, String revisionId, String status, String message) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("deploymentId", deploymentId);
        report.put("revisionId", revisionId);
        report.put("status", status);
        report.put("message", message);
        return VigilInstance.json(report);
    }

    static String withField(String jsonObject, String field) {
        return jsonObject.substring(0, jsonObject.length() - 1) + "," + field + "}";
    }

    static String query(String... keysAndValues) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            query.append(i == 0 ? '?' : '&').append(keysAndValues[i]).append('=')
                    .append(URLEncoder.encode(keysAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    // --- tokens, tampered -------------------------------------------------------------------------

    /** Replaces a character in the middle (every bit of it counts, unlike the last one of unpadded base64). */
    static String flipMiddle(String base64url) {
        int i = base64url.length() / 2;
        char replacement = base64url.charAt(i) == 'A' ? 'B' : 'A';
        return base64url.substring(0, i) + replacement + base64url.substring(i + 1);
    }

    static String payload(String token) {
        return token.substring("vgt_".length(), token.lastIndexOf('.'));
    }

    static String signature(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }

    static String tamperPayload(String token) {
        return "vgt_" + flipMiddle(payload(token)) + "." + signature(token);
    }

    static String tamperSignature(String token) {
        return "vgt_" + payload(token) + "." + flipMiddle(signature(token));
    }

    static String swapPayload(String signedToken, String payloadToken) {
        return "vgt_" + payload(payloadToken) + "." + signature(signedToken);
    }

    static String stripSignature(String token) {
        return "vgt_" + payload(token) + ".";
    }

    // --- small things -----------------------------------------------------------------------------

    static JsonNode created(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    static JsonNode target(String targetId) {
        return vigil.get(API + "/targets/" + targetId).json();
    }

    static String deploymentStatus(String targetId, String deploymentId) {
        for (JsonNode deployment : target(targetId).path("deployments")) {
            if (deployment.path("id").asText().equals(deploymentId)) {
                return deployment.path("status").asText();
            }
        }
        return null;
    }

    static String re2Message(String regex) {
        try {
            com.google.re2j.Pattern.compile(regex);
        } catch (com.google.re2j.PatternSyntaxException e) {
            return e.getMessage();
        }
        throw new AssertionError(regex + " is a valid RE2 expression");
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static String abbreviate(String text) {
        String value = Objects.toString(text);
        return value.length() <= 600 ? value : value.substring(0, 600) + "…";
    }
}

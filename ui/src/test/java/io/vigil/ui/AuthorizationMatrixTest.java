package io.vigil.ui;

import static io.vigil.ui.Tenants.admin;
import static io.vigil.ui.Tenants.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.vigil.testing.MovableClock;
import io.vigil.ui.VigilInstance.Answer;

/**
 * Every endpoint of the API, discovered from the running application's request mappings (so a new
 * endpoint cannot be forgotten), called by every kind of caller; every cell is asserted. Path variables
 * name customer A's target and deployment, so customer B must never get anything but a refusal there.
 *
 * <p>Endpoints listed in {@link #RULES} have exact expectations. An endpoint not listed is still walked
 * with a rule inferred from its shape (agent API; admin API; a read or a change addressed by target or
 * deployment), which asserts the no-leak part; an endpoint whose rule cannot be inferred fails the test
 * until a row is added here.
 */
class AuthorizationMatrixTest {

    enum Caller { ANONYMOUS, VENDOR_ADMIN, VENDOR_READ_ONLY, CUSTOMER_A_ADMIN, CUSTOMER_B_USER, AGENT_OF_TARGET_A }

    enum Rule {
        /** vendor admins only */ VENDOR_ADMIN,
        /** vendor users, admins or read-only */ VENDOR_READ,
        /** any signed-in person; answers are scoped (checked for leaks) */ LIST,
        /** a read of customer A's resource */ READ_SCOPED,
        /** an action on customer A's target, allowed to its admins and vendor admins */ ACT_SCOPED,
        /** any signed-in person, for themselves */ PERSONAL,
        /** revoking customer A's admin's own token */ OWN_TOKEN,
        /** signing in and out */ SESSION,
        AGENT_LOGIN, AGENT, CONNECT,
        /** inferred for an unlisted change addressed by target or deployment: only refusals may differ */
        SCOPED_CHANGE
    }

    static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("POST /api/agent/v1/login", Rule.AGENT_LOGIN),
            Map.entry("POST /api/agent/v1/heartbeat", Rule.AGENT),
            Map.entry("GET /api/agent/v1/deployments/{deploymentId}/revisions/{revisionId}", Rule.AGENT),
            Map.entry("GET /api/agent/v1/connect", Rule.CONNECT),
            Map.entry("GET /api/v1/targets", Rule.LIST),
            Map.entry("POST /api/v1/targets", Rule.VENDOR_ADMIN),
            Map.entry("GET /api/v1/targets/{targetId}", Rule.READ_SCOPED),
            Map.entry("POST /api/v1/targets/{targetId}/deployments", Rule.VENDOR_ADMIN),
            Map.entry("POST /api/v1/targets/{targetId}/reconnect", Rule.ACT_SCOPED),
            Map.entry("PUT /api/v1/targets/{targetId}/organisation", Rule.VENDOR_ADMIN),
            Map.entry("POST /api/v1/deployments/{deploymentId}/revisions", Rule.VENDOR_ADMIN),
            Map.entry("GET /api/v1/deployments/{deploymentId}/status-history", Rule.READ_SCOPED),
            Map.entry("GET /api/v1/organisations", Rule.LIST),
            Map.entry("POST /api/v1/organisations", Rule.VENDOR_ADMIN),
            Map.entry("GET /api/v1/users", Rule.LIST),
            Map.entry("POST /api/v1/users", Rule.VENDOR_ADMIN),
            Map.entry("DELETE /api/v1/users/{name}", Rule.VENDOR_ADMIN),
            Map.entry("GET /api/v1/me", Rule.LIST),
            Map.entry("GET /api/v1/me/tokens", Rule.LIST),
            Map.entry("POST /api/v1/me/tokens", Rule.PERSONAL),
            Map.entry("DELETE /api/v1/me/tokens/{tokenId}", Rule.OWN_TOKEN),
            Map.entry("POST /api/v1/session", Rule.SESSION),
            Map.entry("DELETE /api/v1/session", Rule.SESSION),
            Map.entry("GET /api/v1/audit", Rule.LIST),
            Map.entry("GET /api/v1/alerts", Rule.LIST),
            Map.entry("GET /api/v1/alert-rules", Rule.VENDOR_READ),
            Map.entry("PUT /api/v1/alert-rules", Rule.VENDOR_ADMIN),
            Map.entry("GET /api/v1/notification-channels", Rule.VENDOR_READ),
            Map.entry("POST /api/v1/notification-channels", Rule.VENDOR_ADMIN),
            Map.entry("DELETE /api/v1/notification-channels/{id}", Rule.VENDOR_ADMIN),
            Map.entry("GET /api/v1/notification-deliveries", Rule.VENDOR_READ),
            Map.entry("GET /api/v1/admin/projections", Rule.VENDOR_ADMIN),
            Map.entry("GET /api/v1/admin/projections/{name}", Rule.VENDOR_ADMIN),
            Map.entry("POST /api/v1/admin/projections/{name}/replay", Rule.VENDOR_ADMIN));

    static final Map<String, String> BODIES = Map.of(
            "POST /api/v1/notification-channels", "{\"type\":\"EMAIL\",\"name\":\"ops\",\"to\":\"ops@example.test\"}",
            "PUT /api/v1/alert-rules", "{\"diskThresholdPercent\":85}",
            "POST /api/v1/targets", "{\"name\":\"matrix\",\"type\":\"DOCKER\"}",
            "POST /api/v1/targets/{targetId}/deployments", "{\"application\":\"matrix\",\"version\":\"1\"}",
            "POST /api/v1/deployments/{deploymentId}/revisions", "{\"version\":\"2\"}",
            "POST /api/v1/organisations", "{\"name\":\"matrix\"}",
            "POST /api/v1/me/tokens", "{\"name\":\"matrix\"}",
            "POST /api/agent/v1/heartbeat", "{\"agentVersion\":\"1.0.0\",\"deployments\":[]}");

    @TempDir
    static Path dataDir;
    static final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
    static VigilInstance vigil;
    static Tenants tenants;
    static String secretA;
    static final AtomicInteger counter = new AtomicInteger();

    record Endpoint(String method, String pattern) {
        String key() {
            return method + " " + pattern;
        }
    }

    @BeforeAll
    static void start() {
        vigil = VigilInstance.start(dataDir, clock, "--vigil.agent.connect-requests=1000");
        tenants = new Tenants(vigil);
        secretA = tenants.a.secret();
    }

    @AfterAll
    static void stop() {
        vigil.close();
    }

    static List<Endpoint> discovered() {
        RequestMappingHandlerMapping mapping = vigil.context()
                .getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        Set<Endpoint> endpoints = new TreeSet<>(Comparator.comparing((Endpoint e) -> e.pattern().endsWith("/replay"))
                .thenComparing(Endpoint::pattern).thenComparing(Endpoint::method));
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue; // the landing page, the API description and Spring's error page are not the API
                }
                if (methods.isEmpty()) {
                    endpoints.add(new Endpoint("GET", pattern));
                    endpoints.add(new Endpoint("POST", pattern));
                }
                methods.forEach(m -> endpoints.add(new Endpoint(m.name(), pattern)));
            }
        }
        return new ArrayList<>(endpoints);
    }

    @Test
    void everyListedRuleNamesAnEndpointThatExists() {
        assertThat(discovered().stream().map(Endpoint::key).toList()).containsAll(RULES.keySet());
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointForEveryCaller() {
        List<DynamicTest> cells = new ArrayList<>();
        for (Endpoint endpoint : discovered()) {
            Rule rule = rule(endpoint);
            for (Caller caller : Caller.values()) {
                cells.add(DynamicTest.dynamicTest(endpoint.key() + " as " + caller + " (" + rule + ")",
                        () -> cell(endpoint, rule, caller)));
            }
        }
        return cells.stream();
    }

    @Test
    void anAgentTokenOfTargetACannotReportTargetBsDeployments() {
        Answer answer = vigil.send(vigil.request("/api/agent/v1/heartbeat").POST(VigilInstance.body(
                "{\"agentVersion\":\"1.0.0\",\"deployments\":[{\"deploymentId\":\"" + tenants.b.deploymentId()
                        + "\",\"revisionId\":\"" + tenants.b.revisionId() + "\",\"status\":\"ERROR\",\"message\":\"x\"}]}"))
                .header("Content-Type", "application/json"), agentToken());
        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(tenants.get("/api/v1/targets/" + tenants.b.targetId(), admin()).json().get("deployments").get(0)
                .get("status").asText()).isEqualTo("NO_STATUS");
    }

    static Rule rule(Endpoint endpoint) {
        Rule listed = RULES.get(endpoint.key());
        if (listed != null) {
            return listed;
        }
        String p = endpoint.pattern();
        if (p.startsWith("/api/agent/")) {
            return Rule.AGENT;
        }
        if (p.startsWith("/api/v1/admin/")) {
            return Rule.VENDOR_ADMIN;
        }
        if (p.contains("{targetId}") || p.contains("{deploymentId}")) {
            return endpoint.method().equals("GET") ? Rule.READ_SCOPED : Rule.SCOPED_CHANGE;
        }
        throw new AssertionError(endpoint.key() + " has no row in AuthorizationMatrixTest.RULES and its rule cannot be"
                + " inferred: add one (who may call it?)");
    }

    static void cell(Endpoint endpoint, Rule rule, Caller caller) {
        Answer answer = call(endpoint, rule, caller);
        String what = endpoint.key() + " as " + caller + " → " + answer.status() + " " + answer.body();
        assertThat(answer.status()).as(what).isLessThan(500);
        boolean agentApi = rule == Rule.AGENT || rule == Rule.AGENT_LOGIN || rule == Rule.CONNECT;
        if (caller == Caller.ANONYMOUS && rule != Rule.SESSION && rule != Rule.CONNECT) {
            assertThat(answer.status()).as(what).isEqualTo(401);
            return;
        }
        if (caller == Caller.AGENT_OF_TARGET_A && !agentApi) {
            assertThat(answer.status()).as("an agent token is no person: " + what).isEqualTo(401);
            return;
        }
        if (agentApi) {
            boolean agent = caller == Caller.AGENT_OF_TARGET_A;
            if (rule == Rule.CONNECT) {
                assertThat(answer.status()).as(what).isEqualTo(agent ? 200 : 401);
            } else if (!agent) {
                assertThat(answer.status()).as("people are not agents: " + what).isEqualTo(401);
            } else if (RULES.containsKey(endpoint.key())) {
                assertThat(answer.status()).as(what).isEqualTo(200);
            } else {
                assertThat(answer.status()).as("the agent is let in: " + what).isNotIn(401, 403);
            }
            return;
        }
        boolean vendorAdmin = caller == Caller.VENDOR_ADMIN;
        switch (rule) {
            case VENDOR_ADMIN -> expect(what, answer, vendorAdmin ? s -> s >= 200 && s < 300 : s -> s == 403);
            case VENDOR_READ -> expect(what, answer, caller == Caller.VENDOR_ADMIN || caller == Caller.VENDOR_READ_ONLY
                    ? s -> s == 200 : s -> s == 403);
            case LIST -> {
                expect(what, answer, s -> s == 200);
                if (caller == Caller.CUSTOMER_B_USER) {
                    assertThat(answer.body()).as("customer B sees nothing of A or the vendor: " + what)
                            .doesNotContain(tenants.a.targetId()).doesNotContain(tenants.orgA).doesNotContain("alice")
                            .doesNotContain(tenants.vendor.targetId()).doesNotContain("vera");
                }
                if (caller == Caller.CUSTOMER_A_ADMIN) {
                    assertThat(answer.body()).as("customer A sees nothing of B: " + what)
                            .doesNotContain(tenants.b.targetId()).doesNotContain(tenants.orgB).doesNotContain("bob");
                }
            }
            case READ_SCOPED -> expect(what, answer, caller == Caller.CUSTOMER_B_USER ? s -> s == 404 : s -> s == 200);
            case ACT_SCOPED -> expect(what, answer, switch (caller) {
                case CUSTOMER_B_USER -> s -> s == 404;
                case VENDOR_READ_ONLY -> s -> s == 403;
                default -> s -> s == 200;
            });
            case PERSONAL -> expect(what, answer, s -> s == 201);
            case OWN_TOKEN -> expect(what, answer, caller == Caller.CUSTOMER_A_ADMIN ? s -> s == 204 : s -> s == 404);
            case SESSION -> expect(what, answer, s -> s == 200 || s == 204);
            case SCOPED_CHANGE -> expect(what, answer, switch (caller) {
                case CUSTOMER_B_USER -> s -> s == 403 || s == 404;
                case VENDOR_READ_ONLY -> s -> s == 403;
                default -> s -> s != 401;
            });
            default -> throw new AssertionError("no expectation for " + rule);
        }
        if (answer.status() == 200 && endpoint.pattern().endsWith("/reconnect")) {
            secretA = answer.json().get("targetSecret").asText();
        }
    }

    private static void expect(String what, Answer answer, IntPredicate allowed) {
        assertThat(allowed.test(answer.status())).as(what).isTrue();
    }

    static Answer call(Endpoint endpoint, Rule rule, Caller caller) {
        String path = endpoint.pattern()
                .replace("{targetId}", tenants.a.targetId())
                .replace("{deploymentId}", tenants.a.deploymentId())
                .replace("{revisionId}", tenants.a.revisionId());
        if (path.contains("{name}")) {
            path = path.replace("{name}", path.contains("/projections/") ? "target-status" : freshUser());
        }
        if (path.contains("/notification-channels/{id}")) {
            path = path.replace("{id}", tenants.post("/api/v1/notification-channels",
                    "{\"type\":\"EMAIL\",\"name\":\"doomed\",\"to\":\"ops@example.test\"}", admin())
                    .json().get("id").asText());
        }
        if (path.contains("{tokenId}")) {
            path = path.replace("{tokenId}", tenants.post("/api/v1/me/tokens", "{\"name\":\"victim\"}", as("alice"))
                    .json().get("id").asText());
        }
        if (endpoint.pattern().startsWith("/api/v1/deployments/{deploymentId}/logs")) {
            path += "?resource=backend-1"; // a container log is one resource's
        }
        if (endpoint.pattern().startsWith("/api/v1/deployments/{deploymentId}/logs")) {
            path += "?resource=backend-1"; // a container log is one resource's
        }
        if (rule == Rule.CONNECT) {
            String secret = caller == Caller.AGENT_OF_TARGET_A ? secretA : "vgs_not-the-secret";
            path += "?targetId=" + tenants.a.targetId() + "&targetSecret=" + secret;
        }
        String body = BODIES.getOrDefault(endpoint.key(), "{}");
        if (endpoint.key().equals("POST /api/v1/users")) {
            body = "{\"name\":\"matrix-" + counter.incrementAndGet() + "\",\"password\":\"" + Tenants.PASSWORD
                    + "\",\"role\":\"READ_ONLY\"}";
        }
        if (endpoint.key().equals("PUT /api/v1/targets/{targetId}/organisation")) {
            body = "{\"organisationId\":\"" + tenants.orgA + "\"}";
        }
        if (rule == Rule.SESSION) {
            String name = switch (caller) {
                case VENDOR_ADMIN -> "admin";
                case VENDOR_READ_ONLY -> "vera";
                case CUSTOMER_B_USER -> "bob";
                default -> "alice";
            };
            body = "{\"name\":\"" + name + "\",\"password\":\"" + (name.equals("admin") ? VigilInstance.ADMIN_PASSWORD
                    : Tenants.PASSWORD) + "\"}";
        }
        HttpRequest.Builder request = vigil.request(path);
        switch (endpoint.method()) {
            case "GET" -> request.GET();
            case "DELETE" -> request.DELETE();
            default -> request.method(endpoint.method(), VigilInstance.body(body)).header("Content-Type",
                    "application/json");
        }
        if (endpoint.pattern().endsWith("/tail")) {
            return vigil.sendForStatus(request, credentials(caller, rule)); // a live tail never ends by itself
        }
        return vigil.send(request, credentials(caller, rule));
    }

    private static String credentials(Caller caller, Rule rule) {
        return switch (caller) {
            case ANONYMOUS -> null;
            case VENDOR_ADMIN -> admin();
            case VENDOR_READ_ONLY -> as("vera");
            case CUSTOMER_A_ADMIN -> as("alice");
            case CUSTOMER_B_USER -> as("bob");
            case AGENT_OF_TARGET_A -> rule == Rule.AGENT_LOGIN ? VigilInstance.basic(tenants.a.targetId(), secretA)
                    : rule == Rule.CONNECT ? null : agentToken();
        };
    }

    private static String agentToken() {
        ScriptedAgent agent = new ScriptedAgent(vigil, tenants.a.targetId(), secretA);
        Answer login = agent.login();
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return "Bearer " + agent.token();
    }

    private static String freshUser() {
        String name = "doomed-" + counter.incrementAndGet();
        tenants.user(name, "READ_ONLY", null);
        return name;
    }
}

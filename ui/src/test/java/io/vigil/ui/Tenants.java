package io.vigil.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.ui.VigilInstance.Answer;

/**
 * A vendor with two customers, set up over HTTP by the vendor admin: organisations A and B, a vendor
 * read-only user, customer A's admin and read-only user, customer B's admin, and one target with a
 * deployment each for the vendor, A (assigned when registered) and B (assigned afterwards).
 */
final class Tenants {

    static final String PASSWORD = "a-long-enough-password";

    final VigilInstance vigil;
    final String orgA;
    final String orgB;
    final Resources vendor;
    final Resources a;
    final Resources b;

    record Resources(String targetId, String deploymentId, String revisionId, String secret) {}

    Tenants(VigilInstance vigil) {
        this.vigil = vigil;
        orgA = created(vigil.post("/api/v1/organisations", "{\"name\":\"Customer A\"}")).get("id").asText();
        orgB = created(vigil.post("/api/v1/organisations", "{\"name\":\"Customer B\"}")).get("id").asText();
        user("vera", "READ_ONLY", null);
        user("alice", "CUSTOMER_ADMIN", orgA);
        user("arnold", "CUSTOMER_READ_ONLY", orgA);
        user("bob", "CUSTOMER_ADMIN", orgB);
        vendor = target("vendor-edge", null);
        a = target("a-edge", orgA);
        Resources unassigned = target("b-edge", null);
        Answer assigned = vigil.send(vigil.request("/api/v1/targets/" + unassigned.targetId() + "/organisation")
                .PUT(VigilInstance.body("{\"organisationId\":\"" + orgB + "\"}"))
                .header("Content-Type", "application/json"), admin());
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        b = unassigned;
    }

    void user(String name, String role, String organisationId) {
        created(vigil.post("/api/v1/users", VigilInstance.json(organisationId == null
                ? Map.of("name", name, "password", PASSWORD, "role", role)
                : Map.of("name", name, "password", PASSWORD, "role", role, "organisationId", organisationId))));
    }

    private Resources target(String name, String organisationId) {
        JsonNode target = created(vigil.post("/api/v1/targets", organisationId == null
                ? "{\"name\":\"" + name + "\",\"type\":\"DOCKER\"}"
                : "{\"name\":\"" + name + "\",\"type\":\"DOCKER\",\"organisationId\":\"" + organisationId + "\"}"));
        String id = target.get("id").asText();
        JsonNode deployment = created(vigil.post("/api/v1/targets/" + id + "/deployments",
                "{\"application\":\"shop\",\"version\":\"1\"}"));
        return new Resources(id, deployment.get("id").asText(), deployment.get("revisionId").asText(),
                target.get("targetSecret").asText());
    }

    static String admin() {
        return VigilInstance.basic("admin", VigilInstance.ADMIN_PASSWORD);
    }

    static String as(String user) {
        return VigilInstance.basic(user, PASSWORD);
    }

    Answer get(String path, String authorization) {
        return vigil.send(vigil.request(path).GET(), authorization);
    }

    Answer post(String path, String json, String authorization) {
        return vigil.send(vigil.request(path).POST(VigilInstance.body(json)).header("Content-Type", "application/json"),
                authorization);
    }

    static JsonNode created(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }
}

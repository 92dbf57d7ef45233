package io.vigil.query;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What http://localhost:8080/ answers until the web UI lands: where the API and its description are.
 * On the query side, so the scaled-out form (proxy routes / to query nodes) answers it too.
 */
@RestController
public class LandingController {

    @GetMapping(path = "/", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> landing() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("service", "Vigil");
        answer.put("ui", "The web UI is not built yet; use the API below (HTTP Basic as admin).");
        answer.put("api", "/api/v1/targets");
        answer.put("agentApi", "/api/agent/v1");
        answer.put("openapi", "/v3/api-docs");
        answer.put("apiBrowser", "/swagger-ui.html");
        answer.put("health", "/actuator/health");
        return answer;
    }
}

package io.vigil.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.ui.VigilInstance.Answer;

/**
 * The jar serves the web UI: the page at / and at every bookmarkable route, its hashed assets cacheable for a
 * year, and a 401 that the browser's own password prompt never answers.
 */
class UiServingTest {

    @TempDir
    Path dataDir;

    @Test
    void servesThePageAtEveryRouteAndItsAssetsWithoutSignIn() {
        try (VigilInstance vigil = VigilInstance.start(dataDir, Clock.systemUTC())) {
            Answer page = vigil.send(vigil.request("/").header("Accept", "text/html").GET(), null);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<div id=\"root\"></div>");
            assertThat(page.raw().headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-cache"));

            for (String route : new String[] {"/targets/t-1/logs?view=agent", "/targets/t-1/metrics", "/alerts", "/audit"}) {
                Answer deep = vigil.send(vigil.request(route).header("Accept", "text/html").GET(), null);
                assertThat(deep.status()).as(route).isEqualTo(200);
                assertThat(deep.body()).as(route).isEqualTo(page.body());
            }

            Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(page.body());
            assertThat(script.find()).as("the page loads its bundle").isTrue();
            Answer asset = vigil.send(vigil.request(script.group(1)).GET(), null);
            assertThat(asset.status()).isEqualTo(200);
            assertThat(asset.raw().headers().firstValue("Cache-Control"))
                    .hasValueSatisfying(v -> assertThat(v).contains("max-age=31536000").contains("immutable"));

            // data is never public: the page is, what it shows is not
            assertThat(vigil.send(vigil.request("/api/v1/targets").GET(), null).status()).isEqualTo(401);
            assertThat(vigil.send(vigil.request("/unknown-page").header("Accept", "text/html").GET(), null).status())
                    .isIn(401, 403, 404);
        }
    }

    @Test
    void aSignInFailureFromTheUiCarriesNoBasicChallengeSoTheBrowserDoesNotPrompt() {
        try (VigilInstance vigil = VigilInstance.start(dataDir, Clock.systemUTC())) {
            Answer fromUi = vigil.send(vigil.request("/api/v1/me").header("X-Requested-With", "XMLHttpRequest").GET(), null);
            assertThat(fromUi.status()).isEqualTo(401);
            assertThat(fromUi.raw().headers().firstValue("WWW-Authenticate")).contains("Session realm=\"Vigil\"");

            Answer wrongPassword = vigil.send(vigil.request("/api/v1/session").header("X-Requested-With", "XMLHttpRequest")
                    .header("Content-Type", "application/json")
                    .POST(VigilInstance.body("{\"name\":\"admin\",\"password\":\"not-it\"}")), null);
            assertThat(wrongPassword.status()).isEqualTo(401);
            assertThat(wrongPassword.raw().headers().firstValue("WWW-Authenticate")).contains("Session realm=\"Vigil\"");

            // scripts keep the standard Basic challenge
            Answer fromScript = vigil.send(vigil.request("/api/v1/me").GET(), null);
            assertThat(fromScript.raw().headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"Vigil\"");
        }
    }
}

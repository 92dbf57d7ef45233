package io.vigil.command.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Target secrets are unguessable, shown once and stored only as a hash that verifies them. */
class TargetSecretsTest {

    @Test
    void secretCarries256RandomBits() {
        String secret = TargetSecrets.generate();

        assertThat(secret).startsWith("vgs_");
        assertThat(Base64.getUrlDecoder().decode(secret.substring("vgs_".length()))).hasSize(32);
    }

    @Test
    void secretIsSafeToPasteIntoAShellCommand() {
        assertThat(TargetSecrets.generate()).matches("vgs_[A-Za-z0-9_-]{43}");
    }

    @Test
    void everySecretIsDistinct() {
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            secrets.add(TargetSecrets.generate());
        }
        assertThat(secrets).hasSize(1000);
    }

    @Test
    void hashOfASecretVerifiesIt() {
        String secret = TargetSecrets.generate();

        assertThat(TargetSecrets.matches(secret, TargetSecrets.hash(secret))).isTrue();
    }

    @Test
    void wrongSecretDoesNotVerify() {
        String hash = TargetSecrets.hash(TargetSecrets.generate());

        assertThat(TargetSecrets.matches(TargetSecrets.generate(), hash)).isFalse();
    }

    @Test
    void secretDifferingInOneCharacterDoesNotVerify() {
        String secret = TargetSecrets.generate();
        String last = secret.substring(secret.length() - 1);
        String tampered = secret.substring(0, secret.length() - 1) + (last.equals("A") ? "B" : "A");

        assertThat(TargetSecrets.matches(tampered, TargetSecrets.hash(secret))).isFalse();
    }

    @Test
    void missingSecretOrHashNeverVerifies() {
        String secret = TargetSecrets.generate();

        assertThat(TargetSecrets.matches(null, TargetSecrets.hash(secret))).isFalse();
        assertThat(TargetSecrets.matches(secret, null)).isFalse();
    }

    @Test
    void storedHashDoesNotRevealTheSecret() {
        String secret = TargetSecrets.generate();
        String hash = TargetSecrets.hash(secret);

        assertThat(hash).isNotEqualTo(secret).doesNotContain(secret.substring("vgs_".length()))
                .matches("[0-9a-f]{64}");
        assertThat(TargetSecrets.matches(hash, hash)).isFalse();
    }

    @Test
    void hashIsStableSoAStoredHashKeepsVerifying() {
        assertThat(TargetSecrets.hash("vgs_example"))
                .isEqualTo(TargetSecrets.hash("vgs_example"))
                .isNotEqualTo(TargetSecrets.hash("vgs_examplf"));
    }
}

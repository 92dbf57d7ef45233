package io.vigil.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The message catalogue, rules and protocol DTOs must stay usable from plain Java (the agent):
 * no Spring, no servlet or validation API, no MongoDB driver in io.vigil.kernel.
 */
class KernelIsFrameworkFreeTest {

    private static final List<String> FORBIDDEN = List.of("import org.springframework", "import jakarta.",
            "import com.mongodb", "import org.bson", "import io.vigil.platform");

    @Test
    void kernelSourcesImportNoFramework() throws IOException {
        Path kernel = Path.of("src/main/java/io/vigil/kernel");
        assertThat(kernel).isDirectory();
        try (Stream<Path> files = Files.walk(kernel)) {
            List<String> offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f).stream()
                                    .filter(line -> FORBIDDEN.stream().anyMatch(line::startsWith))
                                    .map(line -> f + ": " + line);
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    })
                    .toList();
            assertThat(offenders).isEmpty();
        }
    }
}

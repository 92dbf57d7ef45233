package io.vigil.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real, private PostgreSQL for tests: Debian's binaries ({@code /usr/lib/postgresql/<major>/bin}, the
 * highest major found), a fresh cluster under {@code /tmp/vigil-pg-<random>}, listening only on
 * 127.0.0.1 on a free port with its unix socket inside that directory, password auth on loopback and
 * fsync off. One server per test JVM ({@link #shared()}); it is stopped and its directory deleted on
 * {@link #close()} or, at the latest, by a shutdown hook.
 *
 * <p>As root, initdb and pg_ctl run as the {@code postgres} OS user (PostgreSQL refuses root).
 * The binaries come from the {@code postgresql} package, which the test command ({@code ./mvnw -B verify})
 * installs through {@code .ci/ensure-test-packages}.
 */
public final class PostgresServer implements AutoCloseable {

    /** Where Debian puts the server binaries, one directory per major version (a system property may move it). */
    private static final Path DEBIAN_BINARIES = Path.of(System.getProperty("vigil.test.postgresql-root", "/usr/lib/postgresql"));
    private static final String OS_USER = "postgres";
    private static final String SUPERUSER = "postgres";
    private static final String DATABASE = "vigil";
    private static final String USERNAME = "vigil";

    private static PostgresServer shared;

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final Path log;
    private final boolean asRoot;
    private final String superPassword = secret();
    private final String password = secret();
    private final Thread shutdownHook = new Thread(this::stop, "postgres-server-stop");
    private int port;
    private boolean stopped;

    /** The server shared by every test of this JVM, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** A new server of its own; close it when done. */
    public static PostgresServer start() {
        PostgresServer server = new PostgresServer(binaries());
        try {
            server.initAndStart();
            return server;
        } catch (RuntimeException | Error e) {
            server.stop();
            throw e;
        }
    }

    private PostgresServer(Path bin) {
        this.bin = bin;
        this.asRoot = "0".equals(run(List.of("id", "-u"), Path.of("/"), 10).strip());
        try {
            this.dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir", "/tmp")), "vigil-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.data = dir.resolve("data");
        this.log = dir.resolve("postgres.log");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** Creates another database owned by {@link #username()}, for a test that wants a clean one. */
    public String createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name: " + name);
        }
        superuserSql("CREATE DATABASE " + name + " OWNER " + USERNAME);
        return jdbcUrl(name);
    }

    /** Spring Boot arguments that point the event store at this server's default database. */
    public String[] datasourceArgs() {
        return new String[] {
                "--spring.datasource.url=" + jdbcUrl(),
                "--spring.datasource.username=" + username(),
                "--spring.datasource.password=" + password()};
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    // --- start and stop ----------------------------------------------------------------------------

    private static Path binaries() {
        String hint = "PostgreSQL server binaries not found (looked for " + DEBIAN_BINARIES
                + "/<major>/bin/initdb). Run the project's test command `./mvnw -B verify` as root: it installs "
                + "them (Debian package `postgresql`) through .ci/ensure-test-packages before the tests run.";
        if (!Files.isDirectory(DEBIAN_BINARIES)) {
            throw new IllegalStateException(hint);
        }
        try (Stream<Path> majors = Files.list(DEBIAN_BINARIES)) {
            Optional<Path> newest = majors
                    .filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> Files.isExecutable(p.resolve("bin/initdb")) && Files.isExecutable(p.resolve("bin/pg_ctl")))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())));
            return newest.map(p -> p.resolve("bin")).orElseThrow(() -> new IllegalStateException(hint));
        } catch (IOException e) {
            throw new IllegalStateException(hint, e);
        }
    }

    private void initAndStart() {
        Path passwordFile = dir.resolve("superuser.pw");
        write(passwordFile, superPassword + "\n", false);
        if (asRoot) {
            run(List.of("chown", "-R", OS_USER + ":" + OS_USER, dir.toString()), dir, 30);
        }
        pg(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256",
                "-E", "UTF8", "--no-locale", "--no-sync"), 120);
        delete(passwordFile);

        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            port = freePort();
            write(data.resolve("postgresql.auto.conf"), String.join("\n",
                    "listen_addresses = '127.0.0.1'",
                    "port = " + port,
                    "unix_socket_directories = '" + dir + "'",
                    "fsync = off",
                    "synchronous_commit = off",
                    "full_page_writes = off",
                    "max_connections = 100",
                    "logging_collector = off",
                    ""), false);
            try {
                pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(),
                        "-w", "-t", "60", "start"), 90);
                failure = null;
                break;
            } catch (IllegalStateException e) {
                failure = e; // most likely the port was taken in the meantime: try another one
            }
        }
        if (failure != null) {
            throw failure;
        }
        superuserSql("CREATE ROLE " + USERNAME + " LOGIN PASSWORD '" + password + "'");
        superuserSql("CREATE DATABASE " + DATABASE + " OWNER " + USERNAME);
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                try {
                    pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "30",
                            "stop"), 45);
                } catch (RuntimeException e) {
                    pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w",
                            "-t", "30", "stop"), 45);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("PostgresServer: could not stop the server in " + dir + ": " + e.getMessage());
        } finally {
            deleteTree(dir);
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    private void superuserSql(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, superPassword);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL: " + sql.replace(password, "***") + " failed: " + e.getMessage(), e);
        }
    }

    /** Runs a PostgreSQL program, as the postgres OS user when we are root. */
    private String pg(List<String> command, int timeoutSeconds) {
        List<String> full = new ArrayList<>();
        if (asRoot) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(command);
        try {
            return run(full, dir, timeoutSeconds);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + logTail(), e);
        }
    }

    private static String run(List<String> command, Path workingDir, int timeoutSeconds) {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(workingDir.toFile()) // a directory the postgres user may enter
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes(); // pg_ctl's server logs to a file, not here
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\n--- " + log + " ---\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String secret() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static void write(Path file, String text, boolean append) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("PostgresServer: could not delete " + root + ": " + e);
        }
    }
}

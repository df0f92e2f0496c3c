package io.orderlink.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway process of its own: the main class in a separate JVM from the built classes, sharing nothing with
 * the test but the database. Started with {@code env} (ORDERLINK_ROLES, the database URL, keys…); waits until it
 * logs its ports. A port of a role the process does not run is 0.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Pattern UP = Pattern.compile("ingest port (\\d+|none), API port (\\d+|none), metrics port (\\d+)");

    private final String name;
    private final Process process;
    private final int ingestPort;
    private final int apiPort;
    private final int metricsPort;
    private final List<String> log;

    private GatewayProcess(String name, Process process, int[] ports, List<String> log) {
        this.name = name;
        this.process = process;
        this.ingestPort = ports[0];
        this.apiPort = ports[1];
        this.metricsPort = ports[2];
        this.log = log;
    }

    public static GatewayProcess start(String name, Map<String, String> env, List<String> jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "io.orderlink.Main"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.directory(Files.createTempDirectory("orderlink-" + name).toFile());
        Process process = builder.start();
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<int[]> ports = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    log.add(line);
                    Matcher m = UP.matcher(line);
                    if (m.find()) {
                        ports.complete(new int[] {port(m.group(1)), port(m.group(2)), port(m.group(3))});
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
            ports.completeExceptionally(new IllegalStateException(name + " exited before it was up: " + String.join("\n", log)));
        }, "log-" + name);
        reader.setDaemon(true);
        reader.start();
        try {
            return new GatewayProcess(name, process, ports.get(120, TimeUnit.SECONDS), log);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not start: " + String.join("\n", log), e);
        }
    }

    private static int port(String text) {
        return "none".equals(text) ? 0 : Integer.parseInt(text);
    }

    public String name() {
        return name;
    }

    public int ingestPort() {
        return ingestPort;
    }

    public int apiPort() {
        return apiPort;
    }

    public int metricsPort() {
        return metricsPort;
    }

    public List<String> log() {
        return log;
    }

    /** CPU time the process has used so far (user and system, all threads). */
    public Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** SIGKILL: no shutdown hook, no drain; returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, a graceful stop; killed if it takes longer than 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}

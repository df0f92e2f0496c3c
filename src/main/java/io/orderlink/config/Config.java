package io.orderlink.config;


import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The gateway's configuration: {@code conf/orderlink.json} (or the bundled copy), then one environment
 * variable per setting. The variable for {@code ingest.maxInFlight} is {@code ORDERLINK_INGEST_MAX_IN_FLIGHT}.
 * A bad value fails with one line that names the variable and what is wrong.
 */
public record Config(
        Database database,
        Ingest ingest,
        Api api,
        Listener metrics,
        Attribution attribution,
        URI publicUrl,
        Jwt jwt,
        String masterKey,
        boolean allowHttpStores,
        Path home,
        int shutdownGraceSeconds,
        Shopify shopify,
        Registration registration,
        Inbox inbox,
        Set<Role> roles) {

    /** {@code readUrl}, when set, names a streaming replica that the API's list and analytics reads go to. */
    public record Database(String url, String readUrl, int poolSize, int poolWaitQueue, int connectTimeoutMs) {}

    /** Processed and ignored deliveries lose their raw body after {@code retentionDays}; swept every interval. */
    public record Inbox(int retentionDays, int retentionIntervalSeconds) {}

    /** What one process runs ({@code ORDERLINK_ROLES}); every process also serves metrics and health. */
    public enum Role {
        INGEST, ATTRIBUTION, API, REGISTRATION;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Ingest(String host, int port, int maxInFlight, int bodyLimitBytes, int batchMaxRows,
                         int batchMaxDelayMs, int writerQueueLimit, int retryAfterSeconds,
                         int idleTimeoutSeconds, int storeCacheTtlSeconds) {}

    public record Listener(String host, int port) {}

    /** The API listener and its per-token rate limit (a token bucket: a sustained rate and a burst). */
    public record Api(String host, int port, int rateLimitPerSecond, int rateLimitBurst) {}

    /**
     * Token verification: HS256 with {@code secret}, RS256 with the PEM {@code publicKey}, keys from {@code jwksUrl}
     * (fetched at start and again, at most every {@code jwksMinRefreshSeconds}, for an unknown key id).
     */
    public record Jwt(String secret, String issuer, String audience, String publicKey, String jwksUrl,
                      int jwksMinRefreshSeconds) {}

    public record Attribution(int batchSize, int pollIntervalMs, int policyCacheSeconds, String chatSessionKey) {}

    /** {@code adminBaseUrl} is a template: {@code {shop}} becomes the shop's domain. */
    public record Shopify(String adminBaseUrl, String apiVersion) {}

    /** Outbound calls to store platforms; a health-check interval of 0 turns periodic checks off. */
    public record Registration(int connectTimeoutMs, int requestTimeoutMs, int maxRetries, int backoffBaseMs,
                               int backoffMaxMs, int maxInFlight, int maxQueued, int operationTimeoutMs,
                               int healthCheckIntervalSeconds) {}

    /** Thrown for a bad setting; its message is the one line printed at start-up. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    public static Config load(Map<String, String> env) {
        return from(overlay(defaults(env), env), env);
    }

    /** The settings file as JSON: ORDERLINK_CONFIG, else ./conf/orderlink.json, else the copy in the jar. */
    static JsonObject defaults(Map<String, String> env) {
        String explicit = env.get("ORDERLINK_CONFIG");
        Path file = Path.of(explicit != null ? explicit : "conf/orderlink.json");
        try {
            if (Files.isRegularFile(file)) {
                return new JsonObject(Files.readString(file));
            }
            if (explicit != null) {
                throw new Invalid("ORDERLINK_CONFIG: no such file " + file.toAbsolutePath());
            }
            try (InputStream in = Config.class.getResourceAsStream("/conf/orderlink.json")) {
                return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Invalid invalid) {
                throw invalid;
            }
            throw new Invalid("configuration file " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** Replaces every leaf that has an environment variable; the JSON path names the variable. */
    static JsonObject overlay(JsonObject settings, Map<String, String> env) {
        JsonObject copy = settings.copy();
        overlay(copy, "ORDERLINK", env);
        return copy;
    }

    private static void overlay(JsonObject node, String prefix, Map<String, String> env) {
        for (String key : node.fieldNames()) {
            String name = prefix + "_" + snake(key);
            Object value = node.getValue(key);
            if (value instanceof JsonObject child) {
                overlay(child, name, env);
            } else if (env.containsKey(name)) {
                node.put(key, env.get(name));
            }
        }
    }

    static String variable(String path) {
        StringBuilder name = new StringBuilder("ORDERLINK");
        for (String part : path.split("\\.")) {
            name.append('_').append(snake(part));
        }
        return name.toString();
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static Config from(JsonObject s, Map<String, String> env) {
        Settings r = new Settings(s);
        return new Config(
                new Database(r.databaseUrl("database.url"), r.databaseUrl("database.readUrl"), r.integer("database.poolSize", 1, 100),
                        r.integer("database.poolWaitQueue", 1, 100_000), r.integer("database.connectTimeoutMs", 100, 60_000)),
                new Ingest(r.text("ingest.host"), r.port("ingest.port"), r.integer("ingest.maxInFlight", 1, 1_000_000),
                        r.integer("ingest.bodyLimitBytes", 1024, 64 * 1024 * 1024), r.integer("ingest.batchMaxRows", 1, 10_000),
                        r.integer("ingest.batchMaxDelayMs", 0, 1000), r.integer("ingest.writerQueueLimit", 1, 1_000_000),
                        r.integer("ingest.retryAfterSeconds", 1, 3600), r.integer("ingest.idleTimeoutSeconds", 1, 3600),
                        r.integer("ingest.storeCacheTtlSeconds", 1, 86_400)),
                new Api(r.text("api.host"), r.port("api.port"), r.integer("api.rateLimitPerSecond", 1, 1_000_000),
                        r.integer("api.rateLimitBurst", 1, 1_000_000)),
                new Listener(r.text("metrics.host"), r.port("metrics.port")),
                new Attribution(r.integer("attribution.batchSize", 1, 10_000), r.integer("attribution.pollIntervalMs", 10, 600_000),
                        r.integer("attribution.policyCacheSeconds", 0, 3600), r.text("attribution.chatSessionKey")),
                r.httpUrl("publicUrl"),
                new Jwt(r.optional("jwt.secret"), r.optional("jwt.issuer"), r.optional("jwt.audience"),
                        r.optional("jwt.publicKey"), r.optional("jwt.jwksUrl"), r.integer("jwt.jwksMinRefreshSeconds", 0, 86_400)),
                r.optional("masterKey"),
                r.bool("allowHttpStores"),
                Path.of(env.getOrDefault("ORDERLINK_HOME", System.getProperty("user.home") + "/.orderlink")),
                r.integer("shutdownGraceSeconds", 0, 600),
                new Shopify(r.shopifyAdminBaseUrl("shopify.adminBaseUrl", r.bool("allowHttpStores")),
                        r.shopifyApiVersion("shopify.apiVersion")),
                new Registration(r.integer("registration.connectTimeoutMs", 100, 120_000),
                        r.integer("registration.requestTimeoutMs", 100, 300_000), r.integer("registration.maxRetries", 0, 10),
                        r.integer("registration.backoffBaseMs", 1, 60_000), r.integer("registration.backoffMaxMs", 1, 600_000),
                        r.integer("registration.maxInFlight", 1, 1000), r.integer("registration.maxQueued", 0, 1_000_000),
                        r.integer("registration.operationTimeoutMs", 1000, 3_600_000),
                        r.integer("registration.healthCheckIntervalSeconds", 0, 7 * 86_400)),
                new Inbox(r.integer("inbox.retentionDays", 1, 36_500), r.integer("inbox.retentionIntervalSeconds", 1, 7 * 86_400)),
                r.roles("roles"));
    }

    /** Typed reads of dotted paths, each failure naming the variable that sets the path. */
    private record Settings(JsonObject root) {

        Object raw(String path) {
            JsonObject node = root;
            String[] parts = path.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                node = node.getJsonObject(parts[i], new JsonObject());
            }
            return node.getValue(parts[parts.length - 1]);
        }

        String optional(String path) {
            Object v = raw(path);
            return v == null || v.toString().isBlank() ? null : v.toString().trim();
        }

        String text(String path) {
            String v = optional(path);
            if (v == null) {
                throw invalid(path, "must not be empty", "");
            }
            return v;
        }

        int integer(String path, int min, int max) {
            String v = text(path);
            try {
                int n = new java.math.BigDecimal(v).intValueExact();
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (ArithmeticException | NumberFormatException e) {
                // reported below
            }
            throw invalid(path, "must be a whole number from " + min + " to " + max, v);
        }

        boolean bool(String path) {
            String v = text(path);
            if ("true".equalsIgnoreCase(v) || "false".equalsIgnoreCase(v)) {
                return Boolean.parseBoolean(v);
            }
            throw invalid(path, "must be true or false", v);
        }

        int port(String path) {
            String v = text(path);
            try {
                int n = Integer.parseInt(v);
                if (n >= 0 && n <= 65535) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid(path, "must be a port number from 0 to 65535 (0 picks a free port)", v);
        }

        URI httpUrl(String path) {
            String v = text(path);
            try {
                URI uri = new URI(v);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw invalid(path, "must be an http:// or https:// URL with a host", v);
        }

        /** Plain http only when http stores are allowed (local testing against fake platforms). */
        String shopifyAdminBaseUrl(String path, boolean allowHttp) {
            String v = text(path).replaceAll("/+$", "");
            try {
                URI uri = new URI(v.replace("{shop}", "shop.myshopify.com"));
                boolean scheme = "https".equals(uri.getScheme()) || (allowHttp && "http".equals(uri.getScheme()));
                if (scheme && uri.getHost() != null) {
                    return v;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw invalid(path, "must be an https:// URL, {shop} standing for the shop's domain "
                    + "(plain http only with ORDERLINK_ALLOW_HTTP_STORES=true)", v);
        }

        /** A stable Admin API version name, e.g. 2026-01 (releases are quarterly). */
        String shopifyApiVersion(String path) {
            String v = text(path);
            if (v.matches("20\\d\\d-(01|04|07|10)")) {
                return v;
            }
            throw invalid(path, "must be a Shopify API version such as 2026-01", v);
        }

        /** A comma list of role names, at least one, each known. */
        Set<Role> roles(String path) {
            String v = text(path);
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (String name : v.split(",")) {
                Role role = Arrays.stream(Role.values()).filter(r -> r.id().equals(name.trim())).findFirst()
                        .orElseThrow(() -> invalid(path, "must be a comma list of ingest, attribution, api, registration", v));
                roles.add(role);
            }
            return Collections.unmodifiableSet(roles);
        }

        String databaseUrl(String path) {
            String v = optional(path);
            if (v == null) {
                return null;
            }
            try {
                URI uri = new URI(v);
                boolean scheme = "postgresql".equals(uri.getScheme()) || "postgres".equals(uri.getScheme());
                if (scheme && uri.getHost() != null && uri.getPath() != null && uri.getPath().length() > 1) {
                    return v;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            // The value may hold a password: never echo it.
            throw invalid(path, "must look like postgresql://user[:password]@host:port/database", null);
        }

        private static Invalid invalid(String path, String problem, String value) {
            String got = value == null ? "" : ", got '" + value + "'";
            return new Invalid(variable(path) + " (" + path + ") " + problem + got);
        }
    }
}

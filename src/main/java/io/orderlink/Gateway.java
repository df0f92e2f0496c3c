package io.orderlink;

import io.orderlink.config.Config;
import io.orderlink.config.Keys;

import io.orderlink.api.ApiVerticle;
import io.orderlink.crypto.SecretBox;
import io.orderlink.inbox.Inbox;
import io.orderlink.inbox.InboxRetention;
import io.orderlink.ingest.Admission;
import io.orderlink.stores.DeliveryGaps;
import io.orderlink.inbox.CommitWatch;
import io.orderlink.ingest.IngestVerticle;
import io.orderlink.metrics.Metrics;
import io.orderlink.metrics.MetricsVerticle;
import io.orderlink.db.NotificationRelay;
import io.orderlink.registration.RegistrationQueue;
import io.orderlink.orders.TimeRange;
import io.orderlink.registration.RegistrationVerticle;
import io.orderlink.stores.StoreSecrets;
import io.orderlink.tenancy.Tokens;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.orderlink.processing.AttributionVerticle;
import io.orderlink.processing.IngestLoad;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.orderlink.db.Database;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** The verticles of one gateway process, deployed in order, and their actual ports. */
public final class Gateway {

    private final Vertx vertx;
    private final AtomicBoolean deployed = new AtomicBoolean();
    private final List<String> deployments = new ArrayList<>();
    private Admission admission;
    /** Refused WooCommerce deliveries, from ingest to reconciliation. */
    private final DeliveryGaps deliveryGaps = new DeliveryGaps();
    private int ingestPort;
    private int apiPort;
    private int metricsPort;

    private Gateway(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * Deploys the verticles of the configured roles ({@code ORDERLINK_ROLES}) against a migrated database; one
     * ingest instance per event loop. Every process serves metrics and health; ports of absent roles stay closed.
     */
    public static Future<Gateway> start(Vertx vertx, Config config, Database database, Keys keys, int eventLoops, Metrics metrics) {
        Gateway gateway = new Gateway(vertx);
        Set<Config.Role> roles = config.roles();
        StoreSecrets secrets = new StoreSecrets(new SecretBox(keys.masterKey()));
        gateway.admission = new Admission(config.ingest().maxInFlight(), config.ingest().maxBufferedBytes(),
                config.ingest().saturatedInFlight());
        CommitWatch commits = new CommitWatch(config.ingest().ackTimeoutMs());
        MetricsVerticle operations = new MetricsVerticle(config.metrics(), config.api(), database, metrics,
                gateway.deployed::get, commits::stalled);
        nameServers(metrics, config.ingest().port(), config.api().port(), config.metrics().port());
        Map<String, String> signals = signals(roles);
        Future<Void> chain = gateway.deploy(operations)
                .compose(v -> signals.isEmpty() ? Future.succeededFuture() : gateway.deploy(new NotificationRelay(database, signals)));
        if (roles.contains(Config.Role.ATTRIBUTION)) {
            chain = chain.compose(v -> gateway.deploy(new AttributionVerticle(database, config.attribution(),
                            new TimeRange(config.validation().minYear(), config.validation().maxYear()), metrics,
                            new IngestLoad(gateway.admission::saturated, gateway.admission::arrivals,
                                    gateway.admission::takeSlowestAnswer)),
                            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)))
                    .compose(v -> gateway.deploy(new InboxRetention(database, config.inbox().retentionDays(),
                            config.inbox().retentionIntervalSeconds(), metrics::bodiesExpired)));
        }
        if (roles.contains(Config.Role.REGISTRATION)) {
            chain = chain.compose(v -> gateway.deploy(new RegistrationVerticle(config, database, secrets, metrics)))
                    .compose(v -> gateway.deploy(new RegistrationQueue(database, config.registration().operationTimeoutMs())));
        }
        ApiVerticle api = roles.contains(Config.Role.API)
                ? new ApiVerticle(config, database, Tokens.auth(vertx, config.jwt(), keys.jwtSecret()), secrets, metrics::replicaFallback) : null;
        if (api != null) {
            chain = chain.compose(v -> gateway.deploy(api));
        }
        if (roles.contains(Config.Role.INGEST)) {
            chain = chain.compose(v -> gateway.deployIngest(config, database, secrets, commits, eventLoops, metrics));
        }
        return chain.map(v -> {
            gateway.metricsPort = operations.port();
            gateway.apiPort = api == null ? 0 : api.port();
            nameServers(metrics, gateway.ingestPort, gateway.apiPort, gateway.metricsPort);
            gateway.deployed.set(true);
            return gateway;
        });
    }

    /** What this process hears from the others (docs/scaling.md): the channels of its roles, relayed to its verticles. */
    private static Map<String, String> signals(Set<Config.Role> roles) {
        Map<String, String> signals = new HashMap<>();
        if (roles.contains(Config.Role.INGEST)) {
            signals.put(NotificationRelay.STORE_CHANGED, IngestVerticle.STORE_CHANGED);
        }
        if (roles.contains(Config.Role.ATTRIBUTION)) {
            signals.put(NotificationRelay.INBOX_READY, Inbox.READY);
        }
        if (roles.contains(Config.Role.REGISTRATION)) {
            signals.put(NotificationRelay.REGISTRATION_REQUESTED, RegistrationQueue.WAKE);
        }
        return signals;
    }

    /** The {@code server} label of HTTP-server metrics: configured ports before listening, ports picked by the system once bound. */
    private static void nameServers(Metrics metrics, int ingest, int api, int operations) {
        metrics.server("ingest", ingest);
        metrics.server("api", api);
        metrics.server("metrics", operations);
    }

    /** One deployment of {@code instances} ingest verticles: Vert.x shares the listening socket among them. */
    private Future<Void> deployIngest(Config config, Database database, StoreSecrets secrets, CommitWatch commits,
                                      int instances, Metrics metrics) {
        List<IngestVerticle> created = new java.util.concurrent.CopyOnWriteArrayList<>();
        return vertx.deployVerticle(() -> {
                    // Pool names label pool metrics: numbered by instance, so the same across restarts.
                    String poolName = "ingest-" + (created.size() + 1);
                    IngestVerticle verticle = new IngestVerticle(config.ingest(), database, secrets, admission, commits,
                            deliveryGaps, metrics, poolName);
                    created.add(verticle);
                    return verticle;
                }, new DeploymentOptions().setInstances(instances))
                .map(id -> {
                    deployments.add(id);
                    ingestPort = created.get(0).port();
                    return null;
                });
    }

    private Future<Void> deploy(Deployable verticle) {
        return deploy(verticle, new DeploymentOptions());
    }

    private Future<Void> deploy(Deployable verticle, DeploymentOptions options) {
        return vertx.deployVerticle(verticle, options).map(id -> {
            deployments.add(id);
            return null;
        });
    }

    /** Ingest's shared bounds and load across all event loops: slots, buffered bytes, deliveries awaiting answers. */
    public Admission admission() {
        return admission;
    }

    /** The ingest port, or 0 when this process has no ingest role. */
    public int ingestPort() {
        return ingestPort;
    }

    /** The API port, or 0 when this process has no API role. */
    public int apiPort() {
        return apiPort;
    }

    public int metricsPort() {
        return metricsPort;
    }

    /**
     * Undeploys in reverse order, ingest first: its servers stop accepting, in-flight deliveries commit,
     * then the rest stops and the pools close.
     */
    public Future<Void> close() {
        deployed.set(false);
        Future<Void> chain = Future.succeededFuture();
        for (int i = deployments.size() - 1; i >= 0; i--) {
            String id = deployments.get(i);
            chain = chain.eventually(() -> vertx.undeploy(id));
        }
        return chain.onComplete(done -> deployments.clear());
    }
}

package io.orderlink;

import io.orderlink.config.Config;
import io.orderlink.config.Keys;

import io.orderlink.api.ApiVerticle;
import io.orderlink.crypto.SecretBox;
import io.orderlink.ingest.Admission;
import io.orderlink.ingest.IngestVerticle;
import io.orderlink.ingest.StoreChangeListener;
import io.orderlink.metrics.Metrics;
import io.orderlink.metrics.MetricsVerticle;
import io.orderlink.registration.RegistrationVerticle;
import io.orderlink.stores.StoreSecrets;
import io.orderlink.tenancy.Tokens;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.orderlink.processing.AttributionVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.orderlink.db.Database;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** The verticles of one gateway process, deployed in order, and their actual ports. */
public final class Gateway {

    private final Vertx vertx;
    private final AtomicBoolean deployed = new AtomicBoolean();
    private final List<String> deployments = new ArrayList<>();
    private Admission admission;
    private int ingestPort;
    private int apiPort;
    private int metricsPort;

    private Gateway(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Deploys every verticle against a migrated database; one ingest instance per event loop. */
    public static Future<Gateway> start(Vertx vertx, Config config, Database database, Keys keys, int eventLoops, Metrics metrics) {
        Gateway gateway = new Gateway(vertx);
        StoreSecrets secrets = new StoreSecrets(new SecretBox(keys.masterKey()));
        JWTAuth auth = Tokens.auth(vertx, config.jwt(), keys.jwtSecret());
        MetricsVerticle operations = new MetricsVerticle(config.metrics(), database, metrics, gateway.deployed::get);
        ApiVerticle api = new ApiVerticle(config, database, auth, secrets);
        return gateway.deploy(new StoreChangeListener(database))
                .compose(v -> gateway.deploy(operations))
                .compose(v -> gateway.deploy(new AttributionVerticle(database, config.attribution(), metrics),
                        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)))
                .compose(v -> gateway.deploy(new RegistrationVerticle(config, database, secrets, metrics)))
                .compose(v -> gateway.deploy(api))
                .compose(v -> gateway.deployIngest(config, database, secrets, eventLoops, metrics))
                .map(v -> {
                    gateway.metricsPort = operations.port();
                    gateway.apiPort = api.port();
                    gateway.deployed.set(true);
                    return gateway;
                });
    }

    /** One deployment of {@code instances} ingest verticles: Vert.x shares the listening socket among them. */
    private Future<Void> deployIngest(Config config, Database database, StoreSecrets secrets, int instances, Metrics metrics) {
        List<IngestVerticle> created = new java.util.concurrent.CopyOnWriteArrayList<>();
        admission = new Admission(config.ingest().maxInFlight());
        return vertx.deployVerticle(() -> {
                    IngestVerticle verticle = new IngestVerticle(config.ingest(), database, secrets, admission, metrics);
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

    /** Deliveries in flight right now, across all event loops. */
    public Admission admission() {
        return admission;
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

package io.orderlink.registration;

import io.orderlink.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Brings a store's webhooks on its platform in line with the wanted rows, or only looks.
 *
 * <p>Secrets (WooCommerce): a new secret is stored, sealed, as the row's pending secret <em>before</em> the
 * platform is asked to use it, so a delivery racing the change verifies. When the platform confirms, it
 * becomes the row's secret and the old one is dropped. When the platform definitely did not apply it, the
 * pending secret is dropped again (rollback). When the outcome is unknown (timeout, 5xx), both stay accepted
 * and the next repair re-sends the same pending secret, which settles which one the store has.
 */
final class WebhookSync {

    /**
     * CHECK only looks; REPAIR re-creates missing and replaces disabled webhooks; REGISTER also re-activates
     * paused ones, resolves unknown secrets and removes duplicates.
     */
    enum Mode { CHECK, REPAIR, REGISTER }

    /** What a run found or did; {@code repairs} counts webhooks re-created or re-enabled. */
    record Outcome(String status, String message, int repairs, List<WebhookRow> webhooks) {
        JsonObject toJson() {
            JsonArray topics = new JsonArray();
            webhooks.forEach(w -> topics.add(w.toJson()));
            return new JsonObject().put("status", status).put("message", message).put("repairs", repairs).put("topics", topics);
        }

        /** A problem with a webhook that is wanted; a store with none wanted is not failing. */
        boolean failing() {
            return !("active".equals(status) || "paused".equals(status)) && !webhooks.isEmpty();
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSync.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Worst first: the store's status is its worst webhook's. */
    private static final List<String> SEVERITY = List.of("error", "missing", "disabled", "paused", "active");

    private final RegistrationStore db;
    private final Metrics metrics;

    WebhookSync(RegistrationStore db, Metrics metrics) {
        this.db = db;
        this.metrics = metrics;
    }

    Future<Outcome> run(PlatformApi api, StoreAccess store, Mode mode) {
        Future<Void> wanted = mode == Mode.REGISTER ? db.want(store, api.address(), api.topics()) : Future.succeededFuture();
        return wanted.compose(v -> db.rows(store)).compose(rows -> api.list(store)
                .transform(listed -> listed.succeeded() ? align(api, store, rows, listed.result(), mode)
                        : unreachable(store, rows, listed.cause())))
                .compose(outcome -> db.health(store, outcome.status(), outcome.message(), outcome.failing()).map(outcome));
    }

    /** Removes every webhook of ours on the platform, then forgets the rows whose webhook is gone there. */
    Future<Outcome> remove(PlatformApi api, StoreAccess store) {
        return db.rows(store).compose(rows -> api.list(store)
                .transform(listed -> listed.succeeded() ? removeListed(api, store, rows, listed.result())
                        : unreachable(store, rows, listed.cause())))
                .compose(outcome -> db.health(store, outcome.status(), outcome.message(), "error".equals(outcome.status()))
                        .map(outcome));
    }

    private Future<Outcome> removeListed(PlatformApi api, StoreAccess store, List<WebhookRow> rows, List<RemoteWebhook> remote) {
        Map<WebhookRow, RemoteWebhook> matched = match(api, rows, remote);
        List<Future<WebhookRow>> deletions = new ArrayList<>();
        for (WebhookRow row : rows) {
            RemoteWebhook webhook = matched.get(row);
            WebhookRow gone = row.failed("missing", "removed");
            deletions.add(webhook == null ? Future.succeededFuture(gone)
                    : deleteRemote(api, store, webhook, "removed").map(gone)
                            .recover(e -> db.save(store, row.failed("error", message(e)))));
        }
        for (RemoteWebhook extra : extras(api, remote, matched.values())) {
            deletions.add(deleteRemote(api, store, extra, "removed").<WebhookRow>map(v -> null)
                    .recover(e -> Future.succeededFuture(null)));
        }
        return Future.join(deletions).transform(done -> {
            List<WebhookRow> result = new ArrayList<>();
            List<String> forgotten = new ArrayList<>();
            for (Future<WebhookRow> deletion : deletions) {
                if (deletion.failed()) {
                    return Future.failedFuture(deletion.cause());
                }
                WebhookRow row = deletion.result();
                if (row != null) {
                    result.add(row);
                    if ("missing".equals(row.status())) {
                        forgotten.add(row.topic());
                    }
                }
            }
            return db.forget(store, forgotten).map(v -> forgotten.size() == result.size()
                    ? new Outcome("missing", "webhooks removed", 0, result) : summary(result, 0, null));
        });
    }

    private Future<Outcome> align(PlatformApi api, StoreAccess store, List<WebhookRow> rows, List<RemoteWebhook> remote,
                                  Mode mode) {
        Map<WebhookRow, RemoteWebhook> matched = match(api, rows, remote);
        List<Future<Change>> changes = new ArrayList<>();
        for (WebhookRow row : rows) {
            changes.add(topic(api, store, row, matched.get(row), mode));
        }
        if (mode == Mode.REGISTER) {
            for (RemoteWebhook duplicate : extras(api, remote, matched.values())) {
                changes.add(deleteRemote(api, store, duplicate, "duplicate of a registered webhook")
                        .map(v -> (Change) null).recover(e -> Future.succeededFuture(null)));
            }
        }
        return Future.join(changes).transform(done -> {
            List<WebhookRow> result = new ArrayList<>();
            int repairs = 0;
            for (Future<Change> change : changes) {
                if (change.succeeded() && change.result() != null) {
                    result.add(change.result().row());
                    repairs += change.result().repaired() ? 1 : 0;
                } else if (change.failed()) {
                    return Future.failedFuture(change.cause());
                }
            }
            return Future.succeededFuture(summary(result, repairs, rows.isEmpty()
                    ? "no webhooks registered: POST /api/stores/" + store.id() + "/webhooks/register" : null));
        });
    }

    /** A row after this run, and whether a webhook was repaired (re-created or re-enabled) for it. */
    private record Change(WebhookRow row, boolean repaired) {
    }

    private Future<Change> topic(PlatformApi api, StoreAccess store, WebhookRow row, RemoteWebhook remote, Mode mode) {
        boolean perWebhook = api.secretPerWebhook();
        if (remote == null) {
            return mode == Mode.CHECK ? observed(store, row.gone().failed("missing", "not registered on the store"))
                    : create(api, store, row.gone());
        }
        if (mode != Mode.CHECK && "disabled".equals(remote.status())) {
            return replace(api, store, row, remote);
        }
        boolean ownSecret = remote.id().equals(row.remoteId()) && row.secret() != null;
        boolean verifiable = !perWebhook || ownSecret || row.pendingSecret() != null;
        boolean settled = !perWebhook || (ownSecret && row.pendingSecret() == null);
        boolean inactive = mode == Mode.REGISTER ? !"active".equals(remote.status()) : "disabled".equals(remote.status());
        boolean moved = !api.address().equals(remote.address());
        if (mode == Mode.CHECK || (settled && !inactive && !moved)) {
            String problem = moved ? "delivers to " + remote.address() + ", not to this gateway"
                    : verifiable ? null : "signed with a secret Orderlink does not hold: register again";
            return observed(store, problem == null ? row.observed(remote, remote.status(), null)
                    : row.observed(remote, "error", problem));
        }
        return update(api, store, row, remote, settled ? null : secretFor(row));
    }

    /**
     * WooCommerce disables a webhook once its failure count exceeds {@code woocommerce_max_webhook_delivery_failures}
     * (5), and only a successful delivery resets the count ({@code WC_Webhook::failed_delivery}, {@code log_delivery}):
     * one re-enabled through the REST API is disabled again by its next failure. A new webhook starts at zero, so
     * the disabled one is replaced: created afresh (its new secret staged as pending first), then the old one deleted.
     */
    private Future<Change> replace(PlatformApi api, StoreAccess store, WebhookRow row, RemoteWebhook disabled) {
        return create(api, store, row.gone()).compose(change -> disabled.id().equals(change.row().remoteId())
                        || !"active".equals(change.row().status()) ? Future.succeededFuture(change)
                : deleteRemote(api, store, disabled, "replaced: a re-enabled webhook would keep its failure count")
                        .map(change).recover(e -> Future.succeededFuture(change)));
    }

    private Future<Change> observed(StoreAccess store, WebhookRow row) {
        return db.save(store, row).map(saved -> new Change(saved, false));
    }

    /** A webhook that was registered before and is gone (Shopify deletes failing subscriptions) is a repair. */
    private Future<Change> create(PlatformApi api, StoreAccess store, WebhookRow row) {
        boolean repair = row.remoteId() != null;
        String secret = api.secretPerWebhook() ? secretFor(row) : null;
        return stage(store, row, secret)
                .compose(staged -> api.create(store, row.topic(), secret)
                        .compose(remote -> confirm(store, staged, remote, secret, repair ? "re-created" : "created", repair))
                        .recover(failure -> failed(store, row, staged, failure)));
    }

    private Future<Change> update(PlatformApi api, StoreAccess store, WebhookRow row, RemoteWebhook remote, String secret) {
        boolean repair = !"active".equals(remote.status());
        return stage(store, row, secret)
                .compose(staged -> api.update(store, remote, secret)
                        .compose(updated -> confirm(store, staged, updated, secret != null ? secret : row.secret(),
                                repair ? "re-enabled" : "updated", repair))
                        .recover(failure -> failed(store, row, staged, failure)));
    }

    private Future<WebhookRow> stage(StoreAccess store, WebhookRow row, String secret) {
        return secret == null || secret.equals(row.pendingSecret()) ? Future.succeededFuture(row)
                : db.save(store, row.withPending(secret));
    }

    private Future<Change> confirm(StoreAccess store, WebhookRow staged, RemoteWebhook remote, String secret,
                                   String action, boolean repair) {
        if (repair) {
            metrics.repaired(store.platform());
            LOG.info("Repaired {} on {}: {}", staged.topic(), store, action);
        }
        return db.save(store, staged.confirmed(remote, secret))
                .compose(saved -> db.event(store, saved.topic(), action, saved.remoteId(), null).map(new Change(saved, repair)));
    }

    /**
     * Definitely not applied: the row returns to what it was (a pending secret staged by this run is dropped;
     * one from an earlier unknown outcome stays). Unknown: the staged secret stays accepted.
     */
    private Future<Change> failed(StoreAccess store, WebhookRow before, WebhookRow staged, Throwable failure) {
        if (!(failure instanceof PlatformException platform)) {
            return Future.failedFuture(failure);
        }
        String note = platform.definite() ? platform.getMessage()
                : platform.getMessage() + "; outcome unknown, the next check settles it";
        WebhookRow kept = platform.definite() ? before : staged;
        LOG.warn("Webhook {} on {} not changed: {}", before.topic(), store, note);
        return db.save(store, kept.failed("error", note)).map(saved -> new Change(saved, false));
    }

    private Future<Void> deleteRemote(PlatformApi api, StoreAccess store, RemoteWebhook webhook, String why) {
        return api.delete(store, webhook)
                .compose(v -> db.event(store, webhook.topic(), "deleted", webhook.id(), why))
                .onFailure(e -> LOG.warn("Could not delete webhook {} ({}) on {}: {}", webhook.id(), webhook.topic(), store,
                        message(e)));
    }

    /** The platform could not be listed: nothing is known about any webhook. */
    private Future<Outcome> unreachable(StoreAccess store, List<WebhookRow> rows, Throwable failure) {
        if (!(failure instanceof PlatformException)) {
            return Future.failedFuture(failure);
        }
        LOG.warn("Cannot check webhooks of {}: {}", store, failure.getMessage());
        List<WebhookRow> result = new ArrayList<>();
        rows.forEach(row -> result.add(row.failed("error", failure.getMessage())));
        return Future.succeededFuture(new Outcome("error", failure.getMessage(), 0, result));
    }

    private static Outcome summary(List<WebhookRow> rows, int repairs, String emptyMessage) {
        if (rows.isEmpty()) {
            return new Outcome("missing", emptyMessage, repairs, rows);
        }
        String worst = "active";
        StringJoiner problems = new StringJoiner("; ");
        for (WebhookRow row : rows) {
            if (SEVERITY.indexOf(row.status()) < SEVERITY.indexOf(worst)) {
                worst = row.status();
            }
            if (!"active".equals(row.status())) {
                problems.add(row.topic() + " " + row.status() + (row.message() == null ? "" : ": " + row.message()));
            }
        }
        return new Outcome(worst, problems.length() == 0 ? null : problems.toString(), repairs, rows);
    }

    /** A pending secret from an earlier unknown outcome is re-sent; otherwise a fresh one. */
    private static String secretFor(WebhookRow row) {
        return row.pendingSecret() != null ? row.pendingSecret() : newSecret();
    }

    /** 32 random bytes, base64url: nothing WordPress's entity decoding would alter. */
    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String message(Throwable e) {
        return e instanceof PlatformException ? e.getMessage() : e.toString();
    }

    /** Which remote webhook is which row's: the recorded id first, else the same topic at our address. */
    private static Map<WebhookRow, RemoteWebhook> match(PlatformApi api, List<WebhookRow> rows, List<RemoteWebhook> remote) {
        Map<WebhookRow, RemoteWebhook> matched = new HashMap<>();
        Set<String> taken = new HashSet<>();
        for (WebhookRow row : rows) {
            remote.stream().filter(w -> w.id().equals(row.remoteId()) && row.topic().equals(w.topic())).findFirst()
                    .ifPresent(w -> {
                        matched.put(row, w);
                        taken.add(w.id());
                    });
        }
        for (WebhookRow row : rows) {
            if (!matched.containsKey(row)) {
                remote.stream().filter(w -> !taken.contains(w.id()) && row.topic().equals(w.topic())
                        && api.address().equals(w.address())).findFirst().ifPresent(w -> {
                            matched.put(row, w);
                            taken.add(w.id());
                        });
            }
        }
        return matched;
    }

    /** Webhooks of ours (our topics, our address) that no row accounts for. */
    private static List<RemoteWebhook> extras(PlatformApi api, List<RemoteWebhook> remote, Collection<RemoteWebhook> matched) {
        Set<String> ids = new HashSet<>();
        matched.forEach(w -> ids.add(w.id()));
        return remote.stream().filter(w -> !ids.contains(w.id()) && api.topics().contains(w.topic())
                && api.address().equals(w.address())).toList();
    }
}

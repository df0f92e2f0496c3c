package io.orderlink.tenancy;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.function.Function;

/**
 * Runs API work in one transaction scoped to a tenant: the transaction switches to the role
 * {@code orderlink_tenant}, which cannot bypass row-level security, and sets {@code orderlink.org_id}, which
 * the policies read. Both last for that transaction only, so the pooled connection goes back clean.
 */
public final class TenantScope {

    /** {@code set_config('role', …, true)} is {@code SET LOCAL ROLE}; one round trip for both. */
    private static final String SET_TENANT =
            "SELECT set_config('role', 'orderlink_tenant', true), set_config('orderlink.org_id', $1, true)";

    private TenantScope() {
    }

    public static <T> Future<T> run(Pool pool, Tenant tenant, Function<SqlConnection, Future<T>> work) {
        return pool.withTransaction(connection -> connection.preparedQuery(SET_TENANT)
                .execute(Tuple.of(tenant.orgId()))
                .compose(set -> work.apply(connection)));
    }
}

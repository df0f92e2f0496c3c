package io.orderlink.tenancy;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.function.Function;

/**
 * Runs API work in one transaction scoped to a tenant: {@code orderlink.org_id} is set for that
 * transaction only, which the row-level security policies read.
 */
public final class TenantScope {

    private static final String SET_TENANT = "SELECT set_config('orderlink.org_id', $1, true)";

    private TenantScope() {
    }

    public static <T> Future<T> run(Pool pool, Tenant tenant, Function<SqlConnection, Future<T>> work) {
        return pool.withTransaction(connection -> connection.preparedQuery(SET_TENANT)
                .execute(Tuple.of(tenant.orgId()))
                .compose(set -> work.apply(connection)));
    }
}

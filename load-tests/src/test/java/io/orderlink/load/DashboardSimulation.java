package io.orderlink.load;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.Arrays;

/**
 * Dashboard traffic with a JWT against the API port: each user is one dashboard load that GETs every
 * path of {@code -Dpaths} (comma-separated, default {@code /api/stores}) in order.
 */
public class DashboardSimulation extends Simulation {

    {
        String authorization = "Bearer " + Settings.required("token");
        ChainBuilder pageLoad = exec(Arrays.stream(Settings.string("paths", "/api/stores").split(","))
                .map(String::trim)
                .filter(path -> !path.isEmpty())
                .map(path -> exec(http("GET " + path.split("\\?", 2)[0]).get(path)
                        .header("Authorization", authorization)
                        .check(status().is(200))))
                .toList());
        LoadProfile profile = new LoadProfile();

        setUp(profile.population("dashboard", pageLoad))
                .protocols(LoadProfile.protocol(Settings.string("apiUrl", "http://127.0.0.1:8080")))
                .assertions(profile.assertions())
                .maxDuration(profile.maxDuration());
    }
}

package io.orderlink.testing;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian's headless chromium driven through its own chromedriver (apt-get install -y chromium chromium-driver).
 * Both paths are explicit, so Selenium Manager never looks for, or downloads, a browser or a driver.
 */
public final class Chromium implements AutoCloseable {

    private static final Path BROWSER = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A fresh browser with an empty profile. Without chromium the test is skipped, except on CI, where it fails. */
    public static Chromium start() {
        String ci = System.getenv("CI");
        if (!Files.isExecutable(BROWSER) && (ci == null || ci.isBlank())) {
            Assumptions.abort(BROWSER + " is missing, so the browser test is skipped: "
                    + "apt-get install -y chromium chromium-driver (with CI=true a missing browser fails instead)");
        }
        for (Path needed : List.of(BROWSER, DRIVER)) {
            if (!Files.isExecutable(needed)) {
                throw new AssertionError(needed + " is missing: apt-get install -y chromium chromium-driver");
            }
        }
        try {
            Path profile = Files.createTempDirectory("orderlink-chromium");
            ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile()).addArguments(
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--window-size=1280,900", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort().build();
            return new Chromium(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}

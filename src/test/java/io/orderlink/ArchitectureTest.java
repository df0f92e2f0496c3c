package io.orderlink;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of docs/architecture.md ("Packages and layering"), checked over the compiled production classes:
 * each package may use only the packages listed for it, and no set of packages may depend on each other in a
 * circle. A new dependency is a decision: add it here, and to the document, only if it keeps the graph acyclic.
 */
class ArchitectureTest {

    /** Package (under io.orderlink; "" is the composition root) and the io.orderlink packages it may use. */
    static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("crypto", Set.of());
        ALLOWED.put("http", Set.of());
        ALLOWED.put("config", Set.of("crypto"));
        ALLOWED.put("db", Set.of("config"));
        ALLOWED.put("tenancy", Set.of("config", "db"));
        ALLOWED.put("stores", Set.of("config", "crypto", "db"));
        ALLOWED.put("inbox", Set.of("db", "stores"));
        ALLOWED.put("orders", Set.of("db", "inbox", "stores"));
        ALLOWED.put("attribution", Set.of("config", "db", "orders"));
        ALLOWED.put("analytics", Set.of("db", "tenancy", "orders", "attribution"));
        ALLOWED.put("metrics", Set.of("config", "db", "http", "stores", "inbox", "attribution"));
        ALLOWED.put("ingest", Set.of("config", "crypto", "db", "http", "stores", "inbox", "metrics"));
        ALLOWED.put("processing", Set.of("config", "db", "stores", "inbox", "orders", "attribution", "metrics"));
        ALLOWED.put("registration", Set.of("config", "crypto", "db", "tenancy", "stores", "inbox", "metrics"));
        ALLOWED.put("demo", Set.of("config", "crypto", "tenancy", "inbox"));
        ALLOWED.put("api", Set.of("config", "db", "http", "tenancy", "stores", "inbox", "orders", "attribution", "analytics",
                "registration"));
    }

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.orderlink");
    }

    @Test
    void everyPackageUsesOnlyTheLayersBelowIt() {
        for (var entry : ALLOWED.entrySet()) {
            String[] forbidden = ALLOWED.keySet().stream()
                    .filter(other -> !other.equals(entry.getKey()) && !entry.getValue().contains(other))
                    .map(other -> "io.orderlink." + other + "..")
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage("io.orderlink." + entry.getKey() + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                    .because("docs/architecture.md fixes which package may use which")
                    .check(classes);
        }
    }

    @Test
    void onlyTheCompositionRootUsesTheRootPackage() {
        noClasses().that().resideOutsideOfPackage("io.orderlink")
                .should().dependOnClassesThat().resideInAPackage("io.orderlink")
                .because("Main and Gateway wire everything; nothing may reach back into them")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.orderlink.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void everyPackageHasItsPlaceInTheLayering() {
        var unknown = classes.stream().map(c -> c.getPackageName())
                .filter(p -> p.startsWith("io.orderlink."))
                .map(p -> p.substring("io.orderlink.".length()).split("\\.")[0])
                .filter(p -> !ALLOWED.containsKey(p))
                .distinct().toList();
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), unknown,
                "packages missing from ArchitectureTest.ALLOWED and docs/architecture.md");
    }
}

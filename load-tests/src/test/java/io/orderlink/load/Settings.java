package io.orderlink.load;

/** Typed reads of the {@code -Dname=value} system properties that parameterise a run. */
final class Settings {

    private Settings() {
    }

    static String string(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    static String required(String name) {
        String value = string(name, null);
        if (value == null) {
            throw new IllegalArgumentException("missing system property -D" + name + "=...");
        }
        return value;
    }

    static int integer(String name, int fallback) {
        return Integer.parseInt(string(name, Integer.toString(fallback)));
    }

    static double decimal(String name, double fallback) {
        return Double.parseDouble(string(name, Double.toString(fallback)));
    }
}

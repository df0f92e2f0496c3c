package io.orderlink.attribution;

/** How an order was tied to a conversation; {@link #id()} is the stored name. */
public enum AttributionMethod {
    SESSION_MATCH("session_match"),
    TIME_PROXIMITY("time_proximity"),
    EMAIL_MATCH("email_match"),
    NO_MATCH("no_match");

    private final String id;

    AttributionMethod(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The stored names, strongest first. */
    public static java.util.List<String> ids() {
        return java.util.Arrays.stream(values()).map(AttributionMethod::id).toList();
    }
}

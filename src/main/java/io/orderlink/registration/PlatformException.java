package io.orderlink.registration;

/**
 * A platform call that did not succeed. {@link #definite()}: the platform did not apply it (it answered
 * no, or the request never reached it). Otherwise the outcome is unknown (timeout, 5xx): the change may
 * have been applied. Messages are shown to users and logged, so they never carry credentials.
 */
final class PlatformException extends RuntimeException {

    private final boolean definite;

    private PlatformException(String message, boolean definite) {
        super(message, null, false, false);
        this.definite = definite;
    }

    /** The platform refused, or was never reached: nothing changed there. */
    static PlatformException notApplied(String message) {
        return new PlatformException(message, true);
    }

    /** The request may or may not have been applied. */
    static PlatformException unknown(String message) {
        return new PlatformException(message, false);
    }

    boolean definite() {
        return definite;
    }
}

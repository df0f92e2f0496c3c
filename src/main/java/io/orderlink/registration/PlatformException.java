package io.orderlink.registration;

/**
 * A platform call that did not succeed. {@link #definite()}: the platform did not apply it (it answered
 * no, or the request never reached it). Otherwise the outcome is unknown (timeout, 5xx): the change may
 * have been applied. {@link #credentialsRefused()}: the platform answered that the store's credentials are not
 * valid there (401 or 403). Messages are shown to users and logged, so they never carry credentials.
 */
final class PlatformException extends RuntimeException {

    private final boolean definite;
    private final boolean credentialsRefused;

    private PlatformException(String message, boolean definite, boolean credentialsRefused) {
        super(message, null, false, false);
        this.definite = definite;
        this.credentialsRefused = credentialsRefused;
    }

    /** The platform refused, or was never reached: nothing changed there. */
    static PlatformException notApplied(String message) {
        return new PlatformException(message, true, false);
    }

    /** The platform refused the credentials themselves: nothing changed there, and nothing will until they change. */
    static PlatformException refusedCredentials(String message) {
        return new PlatformException(message, true, true);
    }

    /** The request may or may not have been applied. */
    static PlatformException unknown(String message) {
        return new PlatformException(message, false, false);
    }

    boolean definite() {
        return definite;
    }

    boolean credentialsRefused() {
        return credentialsRefused;
    }
}

package io.orderlink.registration;

import io.vertx.core.eventbus.ReplyException;

/**
 * Why a registration request has no outcome, the same on both transports: on the wire the failure code
 * ({@link Reason#code}) and message of a {@link ReplyException}; a timeout or a missing worker is reported by
 * the transport itself.
 */
public final class RegistrationFailure extends RuntimeException {

    public enum Reason {
        /** The request is malformed. */
        INVALID(400),
        /** No such store for this tenant. */
        NOT_FOUND(404),
        /** The store cannot be worked on: disconnected, or a plain http URL that is not allowed. */
        STORE_UNAVAILABLE(409),
        /** The platform answered that the credentials are not the claimed store's: ownership is not proven. */
        NOT_PROVEN(422),
        /** The platform refused or failed. */
        PLATFORM(502),
        /** A fault of ours; the message says no more. */
        INTERNAL(500),
        /** No worker answered in time; the operation may still run. */
        TIMEOUT(504),
        /** No process serves registration requests. */
        NO_WORKER(503);

        public final int code;

        Reason(int code) {
            this.code = code;
        }

        static Reason ofCode(int code) {
            for (Reason reason : values()) {
                if (reason.code == code) {
                    return reason;
                }
            }
            return INTERNAL;
        }
    }

    private final Reason reason;

    public RegistrationFailure(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** What the worker answers for {@code failure}: a refusal as it is, anything else as an internal error. */
    static RegistrationFailure of(Throwable failure) {
        return failure instanceof RegistrationFailure refusal ? refusal : new RegistrationFailure(Reason.INTERNAL, "internal error");
    }

    /** What the requester sees for a failed request; a failure that is not a reply passes through. */
    static Throwable fromReply(Throwable failure) {
        if (!(failure instanceof ReplyException reply)) {
            return failure;
        }
        return switch (reply.failureType()) {
            case TIMEOUT -> new RegistrationFailure(Reason.TIMEOUT, reply.getMessage());
            case NO_HANDLERS -> new RegistrationFailure(Reason.NO_WORKER, reply.getMessage());
            default -> new RegistrationFailure(Reason.ofCode(reply.failureCode()), reply.getMessage());
        };
    }
}

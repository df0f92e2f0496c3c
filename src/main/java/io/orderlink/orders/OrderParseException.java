package io.orderlink.orders;

/** A webhook body that is not a usable order; the message names the offending field and is safe to store. */
public class OrderParseException extends Exception {

    private static final long serialVersionUID = 1L;

    public OrderParseException(String message) {
        super(message);
    }

    public OrderParseException(String message, Throwable cause) {
        super(message, cause);
    }
}

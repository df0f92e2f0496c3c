package io.orderlink.registration;

/**
 * A webhook as the platform reports it. {@code topic} is the delivery topic ({@code orders/create},
 * {@code order.created}); {@code status} is {@code active}, {@code paused} or {@code disabled}.
 */
record RemoteWebhook(String id, String topic, String address, String status) {
}

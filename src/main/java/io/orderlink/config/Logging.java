package io.orderlink.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

/**
 * Applies the validated log settings to Logback, which starts from {@code logback.xml} (text at INFO): the level, and
 * for {@code json} one object per line whose {@code kvpList} carries the key-value arguments of the line
 * (organization, store, delivery id, route...).
 */
public final class Logging {

    /** The appender {@code logback.xml} attaches to the root logger. */
    static final String APPENDER = "console";

    private Logging() {
    }

    public static void apply(Config.Log log) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.valueOf(log.level()));
        if ("json".equals(log.format()) && root.getAppender(APPENDER) instanceof OutputStreamAppender<ILoggingEvent> console) {
            console.stop();
            console.setEncoder(jsonEncoder(context));
            console.start();
        }
    }

    /** One JSON object per line: time, level, thread, logger, key-value fields, the formatted message, the error. */
    public static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }
}

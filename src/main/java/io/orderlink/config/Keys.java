package io.orderlink.config;

import io.orderlink.crypto.MasterKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Base64;

/**
 * The master key that seals store secrets and the JWT signing secret: from configuration, or in local mode
 * generated once into files under ORDERLINK_HOME (outside the repository), with a warning. Blocking: start-up only.
 */
public record Keys(byte[] masterKey, String jwtSecret) {

    private static final Logger LOG = LoggerFactory.getLogger(Keys.class);
    private static final int MIN_JWT_SECRET = 16;

    public static Keys resolve(Config config) {
        return new Keys(masterKey(config), jwtSecret(config));
    }

    private static byte[] masterKey(Config config) {
        if (config.masterKey() != null) {
            try {
                return MasterKey.fromBase64(config.masterKey());
            } catch (IllegalArgumentException e) {
                throw new Config.Invalid(e.getMessage());
            }
        }
        Path file = config.home().resolve("master.key");
        LOG.warn("ORDERLINK_MASTER_KEY is not set: store secrets are sealed with the local key in {} (set it in production)", file);
        return MasterKey.loadOrCreate(file);
    }

    /** The HS256 secret: configured, or local; none when tokens are verified by a public key or JWKS only. */
    private static String jwtSecret(Config config) {
        String secret = config.jwt().secret();
        if (secret == null && !config.jwt().needsLocalSecret()) {
            return null;
        }
        if (secret != null) {
            if (secret.length() < MIN_JWT_SECRET) {
                throw new Config.Invalid("ORDERLINK_JWT_SECRET (jwt.secret) must be at least " + MIN_JWT_SECRET + " characters");
            }
            return secret;
        }
        Path file = config.home().resolve("jwt.secret");
        LOG.warn("ORDERLINK_JWT_SECRET is not set: tokens are signed with the local secret in {} (set it in production)", file);
        return Base64.getEncoder().encodeToString(MasterKey.loadOrCreate(file, "JWT signing secret", "ORDERLINK_JWT_SECRET"));
    }
}

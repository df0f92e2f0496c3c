package io.orderlink.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttributionSettingsTest {

    @Test
    void defaultsAreSectionSix() {
        AttributionSettings d = AttributionSettings.DEFAULTS;

        assertEquals(Duration.ofDays(7), d.sessionIdWindow());
        assertEquals(new BigDecimal("0.95"), d.sessionIdConfidence());
        assertEquals(Duration.ofMinutes(30), d.sessionHighWindow());
        assertEquals(Duration.ofHours(1), d.sessionWindow());
        assertEquals(Duration.ofHours(24), d.proximityWindow());
        assertEquals(5, d.messageCountThreshold());
        assertEquals(new BigDecimal("0.03"), d.priceCheckBoost());
        assertEquals(new BigDecimal("0.90"), d.proximityCap());
        assertEquals(Duration.ofDays(3), d.emailHighWindow());
        assertEquals(new BigDecimal("0.50"), d.emailConfidence());
    }

    @Test
    void nullAndEmptyObjectGiveTheDefaults() {
        assertSame(AttributionSettings.DEFAULTS, AttributionSettings.fromJson(null));
        assertEquals(AttributionSettings.DEFAULTS, AttributionSettings.fromJson("{}"));
    }

    @Test
    void aSubsetOverridesOnlyItsFields() {
        AttributionSettings settings = AttributionSettings.fromJson(
                "{\"sessionHighWindow\":\"PT15M\",\"emailConfidence\":0.4,\"messageCountThreshold\":3}");

        assertEquals(Duration.ofMinutes(15), settings.sessionHighWindow());
        assertEquals(new BigDecimal("0.40"), settings.emailConfidence());
        assertEquals(3, settings.messageCountThreshold());
        assertEquals(AttributionSettings.DEFAULTS.sessionWindow(), settings.sessionWindow());
        assertEquals(AttributionSettings.DEFAULTS.proximityCap(), settings.proximityCap());
    }

    @Test
    void toJsonRoundTrips() {
        AttributionSettings custom = AttributionSettings.fromJson("{\"emailWindow\":\"P10D\",\"priceCheckBoost\":0.07}");

        assertEquals(AttributionSettings.DEFAULTS, AttributionSettings.fromJson(AttributionSettings.DEFAULTS.toJson()));
        assertEquals(custom, AttributionSettings.fromJson(custom.toJson()));
        assertTrue(custom.toJson().contains("\"emailWindow\":\"PT240H\""), custom.toJson());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"colour\":1}                          | Unknown attribution setting: colour",
        "{\"sessionWindow\":60}                  | sessionWindow has the wrong type",
        "{\"sessionWindow\":null}                | sessionWindow has the wrong type",
        "{\"sessionWindow\":\"60 minutes\"}      | sessionWindow must be an ISO-8601 duration",
        "{\"emailConfidence\":\"0.5\"}           | emailConfidence has the wrong type",
        "{\"emailConfidence\":1.5}               | emailConfidence must be between 0 and 1",
        "{\"priceCheckBoost\":-0.01}             | priceCheckBoost must be between 0 and 1",
        "{\"sessionHighConfidence\":0.955}       | sessionHighConfidence must have at most two decimals",
        "{\"messageCountThreshold\":2.5}         | messageCountThreshold has the wrong type",
        "{\"messageCountThreshold\":-1}          | messageCountThreshold must not be negative",
        "{\"sessionIdWindow\":\"-PT1H\"}         | sessionIdWindow must be a positive duration",
        "{\"proximityMidWindow\":\"PT5H\"}       | proximityMidWindow (PT5H) must not be shorter than proximityHighWindow (PT6H)",
        "{\"emailHighWindow\":\"PT12H\"}         | emailHighWindow (PT12H) must not be shorter than proximityWindow (PT24H)",
        "[]                                      | Attribution settings must be a JSON object",
        "{nope                                   | Attribution settings are not valid JSON"})
    void invalidSettingsNameTheField(String json, String messageStart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AttributionSettings.fromJson(json));
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
    }
}

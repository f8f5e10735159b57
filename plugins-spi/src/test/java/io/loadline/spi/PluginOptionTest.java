package io.loadline.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The option descriptor and the default option list of a factory. */
class PluginOptionTest {

  @Test
  void aRequiredOptionHasNoDefaultAndAnOptionalOneKeepsItsDefault() {
    PluginOption rate = PluginOption.required("rate", "rate", "The arrival rate.");
    PluginOption timeout = PluginOption.optional("timeout", "duration", "5s", "A timeout.");

    assertTrue(rate.required());
    assertNull(rate.defaultValue());
    assertFalse(timeout.required());
    assertEquals("5s", timeout.defaultValue());
    assertNull(PluginOption.optionalWithoutDefault("seed", "integer", "A seed.").defaultValue());
  }

  @Test
  void aRequiredOptionWithADefaultOrABlankFieldIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new PluginOption("rate", "rate", true, "10/s", "The arrival rate."));
    assertThrows(
        IllegalArgumentException.class, () -> PluginOption.required(" ", "rate", "The rate."));
    assertThrows(IllegalArgumentException.class, () -> PluginOption.required("rate", "", "Rate."));
    assertThrows(IllegalArgumentException.class, () -> PluginOption.required("rate", "rate", null));
  }

  @Test
  void aFactoryThatDeclaresNothingHasNoOptions() {
    RateModelFactory older =
        new RateModelFactory() {
          @Override
          public String id() {
            return "older";
          }

          @Override
          public String description() {
            return "Built before options were declared.";
          }

          @Override
          public ArrivalSchedule create(PluginConfig config) {
            throw new UnsupportedOperationException("never run");
          }
        };

    assertEquals(List.of(), older.options());
  }
}

package io.fleetlearn.device.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.protocol.message.Resources;
import org.junit.jupiter.api.Test;

class EligibilityTest {

  static Resources pi(Double battery, Boolean charging, Double temp, double load) {
    return new Resources(
        200L << 20, 512L << 20, 4, load, null, temp, battery, charging, null, null, 1.0);
  }

  @Test
  void noRulesAlwaysEligible() {
    assertThat(Eligibility.always().check(pi(3.0, false, 90.0, 16))).isEmpty();
  }

  @Test
  void everyFailedRuleIsListedWithTheValueFound() {
    Eligibility rules = new Eligibility(true, 30.0, 70.0, 0.5, 300L << 20);

    assertThat(rules.check(pi(12.0, false, 75.5, 4)))
        .hasValue(
            "not charging (rule: train only while charging); battery 12% is below 30%;"
                + " temperature 75.5 °C is not below 70.0 °C; load 1.00 per CPU is above 0.50"
                + " (rule: train only when idle); 200 MB available is below 300 MB");
  }

  @Test
  void deviceOnMainsWithoutSensorsPassesBatteryAndTemperatureRules() {
    Eligibility rules = new Eligibility(true, 30.0, 70.0, null, null);

    assertThat(rules.check(pi(null, null, null, 0.1))).isEmpty();
  }

  @Test
  void chargingDeviceAboveTheLevelIsEligible() {
    Eligibility rules = new Eligibility(true, 30.0, null, null, null);

    assertThat(rules.check(pi(31.0, true, null, 0.1))).isEmpty();
  }

  @Test
  void nonsensicalRulesAreRefusedWhenConfigured() {
    assertThatThrownBy(() -> new Eligibility(false, 120.0, null, null, null))
        .hasMessageContaining("minBatteryPercent (120.0) must be in [0, 100]");
  }
}

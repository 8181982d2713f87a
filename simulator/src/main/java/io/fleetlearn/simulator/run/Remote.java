package io.fleetlearn.simulator.run;

import io.fleetlearn.protocol.topic.Ids;
import io.fleetlearn.simulator.fleet.Shard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A coordinator and a broker that run elsewhere, instead of the ones a simulation starts itself.
 *
 * @param coordinatorUrl the coordinator's root URL, e.g. {@code http://fleetlearn-coordinator:8080}
 * @param apiToken the coordinator's API token (needed by the shard that creates the training)
 * @param brokerUri where the virtual devices connect: {@code tcp://host:1883} or {@code
 *     ssl://host:8883}
 * @param fleet the coordinator's fleet id ({@code FLEET})
 * @param devicePasswordFile the shared device password the broker accepts; each device logs in with
 *     its device id as user name
 * @param caFile CA certificates to trust for an {@code ssl://} broker
 * @param shard which members of the fleet run in this process
 * @param trainingName the training's name, by which shards other than 0 find it
 * @param waitTimeout how long shard 0 waits for the whole fleet to come online, and the others for
 *     the training to appear
 */
public record Remote(
    String coordinatorUrl,
    Optional<String> apiToken,
    String brokerUri,
    String fleet,
    Path devicePasswordFile,
    Optional<Path> caFile,
    Shard shard,
    String trainingName,
    Duration waitTimeout) {

  public Remote {
    Objects.requireNonNull(coordinatorUrl, "coordinatorUrl");
    Objects.requireNonNull(apiToken, "apiToken");
    Objects.requireNonNull(devicePasswordFile, "devicePasswordFile");
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(shard, "shard");
    Objects.requireNonNull(waitTimeout, "waitTimeout");
    Ids.require("--fleet-id", fleet);
    if (brokerUri == null || !(brokerUri.startsWith("tcp://") || brokerUri.startsWith("ssl://"))) {
      throw new IllegalArgumentException(
          "--broker ('" + brokerUri + "') must be tcp://host:port or ssl://host:port");
    }
    if (brokerUri.startsWith("ssl://") && caFile.isEmpty()) {
      throw new IllegalArgumentException(
          "--broker is ssl:// but --ca-file is not set: the devices need the CA that signed the"
              + " broker's certificate");
    }
    if (trainingName == null || trainingName.isBlank() || trainingName.length() > 100) {
      throw new IllegalArgumentException(
          "--training-name ('" + trainingName + "') must be 1 to 100 characters");
    }
    if (waitTimeout.isNegative() || waitTimeout.isZero()) {
      throw new IllegalArgumentException("--wait-timeout (" + waitTimeout + ") must be positive");
    }
    if (shard.lead() && apiToken.isEmpty()) {
      throw new IllegalArgumentException(
          "shard 0 creates the training and needs the coordinator's API token: pass"
              + " --api-token-file FILE or set FLEETLEARN_API_TOKEN");
    }
  }

  @Override
  public String toString() {
    // The token stays out of logs.
    return "Remote["
        + coordinatorUrl
        + ", broker "
        + brokerUri
        + ", fleet "
        + fleet
        + ", "
        + shard
        + "]";
  }
}

package io.fleetlearn.coordinator.mqtt;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker's authentication and authorization, registered as an in-process HiveMQ
 * extension. A client logs in with a user name and password; its user name becomes its principal
 * (the device id, or the coordinator's user), kept in the connection's attribute store, and every
 * publish and subscription is checked against {@link TopicAcl} for that principal.
 */
final class BrokerSecurity implements ExtensionMain {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerSecurity.class);
  private static final String PRINCIPAL = "fleetlearn.principal";

  private final String coordinatorUser;
  private final byte[] coordinatorPassword;
  private final Optional<String> sharedDevicePassword;
  private final Map<String, String> devicePasswords;
  private final TopicAcl acl;

  BrokerSecurity(
      String coordinatorUser,
      String coordinatorPassword,
      Optional<String> sharedDevicePassword,
      Map<String, String> devicePasswords,
      TopicAcl acl) {
    this.coordinatorUser = coordinatorUser;
    this.coordinatorPassword = coordinatorPassword.getBytes(StandardCharsets.UTF_8);
    this.sharedDevicePassword = sharedDevicePassword;
    this.devicePasswords = Map.copyOf(devicePasswords);
    this.acl = acl;
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    Services.securityRegistry().setAuthenticatorProvider(in -> (SimpleAuthenticator) this::login);
    Services.securityRegistry().setAuthorizerProvider(in -> new Authorizer());
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {}

  private void login(SimpleAuthInput input, SimpleAuthOutput output) {
    Optional<String> user = input.getConnectPacket().getUserName();
    byte[] password =
        input.getConnectPacket().getPassword().map(BrokerSecurity::bytes).orElse(null);
    if (user.isEmpty() || password == null || !passwordMatches(user.get(), password)) {
      LOG.info(
          "refused MQTT login of client {} as {}: bad user name or password",
          input.getClientInformation().getClientId(),
          user.orElse("(anonymous)"));
      output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad credentials");
      return;
    }
    input
        .getConnectionInformation()
        .getConnectionAttributeStore()
        .putAsString(PRINCIPAL, user.get());
    output.authenticateSuccessfully();
  }

  private boolean passwordMatches(String user, byte[] password) {
    if (coordinatorUser.equals(user)) {
      return MessageDigest.isEqual(coordinatorPassword, password);
    }
    Optional<String> expected =
        Optional.ofNullable(devicePasswords.get(user)).or(() -> sharedDevicePassword);
    // Constant-time compare, so timing does not leak how much of a password was right.
    return expected
        .map(p -> MessageDigest.isEqual(p.getBytes(StandardCharsets.UTF_8), password))
        .orElse(false);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }

  private static Optional<String> principal(
      com.hivemq.extension.sdk.api.parameter.ClientBasedInput input) {
    return input.getConnectionInformation().getConnectionAttributeStore().getAsString(PRINCIPAL);
  }

  /** Both authorizers in one object, as HiveMQ's provider hands out one per client. */
  private final class Authorizer implements PublishAuthorizer, SubscriptionAuthorizer {
    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
      String topic = input.getPublishPacket().getTopic();
      Optional<String> who = principal(input);
      if (who.isPresent() && acl.mayPublish(who.get(), topic)) {
        output.authorizeSuccessfully();
      } else {
        LOG.info("refused publish by {} to {}", who.orElse("(unknown)"), topic);
        output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, "not your topic");
      }
    }

    @Override
    public void authorizeSubscribe(
        SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
      String filter = input.getSubscription().getTopicFilter();
      Optional<String> who = principal(input);
      if (who.isPresent() && acl.maySubscribe(who.get(), filter)) {
        output.authorizeSuccessfully();
      } else {
        LOG.info("refused subscription by {} to {}", who.orElse("(unknown)"), filter);
        output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "not your topic");
      }
    }
  }
}

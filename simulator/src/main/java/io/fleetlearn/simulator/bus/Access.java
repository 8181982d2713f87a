package io.fleetlearn.simulator.bus;

/**
 * Who may publish and subscribe where, as the broker's topic rules say; the principal is the user
 * name a client connects with.
 */
public interface Access {
  /** Every client may do everything (a broker in demo mode). */
  Access ALL =
      new Access() {
        @Override
        public boolean mayPublish(String principal, String topic) {
          return true;
        }

        @Override
        public boolean maySubscribe(String principal, String filter) {
          return true;
        }
      };

  /** The rules of two predicates, e.g. the coordinator's {@code TopicAcl} methods. */
  static Access of(
      java.util.function.BiPredicate<String, String> publish,
      java.util.function.BiPredicate<String, String> subscribe) {
    return new Access() {
      @Override
      public boolean mayPublish(String principal, String topic) {
        return publish.test(principal, topic);
      }

      @Override
      public boolean maySubscribe(String principal, String filter) {
        return subscribe.test(principal, filter);
      }
    };
  }

  boolean mayPublish(String principal, String topic);

  boolean maySubscribe(String principal, String filter);
}

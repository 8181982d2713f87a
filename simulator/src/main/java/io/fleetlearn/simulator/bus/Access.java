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

  boolean mayPublish(String principal, String topic);

  boolean maySubscribe(String principal, String filter);
}

package io.fleetlearn.device.train;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Tensor;

/** Small arithmetic on models for the tests. */
final class Models {
  private Models() {}

  static Model plus(Model a, Model b) {
    Model out = a.copy();
    for (int i = 0; i < out.size(); i++) {
      Tensor t = out.tensor(i);
      for (int k = 0; k < t.size(); k++) {
        t.set(k, t.get(k) + b.tensor(i).get(k));
      }
    }
    return out;
  }

  static double norm(Model m) {
    double s = 0;
    for (Tensor t : m.tensors()) {
      for (int k = 0; k < t.size(); k++) {
        s += (double) t.get(k) * t.get(k);
      }
    }
    return Math.sqrt(s);
  }

  static boolean allFinite(Model m) {
    for (Tensor t : m.tensors()) {
      for (int k = 0; k < t.size(); k++) {
        if (!Float.isFinite(t.get(k))) {
          return false;
        }
      }
    }
    return true;
  }

  static int countBelow(Model m, double eps) {
    int c = 0;
    for (Tensor t : m.tensors()) {
      for (int k = 0; k < t.size(); k++) {
        if (Math.abs(t.get(k)) < eps) {
          c++;
        }
      }
    }
    return c;
  }
}

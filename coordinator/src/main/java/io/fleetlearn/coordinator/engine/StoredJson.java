package io.fleetlearn.coordinator.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON for the records the coordinator keeps in its own database. Unlike the strict reader of
 * {@link io.fleetlearn.protocol.message.Messages}, which guards against devices, this one ignores
 * unknown fields: a database written by a newer coordinator stays readable by an older one.
 */
public final class StoredJson {
  private final ObjectMapper mapper =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  public byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /** Reads a stored value; a value that does not parse is a corrupt database, not bad input. */
  public <T> T read(byte[] bytes, Class<T> type) {
    try {
      return mapper.readValue(bytes, type);
    } catch (IOException e) {
      throw new UncheckedIOException("stored " + type.getSimpleName() + " is unreadable", e);
    }
  }
}

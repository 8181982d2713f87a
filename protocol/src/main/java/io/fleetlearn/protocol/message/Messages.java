package io.fleetlearn.protocol.message;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Reads and writes control messages. Reading is strict: a payload over {@link #MAX_BYTES}, invalid
 * JSON, duplicate keys, unknown or missing fields, a fraction where an integer belongs, a value out
 * of range or an oversized string is refused with a {@link ProtocolException} that names the
 * message type and the field.
 */
public final class Messages {
  /** Control messages are small; anything larger is refused before it is parsed. */
  public static final int MAX_BYTES = 16 * 1024;

  private final ObjectMapper mapper;

  public Messages() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxStringLength(4096)
                    .maxNestingDepth(8)
                    .maxNumberLength(40)
                    .build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    this.mapper =
        JsonMapper.builder(factory)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();
  }

  /** Parses an untrusted payload into {@code type}. */
  public <T> T read(byte[] payload, Class<T> type) {
    String name = type.getSimpleName();
    if (payload == null || payload.length == 0) {
      throw new ProtocolException(name + ": the payload is empty");
    }
    if (payload.length > MAX_BYTES) {
      throw new ProtocolException(
          name + ": the payload is " + payload.length + " bytes; the limit is " + MAX_BYTES);
    }
    try {
      T value = mapper.readValue(payload, type);
      if (value == null) {
        throw new ProtocolException(name + ": the payload is JSON null");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw new ProtocolException(
          name
              + ": unknown field '"
              + path(e)
              + "'; known fields are "
              + e.getKnownPropertyIds().stream()
                  .map(Object::toString)
                  .sorted()
                  .collect(Collectors.joining(", ")),
          e);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ProtocolException(name + ": " + cause.getMessage(), e);
    } catch (JsonMappingException e) {
      String at = path(e);
      throw new ProtocolException(
          name + (at.isEmpty() ? "" : ", field '" + at + "'") + ": " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new ProtocolException(name + ": not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ProtocolException(name + ": unreadable payload: " + e.getMessage(), e);
    }
  }

  /** Writes a message as compact UTF-8 JSON. */
  public byte[] write(Object message) {
    try {
      return mapper.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + message.getClass().getSimpleName(), e);
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
  }
}

package io.fleetlearn.device.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which broker certificates to trust: either a trust store file (PKCS12 or JKS) or a PEM file of CA
 * certificates. Host names are checked by the JDK's default TLS rules through Paho.
 *
 * @param file the trust store or CA file
 * @param storePassword the trust store's password, {@code null} for a CA file
 * @param storeType {@code "PKCS12"} or {@code "JKS"}, or {@code null} for a PEM CA file
 */
public record TlsSettings(Path file, char[] storePassword, String storeType) {
  public TlsSettings {
    Objects.requireNonNull(file, "file");
  }

  /** Trust the CA certificates in a PEM (or DER) file. */
  public static TlsSettings caFile(Path pem) {
    return new TlsSettings(pem, null, null);
  }

  /** Trust the certificates in a trust store. */
  public static TlsSettings trustStore(Path store, char[] password, String type) {
    return new TlsSettings(store, password, Objects.requireNonNull(type, "type"));
  }

  /**
   * Builds the socket factory.
   *
   * @throws TransportException naming the file when it cannot be read or holds no certificate
   */
  public SSLSocketFactory socketFactory() {
    try {
      KeyStore trusted;
      if (storeType == null) {
        trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(file)) {
          certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certs.isEmpty()) {
          throw new GeneralSecurityException("no certificate in the file");
        }
        int i = 0;
        for (Certificate c : certs) {
          trusted.setCertificateEntry("ca-" + i++, c);
        }
      } else {
        trusted = KeyStore.getInstance(storeType);
        try (InputStream in = Files.newInputStream(file)) {
          trusted.load(in, storePassword);
        }
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new TransportException(
          "TLS setup",
          TransportException.CLIENT_ERROR,
          "trust file " + file + ": " + e.getMessage(),
          e);
    }
  }
}

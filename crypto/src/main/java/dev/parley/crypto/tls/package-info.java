/**
 * TLS certificate material for the server: self-signed certificates, PEM files and the SHA-256
 * fingerprints that clients pin instead of trusting a CA.
 *
 * <p>Nothing here registers a security provider globally; Bouncy Castle is used through its
 * lightweight and PKIX APIs and the results are plain JDK {@link
 * java.security.cert.X509Certificate} and {@link java.security.PrivateKey} objects.
 */
package dev.parley.crypto.tls;

package dev.distillery.store;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * An OpenID provider for tests, as the EKS or GKE OIDC issuer is to IRSA: it serves a discovery
 * document and its RSA key set, and signs service account tokens (RS256 JWTs) that a real MinIO,
 * configured with {@link #configUrl()}, accepts in STS {@code AssumeRoleWithWebIdentity}.
 */
final class FakeOidcProvider implements AutoCloseable {

    static final String CLIENT_ID = "sts.distillery.dev";
    private static final String KEY_ID = "distillery-test-key";

    private final HttpServer server;
    private final KeyPair keys;

    FakeOidcProvider() throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/openid-configuration", e -> reply(e, discovery()));
        server.createContext("/keys", e -> reply(e, keySet()));
        server.start();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String configUrl() {
        return issuer() + "/.well-known/openid-configuration";
    }

    /** A token for {@code subject} that MinIO maps to its built-in policy {@code policy}. */
    String token(String subject, String policy) throws GeneralSecurityException {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KEY_ID + "\"}";
        String claims =
                String.format(
                        "{\"iss\":\"%s\",\"sub\":\"%s\",\"aud\":\"%s\",\"iat\":%d,\"exp\":%d,"
                                + "\"policy\":\"%s\"}",
                        issuer(), subject, CLIENT_ID, now, now + 3600, policy);
        String signed = base64(utf8(header)) + "." + base64(utf8(claims));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(keys.getPrivate());
        rs256.update(utf8(signed));
        return signed + "." + base64(rs256.sign());
    }

    private String discovery() {
        return String.format(
                "{\"issuer\":\"%1$s\",\"jwks_uri\":\"%1$s/keys\","
                        + "\"authorization_endpoint\":\"%1$s/authorize\","
                        + "\"token_endpoint\":\"%1$s/token\","
                        + "\"response_types_supported\":[\"id_token\"],"
                        + "\"subject_types_supported\":[\"public\"],"
                        + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}",
                issuer());
    }

    private String keySet() {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        return String.format(
                "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"%s\","
                        + "\"n\":\"%s\",\"e\":\"%s\"}]}",
                KEY_ID,
                base64(unsigned(key.getModulus())),
                base64(unsigned(key.getPublicExponent())));
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, String json)
            throws IOException {
        byte[] body = utf8(json);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

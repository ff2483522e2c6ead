package dev.distillery.store;

import io.minio.credentials.Credentials;
import io.minio.credentials.Jwt;
import io.minio.credentials.Provider;
import io.minio.credentials.WebIdentityProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;

/**
 * Temporary credentials from STS {@code AssumeRoleWithWebIdentity}, through the MinIO client's
 * {@link WebIdentityProvider} (which renews them when they expire). The token file is read again at
 * each renewal. Failures become an {@link S3CredentialsException}: transient when STS cannot be
 * reached or answers 5xx, not when it refuses the token or the role.
 */
final class WebIdentityCredentials implements Provider {

    private static final Pattern CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    /** An STS answer other than 2xx, with its error code. */
    static final class StsError extends IOException {
        final int status;

        StsError(int status, String text) {
            super(text);
            this.status = status;
        }
    }

    private final S3Credentials.WebIdentity identity;
    private final WebIdentityProvider sts;

    WebIdentityCredentials(S3Credentials.WebIdentity identity, Duration connectTimeout) {
        this.identity = identity;
        OkHttpClient http =
                new OkHttpClient.Builder()
                        .protocols(List.of(Protocol.HTTP_1_1))
                        .connectTimeout(connectTimeout)
                        .readTimeout(Duration.ofSeconds(30))
                        .addInterceptor(
                                chain -> {
                                    Response response = chain.proceed(chain.request());
                                    if (!response.isSuccessful()) {
                                        String body = response.peekBody(64 * 1024).string();
                                        response.close();
                                        throw new StsError(
                                                response.code(), describe(response, body));
                                    }
                                    return response;
                                })
                        .build();
        this.sts =
                new WebIdentityProvider(
                        this::token,
                        identity.stsEndpoint(),
                        null,
                        null,
                        identity.roleArn(),
                        identity.sessionName(),
                        http);
    }

    @Override
    public Credentials fetch() {
        try {
            return sts.fetch();
        } catch (ProviderException e) {
            StsError refused = find(e, StsError.class);
            IOException io = find(e, IOException.class);
            boolean transientFailure =
                    (refused != null && refused.status >= 500) || (refused == null && io != null);
            String what =
                    refused != null
                            ? (transientFailure ? " failed" : " refused")
                                    + " AssumeRoleWithWebIdentity for "
                                    + identity.describe()
                                    + ": "
                                    + refused.getMessage()
                            : " gave no credentials for "
                                    + identity.describe()
                                    + ": "
                                    + (io != null ? io : e.getMessage());
            // No cause: the MinIO client replaces an exception by its cause when it unwraps it.
            throw new S3CredentialsException(
                    "STS endpoint " + identity.stsEndpoint() + what, transientFailure);
        }
    }

    private Jwt token() {
        try {
            String token = Files.readString(identity.tokenFile(), StandardCharsets.UTF_8).strip();
            return new Jwt(token, 0);
        } catch (IOException e) {
            throw new S3CredentialsException(
                    "cannot read the web identity token file "
                            + identity.tokenFile()
                            + " ("
                            + identity.source()
                            + "): "
                            + e,
                    false);
        }
    }

    private static String describe(Response response, String body) {
        Matcher code = CODE.matcher(body);
        Matcher message = MESSAGE.matcher(body);
        String text =
                "HTTP "
                        + response.code()
                        + (code.find() ? " " + code.group(1) : "")
                        + (message.find() ? ": " + message.group(1) : "");
        text = text.replaceAll("\\s+", " ");
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}

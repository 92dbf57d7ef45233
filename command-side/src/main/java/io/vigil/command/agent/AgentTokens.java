package io.vigil.command.agent;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import io.vigil.platform.VigilProperties;

/**
 * Short-lived agent bearer tokens: {@code targetId.generation.expiry} signed with HMAC-SHA256. The key
 * is created once in MongoDB and shared by every node, so a token from one node works on all. A token
 * names the secret generation it was issued under; the agent API checks that generation against the
 * directory on every request, which is what kills a rotated secret's tokens at once.
 */
@Component
public class AgentTokens {

    private static final String KEY_ID = "agent-token-key";

    private final SecretKeySpec key;
    /** Every request verifies a token: keep one initialised Mac per thread instead of looking one up each time. */
    private final ThreadLocal<Mac> mac = ThreadLocal.withInitial(this::newMac);
    private final Clock clock;
    private final VigilProperties properties;

    public AgentTokens(MongoTemplate mongo, Clock clock, VigilProperties properties) {
        this.clock = clock;
        this.properties = properties;
        byte[] candidate = new byte[32];
        new SecureRandom().nextBytes(candidate);
        Document settings = mongo.getCollection("settings").findOneAndUpdate(Filters.eq("_id", KEY_ID),
                Updates.setOnInsert("key", new Binary(candidate)),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        this.key = new SecretKeySpec(settings.get("key", Binary.class).getData(), "HmacSHA256");
    }

    public record Claims(String targetId, long generation, Instant expiresAt) {}

    public record Issued(String token, Instant expiresAt) {}

    public Issued issue(String targetId, long generation) {
        Instant expiresAt = clock.instant().plus(properties.agent().tokenTtl()).truncatedTo(ChronoUnit.SECONDS);
        String body = encode((targetId + "." + generation + "." + expiresAt.getEpochSecond()).getBytes(StandardCharsets.UTF_8));
        return new Issued("vgt_" + body + "." + encode(sign(body)), expiresAt);
    }

    /** @return the claims of a genuine, unexpired token, or null */
    public Claims verify(String token) {
        if (token == null || !token.startsWith("vgt_")) {
            return null;
        }
        int dot = token.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        String body = token.substring(4, dot);
        try {
            byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(sign(body), signature)) {
                return null;
            }
            String[] parts = new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8).split("\\.");
            if (parts.length != 3) {
                return null;
            }
            Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[2]));
            if (!clock.instant().isBefore(expiresAt)) {
                return null;
            }
            return new Claims(parts[0], Long.parseLong(parts[1]), expiresAt);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] sign(String body) {
        return mac.get().doFinal(body.getBytes(StandardCharsets.US_ASCII));
    }

    private Mac newMac() {
        try {
            Mac instance = Mac.getInstance("HmacSHA256");
            instance.init(key);
            return instance;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

package io.vigil.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.vigil.kernel.access.Role;

/**
 * People, organisations, personal access tokens and web sessions. Passwords are bcrypt-hashed; tokens and
 * session ids are 256 random bits stored only as SHA-256 hashes (a slow hash adds nothing for values that
 * random). Every sign-in path reads by {@code _id}: the user by name, a token or session by its hash.
 * Deleting a user kills its tokens and sessions at once, because each request loads the user again.
 */
@Component
public class Accounts {

    public static final String TOKEN_PREFIX = "vgp_";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Compared against when the user does not exist, so timing does not reveal which names exist. */
    private final String dummyHash;

    private final MongoCollection<Document> users;
    private final MongoCollection<Document> organisations;
    private final MongoCollection<Document> tokens;
    private final MongoCollection<Document> sessions;
    private final PasswordEncoder encoder;
    private final Clock clock;
    private final Duration sessionTimeout;

    public Accounts(MongoTemplate mongo, PasswordEncoder encoder, Clock clock,
                    @Value("${vigil.security.session-timeout:12h}") Duration sessionTimeout) {
        this.users = mongo.getCollection("users");
        this.organisations = mongo.getCollection("organisations");
        this.tokens = mongo.getCollection("access_tokens");
        this.sessions = mongo.getCollection("sessions");
        this.encoder = encoder;
        this.clock = clock;
        this.sessionTimeout = sessionTimeout;
        this.dummyHash = encoder.encode("not-a-password-" + UUID.randomUUID());
    }

    // --- people ----------------------------------------------------------------------------------

    /** @return the person, or null for an unknown name */
    public Person person(String name) {
        if (name == null) {
            return null;
        }
        Document user = users.find(Filters.eq("_id", name)).first();
        return user == null ? null : person(user);
    }

    /** @return the person if the password is theirs, otherwise null (same work either way) */
    public Person authenticate(String name, String password) {
        Document user = name == null ? null : users.find(Filters.eq("_id", name)).first();
        String hash = user == null ? dummyHash : user.getString("passwordHash");
        boolean matches = password != null && encoder.matches(password, hash);
        return user != null && matches ? person(user) : null;
    }

    private static Person person(Document user) {
        List<String> roles = user.getList("roles", String.class, List.of());
        Role role = roles.isEmpty() ? null : Role.of(roles.get(0));
        return new Person(user.getString("_id"), role, user.getString("organisationId"));
    }

    /** @return false when the name is taken */
    public boolean createUser(String name, String password, Role role, String organisationId) {
        try {
            users.insertOne(new Document("_id", name).append("passwordHash", encoder.encode(password))
                    .append("roles", List.of(role.name())).append("organisationId", organisationId)
                    .append("tokens", new Document()).append("createdAt", Date.from(clock.instant())));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Removes the user with its tokens (its sessions die with it: they load the user on every request). */
    public boolean removeUser(String name) {
        Document user = users.findOneAndDelete(Filters.eq("_id", name));
        if (user == null) {
            return false;
        }
        Document owned = user.get("tokens", Document.class);
        if (owned != null && !owned.isEmpty()) {
            List<String> hashes = new ArrayList<>();
            owned.values().forEach(t -> hashes.add(((Document) t).getString("hash")));
            tokens.deleteMany(Filters.in("_id", hashes));
        }
        return true;
    }

    public List<Person> people() {
        List<Person> all = new ArrayList<>();
        users.find().sort(Sorts.ascending("_id")).forEach(u -> all.add(person(u)));
        return all;
    }

    // --- organisations ----------------------------------------------------------------------------

    public record Organisation(String id, String name) {}

    public Organisation createOrganisation(String name) {
        String id = UUID.randomUUID().toString();
        organisations.insertOne(new Document("_id", id).append("name", name)
                .append("createdAt", Date.from(clock.instant())));
        return new Organisation(id, name);
    }

    public Organisation organisation(String id) {
        Document doc = id == null ? null : organisations.find(Filters.eq("_id", id)).first();
        return doc == null ? null : new Organisation(id, doc.getString("name"));
    }

    public List<Organisation> organisations() {
        List<Organisation> all = new ArrayList<>();
        organisations.find().sort(Sorts.ascending("name", "_id"))
                .forEach(d -> all.add(new Organisation(d.getString("_id"), d.getString("name"))));
        return all;
    }

    // --- personal access tokens -------------------------------------------------------------------

    public record IssuedToken(String id, String name, String token, Instant createdAt, Instant expiresAt) {}

    public record TokenInfo(String id, String name, Instant createdAt, Instant expiresAt) {}

    public IssuedToken issueToken(String userName, String name, Duration lifetime) {
        String token = TOKEN_PREFIX + random();
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Instant expiresAt = lifetime == null ? null : now.plus(lifetime);
        String hash = sha256(token);
        tokens.insertOne(new Document("_id", hash).append("tokenId", id).append("user", userName)
                .append("expiresAt", expiresAt == null ? null : Date.from(expiresAt)));
        users.updateOne(Filters.eq("_id", userName), Updates.set("tokens." + id, new Document("hash", hash)
                .append("name", name).append("createdAt", Date.from(now))
                .append("expiresAt", expiresAt == null ? null : Date.from(expiresAt))));
        return new IssuedToken(id, name, token, now, expiresAt);
    }

    public List<TokenInfo> tokensOf(String userName) {
        Document user = users.find(Filters.eq("_id", userName)).first();
        List<TokenInfo> all = new ArrayList<>();
        Document owned = user == null ? null : user.get("tokens", Document.class);
        if (owned != null) {
            owned.forEach((id, value) -> {
                Document t = (Document) value;
                all.add(new TokenInfo(id, t.getString("name"), instant(t.getDate("createdAt")),
                        instant(t.getDate("expiresAt"))));
            });
        }
        return all;
    }

    /** @return false when the user has no token of that id */
    public boolean revokeToken(String userName, String tokenId) {
        Document user = users.find(Filters.eq("_id", userName)).first();
        Document owned = user == null ? null : user.get("tokens", Document.class);
        Document token = owned == null ? null : owned.get(tokenId, Document.class);
        if (token == null) {
            return false;
        }
        tokens.deleteOne(Filters.eq("_id", token.getString("hash")));
        users.updateOne(Filters.eq("_id", userName), Updates.unset("tokens." + tokenId));
        return true;
    }

    /** @return the token's owner if the token is genuine, unrevoked and unexpired, otherwise null */
    public Person byToken(String token) {
        Document doc = tokens.find(Filters.eq("_id", sha256(token))).first();
        if (doc == null) {
            return null;
        }
        Date expiresAt = doc.getDate("expiresAt");
        if (expiresAt != null && !clock.instant().isBefore(expiresAt.toInstant())) {
            return null;
        }
        return person(doc.getString("user"));
    }

    // --- web sessions -----------------------------------------------------------------------------

    public record Session(String id, String csrfToken, Instant expiresAt) {}

    public Session openSession(String userName) {
        String id = random();
        String csrf = random();
        Instant expiresAt = clock.instant().plus(sessionTimeout);
        sessions.insertOne(new Document("_id", sha256(id)).append("user", userName)
                .append("csrfHash", sha256(csrf)).append("expiresAt", Date.from(expiresAt)));
        return new Session(id, csrf, expiresAt);
    }

    public record SessionOwner(Person person, String csrfHash) {}

    /** @return the session's person and CSRF token hash, or null for an unknown or expired session */
    public SessionOwner bySession(String sessionId) {
        Document doc = sessions.find(Filters.eq("_id", sha256(sessionId))).first();
        if (doc == null || !clock.instant().isBefore(doc.getDate("expiresAt").toInstant())) {
            return null;
        }
        Person person = person(doc.getString("user"));
        return person == null ? null : new SessionOwner(person, doc.getString("csrfHash"));
    }

    public void closeSession(String sessionId) {
        sessions.deleteOne(Filters.eq("_id", sha256(sessionId)));
    }

    public static boolean sameHash(String value, String expectedHash) {
        return value != null && expectedHash != null && MessageDigest.isEqual(
                sha256(value).getBytes(StandardCharsets.US_ASCII), expectedHash.getBytes(StandardCharsets.US_ASCII));
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}

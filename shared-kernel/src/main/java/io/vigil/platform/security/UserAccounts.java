package io.vigil.platform.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;

/**
 * People who sign in, kept in the {@code users} collection by user name ({@code _id}), passwords bcrypt-hashed.
 * At start the first admin is created: with {@code VIGIL_ADMIN_PASSWORD} if set (which also resets it),
 * otherwise with a generated password printed once to the console, never to the log.
 */
@Component
public class UserAccounts implements UserDetailsService, ApplicationRunner, Ordered {

    public static final String ADMIN = "admin";
    private static final Logger log = LoggerFactory.getLogger(UserAccounts.class);

    private final MongoTemplate mongo;
    private final PasswordEncoder encoder;
    private final String adminPassword;

    public UserAccounts(MongoTemplate mongo, PasswordEncoder encoder,
                        @Value("${VIGIL_ADMIN_PASSWORD:${vigil.admin-password:}}") String adminPassword) {
        this.mongo = mongo;
        this.encoder = encoder;
        this.adminPassword = adminPassword;
    }

    private MongoCollection<Document> users() {
        return mongo.getCollection("users");
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        Document user = users().find(Filters.eq("_id", username)).first();
        if (user == null) {
            throw new UsernameNotFoundException("no such user");
        }
        List<SimpleGrantedAuthority> roles = user.getList("roles", String.class).stream()
                .map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                .toList();
        return User.withUsername(username).password(user.getString("passwordHash")).authorities(roles).build();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!adminPassword.isBlank()) {
            users().replaceOne(Filters.eq("_id", ADMIN), admin(adminPassword), new ReplaceOptions().upsert(true));
            return;
        }
        if (users().countDocuments(Filters.eq("_id", ADMIN)) > 0) {
            return;
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            users().insertOne(admin(generated));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return; // another node created the admin first and printed its password
            }
            throw e;
        }
        log.info("Created the first admin user 'admin'; its generated password is printed once on the console");
        System.out.println("""

                ================================================================
                 Vigil: first admin user created
                   user:     admin
                   password: %s
                 Shown only this once. Set VIGIL_ADMIN_PASSWORD to choose one.
                ================================================================
                """.formatted(generated));
    }

    private Document admin(String password) {
        return new Document("_id", ADMIN).append("passwordHash", encoder.encode(password))
                .append("roles", List.of("ADMIN"));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}

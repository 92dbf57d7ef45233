package io.vigil.query.access;

import java.util.List;
import java.util.Objects;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.vigil.kernel.access.Role;
import io.vigil.platform.security.Accounts;
import io.vigil.platform.security.Accounts.Organisation;
import io.vigil.platform.security.Accounts.TokenInfo;
import io.vigil.platform.security.Person;
import io.vigil.platform.security.TargetAccess;

/**
 * Who is signed in, their personal access tokens (never the values), and the organisations and users the
 * caller may see: vendor users see all, customer users their own organisation's.
 */
@RestController
@RequestMapping("/api/v1")
public class AccessQueryController {

    private final Accounts accounts;
    private final TargetAccess access;

    public AccessQueryController(Accounts accounts, TargetAccess access) {
        this.accounts = accounts;
        this.access = access;
    }

    public record UserView(String name, Role role, String organisationId) {}

    public record Listing<T>(List<T> items, String nextCursor) {}

    @GetMapping("/me")
    public UserView me() {
        Person who = access.caller();
        return new UserView(who.getName(), who.role(), who.organisationId());
    }

    @GetMapping("/me/tokens")
    public Listing<TokenInfo> tokens() {
        return new Listing<>(accounts.tokensOf(access.caller().getName()), null);
    }

    @GetMapping("/organisations")
    public Listing<Organisation> organisations() {
        Person who = access.caller();
        return new Listing<>(accounts.organisations().stream()
                .filter(o -> who.vendor() || o.id().equals(who.organisationId())).toList(), null);
    }

    @GetMapping("/users")
    public Listing<UserView> users() {
        Person who = access.caller();
        return new Listing<>(accounts.people().stream()
                .filter(p -> who.vendor() || Objects.equals(p.organisationId(), who.organisationId()))
                .map(p -> new UserView(p.name(), p.role(), p.organisationId())).toList(), null);
    }
}

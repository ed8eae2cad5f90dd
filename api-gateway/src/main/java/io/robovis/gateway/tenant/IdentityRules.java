package io.robovis.gateway.tenant;

/**
 * What tenant ids, usernames and passwords must look like, wherever they are set (the bootstrap
 * variables, tenant onboarding): one set of rules. The tenants table checks the same slug.
 */
public final class IdentityRules {

    /** A tenant id: a lower-case slug of 2 to 63 characters. */
    public static final String TENANT_ID = "[a-z0-9][a-z0-9-]{1,62}";

    /** A username: 3 to 64 letters, digits or . _ @ -. */
    public static final String USERNAME = "[A-Za-z0-9][A-Za-z0-9._@-]{2,63}";

    public static final int MIN_PASSWORD = 12;

    /** BCrypt reads 72 bytes: a longer password could not be hashed. */
    public static final int MAX_PASSWORD_BYTES = 72;

    /** Long enough, not blank, short enough for BCrypt. */
    public static boolean acceptablePassword(String password) {
        return password.length() >= MIN_PASSWORD && !password.isBlank() && fitsBcrypt(password);
    }

    /** Whether BCrypt can read the whole password. */
    public static boolean fitsBcrypt(String password) {
        return password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                <= MAX_PASSWORD_BYTES;
    }

    /** A password may not be its owner's username, whatever the case. */
    public static boolean passwordIsUsername(String password, String username) {
        return password != null && username != null && password.equalsIgnoreCase(username);
    }

    private IdentityRules() {}
}
